/**
 * The life of an island's models: load them when the island mounts (islands hydrate as they
 * near the viewport, so this is when the reader is about to see the demo), report progress, and
 * fall into an error state with a retry when it cannot load.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ModelClient, type ModelHandle } from '../../lib/model-runtime/client.ts';

export type ModelStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; percent: number | null }
  | { kind: 'ready'; handles: ModelHandle[] }
  | { kind: 'error'; message: string };

export interface ModelState {
  status: ModelStatus;
  /** Start again after an error. */
  retry: () => void;
  /** Put the island in the error state, e.g. when a run fails after loading. */
  fail: (error: unknown) => void;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The models at `urls`, loaded together; ready when all are, with their handles in the same order.
 * Progress is over the bytes of all of them. The server render (and a page without JavaScript)
 * stays 'idle'.
 */
export function useModels(urls: readonly string[]): ModelState {
  const [status, setStatus] = useState<ModelStatus>({ kind: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const key = urls.join('\n');

  useEffect(() => {
    let cancelled = false;
    // Set once one model has failed: the others' downloads go on reporting progress, which must not
    // take the island from the error state back to loading.
    let failed = false;
    const loaded = urls.map(() => 0);
    const totals: (number | null)[] = urls.map(() => null);
    const progress = () => {
      if (cancelled || failed) return;
      const known = totals.every((t) => t !== null);
      const total = totals.reduce<number>((sum, t) => sum + (t ?? 0), 0);
      const done = loaded.reduce((sum, v) => sum + v, 0);
      setStatus({ kind: 'loading', percent: known && total > 0 ? Math.round((100 * done) / total) : null });
    };
    progress();
    ModelClient.shared()
      .then((client) =>
        Promise.all(
          urls.map((url, i) =>
            client.load(url, (bytes, total) => {
              loaded[i] = bytes;
              totals[i] = total;
              progress();
            }),
          ),
        ),
      )
      .then((handles) => {
        if (!cancelled) setStatus({ kind: 'ready', handles });
      })
      .catch((error: unknown) => {
        failed = true;
        if (!cancelled) setStatus({ kind: 'error', message: errorMessage(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const fail = useCallback((error: unknown) => setStatus({ kind: 'error', message: errorMessage(error) }), []);
  return { status, retry, fail };
}
