/**
 * The model worker: one per page, shared by every demo on it. It runs onnxruntime-web (the plain
 * single-threaded wasm build, served by this site) and keeps one session per model URL.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import { readOnnxMetadata } from '@bounded-rationality/core/onnx/read.ts';
import type { Feeds, ModelInfo, Request, Response } from './protocol.ts';
import { download } from './download.ts';

const runtimeUrl = new URL(wasmUrl, self.location.href).href;
ort.env.wasm.wasmPaths = { wasm: runtimeUrl, mjs: new URL(mjsUrl, self.location.href).href };
// One thread: threads need cross-origin isolation, and these models are small.
ort.env.wasm.numThreads = 1;

/**
 * The runtime's wasm binary, fetched as soon as the worker starts, in parallel with the first
 * model, instead of after it (the runtime would only ask for it when the first session is made).
 * Downloading dominates: compiling the bytes takes a fraction of the time.
 */
let runtimeBinary: Promise<ArrayBuffer> | undefined;
function fetchRuntime(): Promise<ArrayBuffer> {
  runtimeBinary ??= fetch(runtimeUrl).then((response) => {
    if (!response.ok) throw new Error(`The model runtime could not be downloaded (HTTP ${response.status}).`);
    return response.arrayBuffer();
  });
  // A failed download is not kept: the next attempt fetches again.
  runtimeBinary.catch(() => (runtimeBinary = undefined));
  return runtimeBinary;
}
void fetchRuntime().catch(() => {});

const sessions = new Map<string, Promise<{ session: ort.InferenceSession; info: ModelInfo }>>();
/** Load requests waiting on each model URL; every one of them hears the download's progress. */
const waiting = new Map<string, Set<number>>();
const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

function session(url: string) {
  let entry = sessions.get(url);
  if (!entry) {
    entry = (async () => {
      const progress = (loaded: number, total: number | null) => {
        for (const id of waiting.get(url) ?? []) post({ type: 'progress', id, loaded, total });
      };
      const [bytes, binary] = await Promise.all([download(url, progress), fetchRuntime()]);
      ort.env.wasm.wasmBinary ??= binary;
      let metadata: Record<string, string>;
      let created: ort.InferenceSession;
      try {
        // Read first: it rejects a truncated or non-model file with a plainer message than the runtime's.
        metadata = readOnnxMetadata(bytes);
        created = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      } catch (error) {
        throw new Error(`The model ${url} is damaged or not an ONNX model (${(error as Error).message}).`, {
          cause: error,
        });
      }
      const info: ModelInfo = {
        inputNames: [...created.inputNames],
        outputNames: [...created.outputNames],
        metadata,
        bytes: bytes.length,
      };
      return { session: created, info };
    })();
    // A failed load is not cached: a retry downloads again.
    entry.catch(() => sessions.delete(url));
    sessions.set(url, entry);
  }
  return entry;
}

async function load(url: string, id: number): Promise<void> {
  const ids = waiting.get(url) ?? new Set();
  waiting.set(url, ids.add(id));
  try {
    const { info } = await session(url);
    post({ type: 'loaded', id, info });
  } finally {
    ids.delete(id);
  }
}

async function run(url: string, id: number, feeds: Feeds): Promise<void> {
  const { session: s } = await session(url);
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
  const work = message.type === 'load' ? load(message.url, message.id) : run(message.url, message.id, message.feeds);
  work.catch((error: unknown) =>
    post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) }),
  );
};
