/**
 * Runs ONNX models in onnxruntime-web under Node, for parity tests: the same runtime and the same
 * WebAssembly build that the browser uses, on one thread.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import type { Feeds, FloatTensor } from '@bounded-rationality/core/models/contracts.ts';

export type { FloatTensor } from '@bounded-rationality/core/models/contracts.ts';

/**
 * Sets onnxruntime-web's global environment before its WebAssembly is loaded (it is loaded once, by
 * the first session; later settings are ignored).
 *
 * In Node, onnxruntime-web imports `./ort-wasm-simd-threaded.mjs` relative to its own module, and that
 * finds the .wasm beside itself through `import.meta.url`. That holds only while the package is
 * loaded from node_modules as it is; a bundler or a test runner that inlines it breaks the relative
 * paths. So both files are resolved through the package's `exports`, as file URLs.
 *
 * One thread: the threaded build would start worker threads, which keep a Node process alive.
 */
function configureOrt(): void {
  const require = createRequire(import.meta.url);
  const url = (file: string) => pathToFileURL(require.resolve(`onnxruntime-web/${file}`)).href;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = { mjs: url('ort-wasm-simd-threaded.mjs'), wasm: url('ort-wasm-simd-threaded.wasm') };
}

/** A session for the model in `bytes` (a .onnx file) on the wasm backend. Release it when done. */
export async function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  configureOrt();
  return ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
}

/** Runs `use` with a session for the model in `bytes`, and releases the session afterwards. */
export async function withSession<T>(
  bytes: Uint8Array,
  use: (session: ort.InferenceSession) => Promise<T>,
): Promise<T> {
  const session = await createSession(bytes);
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}

/** Runs the model on float32 inputs, by input name; returns its outputs by name (all float32). */
export async function runModel(
  session: ort.InferenceSession,
  feeds: Readonly<Record<string, FloatTensor>>,
): Promise<Record<string, FloatTensor>> {
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, { data, dims }] of Object.entries(feeds)) {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new Error(
        `runModel: input "${name}" has ${data.length} values, but dims [${dims.join(', ')}] hold ${size}.`,
      );
    }
    inputs[name] = new ort.Tensor('float32', data, dims);
  }
  const results = await session.run(inputs);
  const outputs: Record<string, FloatTensor> = {};
  for (const [name, tensor] of Object.entries(results)) {
    if (!(tensor.data instanceof Float32Array)) {
      throw new Error(`runModel: output "${name}" is ${tensor.type}, not float32.`);
    }
    outputs[name] = { data: tensor.data, dims: [...tensor.dims] };
  }
  return outputs;
}

/**
 * The session as a run function that splits every feed along its first axis into batches of at
 * most `batch` rows and joins the outputs along theirs: a large request in memory-sized pieces.
 */
export function batchedRun(
  session: ort.InferenceSession,
  batch: number,
): (feeds: Feeds) => Promise<Record<string, FloatTensor>> {
  return async (feeds) => {
    const entries = Object.entries(feeds);
    const rows = entries[0]?.[1].dims[0] ?? 0;
    const parts: Record<string, FloatTensor>[] = [];
    for (let start = 0; start < rows; start += batch) {
      const end = Math.min(rows, start + batch);
      const slice = Object.fromEntries(
        entries.map(([name, { data, dims }]) => {
          if (dims[0] !== rows)
            throw new Error(`batchedRun: input "${name}" has ${dims[0]} rows, the first has ${rows}.`);
          const width = data.length / rows;
          return [name, { data: data.subarray(start * width, end * width), dims: [end - start, ...dims.slice(1)] }];
        }),
      );
      parts.push(await runModel(session, slice));
    }
    const joined: Record<string, FloatTensor> = {};
    for (const name of Object.keys(parts[0] ?? {})) {
      const pieces = parts.map((p) => p[name]!);
      const data = new Float32Array(pieces.reduce((n, p) => n + p.data.length, 0));
      let at = 0;
      for (const p of pieces) {
        data.set(p.data, at);
        at += p.data.length;
      }
      joined[name] = { data, dims: [rows, ...pieces[0]!.dims.slice(1)] };
    }
    return joined;
  };
}

/** max_i |a_i − b_i|; NaN when any difference is NaN. Throws when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} and ${b.length}).`);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}
