/** Downloading a model file with progress, for the worker and for islands that read weights themselves. */

/**
 * The bytes at `url`, reporting (loaded, total) as they arrive; total is null without a
 * Content-Length. A missing file fails with a message a reader can act on.
 */
export async function download(
  url: string,
  onProgress: (loaded: number, total: number | null) => void,
): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The model ${url} could not be downloaded (HTTP ${response.status}).`);
  const total = Number(response.headers.get('content-length')) || null;
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}
