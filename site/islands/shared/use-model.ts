/**
 * The life of one model inside an island: load it when the island mounts (islands hydrate as they
 * near the viewport, so this is when the reader is about to see the demo), report progress, and
 * fall into an error state with a retry when it cannot load.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ModelClient, type ModelHandle } from '../../lib/model-runtime/client.ts';

export type ModelStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; percent: number | null }
  | { kind: 'ready'; handle: ModelHandle }
  | { kind: 'error'; message: string };

export interface ModelState {
  status: ModelStatus;
  /** Start again after an error. */
  retry: () => void;
  /** Put the island in the error state, e.g. when a run fails after loading. */
  fail: (error: unknown) => void;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `url` is the model's URL; the server render (and a page without JavaScript) stays 'idle'. */
export function useModel(url: string): ModelState {
  const [status, setStatus] = useState<ModelStatus>({ kind: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setStatus({ kind: 'loading', percent: null });
    ModelClient.shared()
      .then((client) =>
        client.load(url, (loaded, total) => {
          if (!cancelled) setStatus({ kind: 'loading', percent: total ? Math.round((100 * loaded) / total) : null });
        }),
      )
      .then((handle) => {
        if (!cancelled) setStatus({ kind: 'ready', handle });
      })
      .catch((error: unknown) => {
        if (!cancelled) setStatus({ kind: 'error', message: errorMessage(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [url, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const fail = useCallback((error: unknown) => setStatus({ kind: 'error', message: errorMessage(error) }), []);
  return { status, retry, fail };
}
