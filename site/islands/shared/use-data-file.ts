/**
 * A JSON data file a demo needs beside its models (the style directions of the M2 explorer), with
 * the stages of `useModels`: idle in the server render, loading, ready with the parsed value, or an
 * error that names the file, with a retry. One download per URL per page; a failed load is not kept.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessage } from './use-model.ts';

export type DataStatus<T> =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; message: string };

const loads = new Map<string, Promise<unknown>>();

/** The file at `url`, parsed and checked by `parse` (which throws a reader-facing message). */
async function load<T>(url: string, what: string, parse: (value: unknown, url: string) => T): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`The ${what} ${url} could not be downloaded (${errorMessage(error)}).`, { cause: error });
  }
  if (!response.ok) throw new Error(`The ${what} ${url} could not be downloaded (HTTP ${response.status}).`);
  let value: unknown;
  try {
    value = await response.json();
  } catch {
    throw new Error(`The ${what} ${url} is not JSON.`);
  }
  return parse(value, url);
}

/**
 * `url` loaded once the island mounts: a file, not a data: URL (which the site's CSP keeps fetch
 * from reading), so a post imports it with `?url&no-inline`, since Vite inlines files under 4 KB. `what` names the file in messages ("style file"); `parse`
 * must be a stable function (a module-level one).
 */
export function useDataFile<T>(
  url: string,
  what: string,
  parse: (value: unknown, url: string) => T,
): { status: DataStatus<T>; retry: () => void } {
  const [status, setStatus] = useState<DataStatus<T>>({ kind: 'idle' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setStatus({ kind: 'loading' });
    let loading = loads.get(url) as Promise<T> | undefined;
    if (!loading) {
      loading = load(url, what, parse);
      loads.set(url, loading);
      loading.catch(() => loads.delete(url));
    }
    loading
      .then((value) => !cancelled && setStatus({ kind: 'ready', value }))
      .catch((error: unknown) => !cancelled && setStatus({ kind: 'error', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
  }, [url, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { status, retry };
}
