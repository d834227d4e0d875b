/**
 * A faster matrix product for TensorFlow.js's wasm backend: its BatchMatMul kernel is replaced by
 * one that calls a native BLAS `cblas_sgemm` (OpenBLAS, or Apple's Accelerate) through koffi, an FFI
 * with prebuilt binaries, on views of the wasm heap. The backend allocates the output; BLAS writes
 * it in place. No compiler is involved, and without a BLAS library nothing changes.
 *
 *   BR_BLAS=off          keep the stock wasm kernel
 *   BR_BLAS_LIB=<path>   the BLAS shared library to load (default: the usual OpenBLAS/Accelerate names)
 *   BR_BLAS_THREADS=<n>  BLAS threads per process (default 1: parallel runs use one process per core)
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { type WasmBackend, floatOffset, heapFloats, sizeOf as size } from './wasm-heap.ts';

/** The subset of koffi's API this module uses. */
interface Koffi {
  load(path: string): { func(signature: string): (...args: unknown[]) => unknown };
}

export interface Blas {
  /** The library file that was loaded. */
  library: string;
  /** What the library says about itself (e.g. OpenBLAS's build configuration), if it says. */
  description: string;
  threads: number;
  sgemm: (
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    c: Float32Array,
    ldc: number,
  ) => void;
}

const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;

const defaultLibraries = [
  'libopenblas.so.0',
  'libopenblas.so',
  'libopenblas.dylib',
  '/System/Library/Frameworks/Accelerate.framework/Accelerate',
];

export type BlasLoad = { blas: Blas } | { blas: undefined; reason: string };

/** Load a BLAS library as the environment says; never throws. */
export function loadBlas(env: Record<string, string | undefined> = process.env): BlasLoad {
  if (env.BR_BLAS === 'off') return { blas: undefined, reason: 'BR_BLAS=off' };
  let koffi: Koffi;
  try {
    koffi = createRequire(import.meta.url)('koffi') as Koffi;
  } catch (error) {
    return { blas: undefined, reason: `koffi did not load (${(error as Error).message.split('\n')[0]})` };
  }
  const candidates = env.BR_BLAS_LIB ? [env.BR_BLAS_LIB] : defaultLibraries;
  const threads = Number(env.BR_BLAS_THREADS ?? 1);
  if (!Number.isInteger(threads) || threads < 1) {
    return { blas: undefined, reason: `BR_BLAS_THREADS must be a positive integer, got ${env.BR_BLAS_THREADS}` };
  }
  const failures: string[] = [];
  for (const library of candidates) {
    let lib: ReturnType<Koffi['load']>;
    try {
      lib = koffi.load(library);
    } catch (error) {
      failures.push(`${library}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const sgemm = lib.func(
      'void cblas_sgemm(int order, int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)',
    );
    let description = library;
    try {
      description = String(lib.func('const char *openblas_get_config()')());
      lib.func('void openblas_set_num_threads(int)')(threads);
    } catch {
      // Not OpenBLAS (e.g. Accelerate): its own defaults for threads apply.
    }
    return {
      blas: {
        library,
        description,
        threads,
        sgemm: (transA, transB, m, n, k, a, lda, b, ldb, c, ldc) =>
          sgemm(
            CBLAS_ROW_MAJOR,
            transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
            transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
            m,
            n,
            k,
            1,
            a,
            lda,
            b,
            ldb,
            0,
            c,
            ldc,
          ),
      },
    };
  }
  return { blas: undefined, reason: `no BLAS library found (${failures.join('; ')})` };
}

/**
 * BatchMatMul with BLAS: inputs of rank ≥ 2 whose leading (batch) dimensions flatten to equal
 * sizes, or one of them to 1 (broadcast), as TensorFlow.js's own wasm kernel accepts.
 */
export function blasBatchMatMul(
  blas: Blas,
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const a = args.inputs.a!;
  const b = args.inputs.b!;
  const transA = Boolean(args.attrs?.transposeA);
  const transB = Boolean(args.attrs?.transposeB);
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`BatchMatMul with BLAS needs float32 tensors, got ${a.dtype} and ${b.dtype}`);
  }
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const m = transA ? ca : ra;
  const k = transA ? ra : ca;
  const kb = transB ? cb : rb;
  const n = transB ? rb : cb;
  if (k !== kb) {
    throw new Error(`matMul: inner dimensions ${k} and ${kb} of shapes [${a.shape}] and [${b.shape}] differ`);
  }
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new Error(`matMul: batch dimensions of [${a.shape}] and [${b.shape}] do not broadcast`);
  }
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  const out = backend.makeOutput([...outer, m, n], 'float32');
  if (batch === 0 || m === 0 || n === 0) return out;
  const heap = heapFloats(backend);
  const [offA, offB, offC] = [floatOffset(backend, a), floatOffset(backend, b), floatOffset(backend, out)];
  for (let i = 0; i < batch; i++) {
    const pa = offA + (batchA === 1 ? 0 : i) * m * k;
    const pb = offB + (batchB === 1 ? 0 : i) * k * n;
    const pc = offC + i * m * n;
    blas.sgemm(
      transA,
      transB,
      m,
      n,
      k,
      heap.subarray(pa, pa + m * k),
      transA ? m : k,
      heap.subarray(pb, pb + k * n),
      transB ? k : n,
      heap.subarray(pc, pc + m * n),
      n,
    );
  }
  return out;
}

/** Replace the wasm backend's BatchMatMul with the BLAS one; returns a function that restores it. */
export function useBlasMatMul(blas: Blas): () => void {
  const stock = tf.getKernel('BatchMatMul', 'wasm');
  if (!stock) throw new Error('The wasm backend has no BatchMatMul kernel to replace; start the backend first');
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: (args) => blasBatchMatMul(blas, args),
  });
  return () => {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(stock);
  };
}
