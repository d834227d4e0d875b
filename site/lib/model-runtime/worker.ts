/**
 * The model worker: one per page, shared by every demo on it. It runs onnxruntime-web (the plain
 * single-threaded wasm build, served by this site) and keeps one session per model URL.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import type { Feeds, ModelInfo, Request, Response } from './protocol.ts';

ort.env.wasm.wasmPaths = {
  wasm: new URL(wasmUrl, self.location.href).href,
  mjs: new URL(mjsUrl, self.location.href).href,
};
// One thread: threads need cross-origin isolation, and these models are small.
ort.env.wasm.numThreads = 1;

const sessions = new Map<string, Promise<{ session: ort.InferenceSession; info: ModelInfo }>>();
const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

/** Download with progress; a missing or non-model file fails with a message a reader can act on. */
async function download(url: string, id: number): Promise<Uint8Array> {
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
    post({ type: 'progress', id, loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

function session(url: string, id: number) {
  let entry = sessions.get(url);
  if (!entry) {
    entry = (async () => {
      const bytes = await download(url, id);
      let created: ort.InferenceSession;
      try {
        created = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      } catch (error) {
        throw new Error(`The model ${url} is damaged or not an ONNX model (${(error as Error).message}).`, {
          cause: error,
        });
      }
      return { session: created, info: { inputNames: [...created.inputNames], outputNames: [...created.outputNames] } };
    })();
    // A failed load is not cached: a retry downloads again.
    entry.catch(() => sessions.delete(url));
    sessions.set(url, entry);
  }
  return entry;
}

async function run(url: string, id: number, feeds: Feeds): Promise<void> {
  const { session: s } = await session(url, id);
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', t.data, t.dims);
  const started = performance.now();
  const results = await s.run(inputs);
  const ms = performance.now() - started;
  const outputs: Feeds = {};
  for (const [name, t] of Object.entries(results)) {
    outputs[name] = { data: t.data as Float32Array, dims: [...t.dims] };
  }
  post(
    { type: 'result', id, outputs, ms },
    Object.values(outputs).map((o) => o.data.buffer),
  );
}

self.onmessage = (event: MessageEvent<Request>) => {
  const message = event.data;
  const work =
    message.type === 'load'
      ? session(message.url, message.id).then(({ info }) => post({ type: 'loaded', id: message.id, info }))
      : run(message.url, message.id, message.feeds);
  work.catch((error: unknown) =>
    post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) }),
  );
};
