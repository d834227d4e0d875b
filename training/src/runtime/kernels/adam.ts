/**
 * Adam's update of one parameter as one pass on the wasm backend (simd.wat): the moments m and v
 * are updated in place (the optimizer owns them), and so is the value when the variable is the only
 * holder of its data (otherwise the new value goes to a fresh output). The same arithmetic as
 * TensorFlow.js's AdamOptimizer, which spends about fourteen kernels per parameter on it.
 */
import * as tf from '@tensorflow/tfjs';
import { type KernelArgs, type WasmBackend, byteOffset, sizeOf } from '../wasm-heap.ts';
import type { SimdKernels } from './simd.ts';

export const adamKernel = 'BrAdam';

interface RefCounts {
  refCount(dataId: object): number;
  incRef(dataId: object): void;
}

export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The step being taken, from 1: the bias corrections are 1 − β^step. */
  step: number;
}

/**
 * inputs {value, gradient, first, second} (one shape), attrs AdamAttrs → the new value.
 * m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;  value ← value − lr · m̂ / (√v̂ + ε),
 * with m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t).
 *
 * When nothing but the variable refers to the value's data (no reshape, clone or saved copy of it:
 * the backend's reference count is 1), the output is that data, written in place: the caller's
 * `variable.assign(output)` then keeps it, and the pass saves an allocation and a stream of writes
 * to cold memory. Anything else sees unchanged values, because then a fresh output is written.
 */
export function adamUpdate(simd: SimdKernels, args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { value, gradient, first, second } = args.inputs as Record<
    'value' | 'gradient' | 'first' | 'second',
    tf.TensorInfo
  >;
  const { learningRate, beta1, beta2, epsilon, step } = args.attrs as unknown as AdamAttrs;
  const n = sizeOf(value.shape);
  for (const t of [value, gradient, first, second]) {
    if (t.dtype !== 'float32' || sizeOf(t.shape) !== n) {
      throw new Error(`Adam: a ${t.dtype} tensor of shape [${t.shape}] for a parameter of shape [${value.shape}]`);
    }
  }
  const counts = args.backend as RefCounts;
  let out: tf.TensorInfo;
  if (counts.refCount(value.dataId) === 1) {
    counts.incRef(value.dataId);
    out = { dataId: value.dataId, shape: [...value.shape], dtype: 'float32' };
  } else {
    out = backend.makeOutput([...value.shape], 'float32');
  }
  const [w, g, m, v, o] = [value, gradient, first, second, out].map((t) => byteOffset(backend, t)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  simd.adam(w, g, m, v, o, n, learningRate / (1 - beta1 ** step), beta1, beta2, 1 / (1 - beta2 ** step), epsilon);
  return out;
}

/** Registers the kernel on the wasm backend; returns a function that removes it. */
export function registerAdam(simd: SimdKernels): () => void {
  tf.registerKernel({ kernelName: adamKernel, backendName: 'wasm', kernelFunc: (args) => adamUpdate(simd, args) });
  return () => tf.unregisterKernel(adamKernel, 'wasm');
}
