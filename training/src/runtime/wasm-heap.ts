/**
 * Float32 views of tensors that live on TensorFlow.js's wasm backend: the kernels written in
 * TypeScript (BLAS products, fused kernels) read and write the backend's heap through them.
 */
import type * as tf from '@tensorflow/tfjs';

/** The parts of the wasm backend these kernels use: its heap, tensor offsets, output allocation. */
export interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** What TensorFlow.js passes a kernel function: its inputs by name, the backend, its attributes. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The backend's heap as floats. Take a fresh one in every kernel call: the wasm memory may grow
 * (on any allocation, makeOutput included), which detaches older views.
 */
export function heapFloats(backend: WasmBackend): Float32Array {
  return new Float32Array(backend.wasm.HEAPU8.buffer);
}

/** Where a tensor's first byte sits in the backend's memory. */
export function byteOffset(backend: WasmBackend, t: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (!entry) throw new Error(`Tensor of shape [${t.shape}] is not on the wasm backend`);
  return entry.memoryOffset;
}

/** Where a tensor's first value sits in `heapFloats(backend)`. */
export function floatOffset(backend: WasmBackend, t: tf.TensorInfo): number {
  return byteOffset(backend, t) / 4;
}
