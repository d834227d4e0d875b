/**
 * The SIMD inner loops of the fused kernels (simd.wat), compiled once per process with wabt and
 * instantiated on the wasm backend's own memory, so that they read and write tensors in place.
 */
import { readFileSync } from 'node:fs';
import type { WasmBackend } from '../wasm-heap.ts';

/** The module's exports; every pointer is a byte offset into the backend's memory. */
export interface SimdKernels {
  bernoulli_log_prob(x: number, logits: number, out: number, rows: number, targets: number, d: number): void;
  bernoulli_grad(dy: number, x: number, logits: number, out: number, rows: number, targets: number, d: number): void;
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    out: number,
    n: number,
    step: number,
    beta1: number,
    beta2: number,
    invCorrect2: number,
    eps: number,
  ): void;
  bias_activation(y: number, bias: number, rows: number, n: number, relu: number): void;
  bias_activation_grad(dy: number, y: number, dz: number, db: number, rows: number, n: number, relu: number): void;
}

/** What the wasm backend's Emscripten module exposes of its instance: the memory, among its exports. */
interface EmscriptenModule {
  asm?: { memory?: WebAssembly.Memory };
}

let compiled: Promise<WebAssembly.Module> | undefined;

async function compile(): Promise<WebAssembly.Module> {
  const wabt = await (await import('wabt')).default();
  const source = readFileSync(new URL('./simd.wat', import.meta.url), 'utf8');
  const parsed = wabt.parseWat('simd.wat', source, { simd: true, bulk_memory: true, sat_float_to_int: true });
  try {
    return new WebAssembly.Module(Uint8Array.from(parsed.toBinary({}).buffer));
  } finally {
    parsed.destroy();
  }
}

/** Instantiate the kernels on `backend`'s memory; throws with the reason when they cannot run. */
export async function instantiateSimd(backend: WasmBackend): Promise<SimdKernels> {
  const memory = (backend.wasm as EmscriptenModule).asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('the wasm backend does not expose its memory');
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) {
    throw new Error("the wasm backend's memory is shared (its threaded build), which these kernels do not import");
  }
  compiled ??= compile();
  const instance = await WebAssembly.instantiate(await compiled, { env: { memory } });
  return instance.exports as unknown as SimdKernels;
}
