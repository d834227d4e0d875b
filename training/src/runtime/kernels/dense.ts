/**
 * A dense layer as one kernel on the wasm backend: y = act(x W + b) for act relu or none, the
 * product by BLAS into the output and the bias and activation in one SIMD pass over it (simd.wat).
 * Its gradient is one more kernel (the activation's derivative and the bias gradient in one pass)
 * and the two BLAS products: three kernels forward and about eight backward become one and three.
 */
import * as tf from '@tensorflow/tfjs';
import type { Blas } from '../blas.ts';
import { type KernelArgs, type WasmBackend, byteOffset, floatOffset, heapFloats } from '../wasm-heap.ts';
import type { SimdKernels } from './simd.ts';

export const denseKernel = 'BrDense';
export const denseGradKernel = 'BrDenseGrad';

/** The activations the kernel fuses; others keep the composite form. */
export const fusedActivations = ['relu', 'none'] as const;
export type FusedActivation = (typeof fusedActivations)[number];

function activationOf(attrs: tf.NamedAttrMap | undefined): FusedActivation {
  const activation = attrs?.activation;
  if (!(fusedActivations as readonly unknown[]).includes(activation)) {
    throw new Error(
      `dense: the fused kernel takes activation ${fusedActivations.join(' or ')}, not ${String(activation)}`,
    );
  }
  return activation as FusedActivation;
}

function shapes(x: tf.TensorInfo, weight: tf.TensorInfo, bias: tf.TensorInfo) {
  if (x.shape.length !== 2 || weight.shape.length !== 2 || bias.shape.length !== 1) {
    throw new Error(`dense: x [${x.shape}], weight [${weight.shape}], bias [${bias.shape}] must be 2-D, 2-D, 1-D`);
  }
  const [rows, inputs] = x.shape as [number, number];
  const [inner, outputs] = weight.shape as [number, number];
  if (inner !== inputs || bias.shape[0] !== outputs) {
    throw new Error(`dense: x [${x.shape}], weight [${weight.shape}] and bias [${bias.shape}] do not fit`);
  }
  return { rows, inputs, outputs };
}

/** inputs {x [rows, in], weight [in, out], bias [out]}, attrs {activation} → [rows, out]. */
export function denseForward(blas: Blas, simd: SimdKernels, args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, weight, bias } = args.inputs as Record<'x' | 'weight' | 'bias', tf.TensorInfo>;
  const activation = activationOf(args.attrs);
  const { rows, inputs, outputs } = shapes(x, weight, bias);
  const out = backend.makeOutput([rows, outputs], 'float32');
  if (rows === 0 || outputs === 0) return out;
  const heap = heapFloats(backend);
  const [ox, ow, oy] = [x, weight, out].map((t) => floatOffset(backend, t)) as [number, number, number];
  if (inputs === 0) heap.fill(0, oy, oy + rows * outputs);
  else {
    blas.sgemm(
      false,
      false,
      rows,
      outputs,
      inputs,
      heap.subarray(ox, ox + rows * inputs),
      inputs,
      heap.subarray(ow, ow + inputs * outputs),
      outputs,
      heap.subarray(oy, oy + rows * outputs),
      outputs,
    );
  }
  simd.bias_activation(
    byteOffset(backend, out),
    byteOffset(backend, bias),
    rows,
    outputs,
    activation === 'relu' ? 1 : 0,
  );
  return out;
}

/**
 * inputs {dy, y} (both [rows, out], y the layer's output), attrs {activation} → [dz, dbias]: the
 * gradient before the activation (for relu, dy where y > 0, else 0) and its column sums.
 */
export function denseGrad(simd: SimdKernels, args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { dy, y } = args.inputs as Record<'dy' | 'y', tf.TensorInfo>;
  const activation = activationOf(args.attrs);
  const [rows, n] = y.shape as [number, number];
  const dz = backend.makeOutput([rows, n], 'float32');
  const db = backend.makeOutput([n], 'float32');
  const [ody, oy, odz, odb] = [dy, y, dz, db].map((t) => byteOffset(backend, t)) as [number, number, number, number];
  simd.bias_activation_grad(ody, oy, odz, odb, rows, n, activation === 'relu' ? 1 : 0);
  return [dz, db];
}

const denseGradient: tf.GradConfig = {
  kernelName: denseKernel,
  inputsToSave: ['x', 'weight'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, weight, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [dz, db] = tf.engine().runKernel(denseGradKernel, { dy: dy as tf.Tensor, y }, attrs as tf.NamedAttrMap) as [
      tf.Tensor2D,
      tf.Tensor1D,
    ];
    return { x: () => tf.matMul(dz, weight, false, true), weight: () => tf.matMul(x, dz, true, false), bias: () => db };
  },
};

/** Registers both kernels on the wasm backend and the gradient; returns a function that removes them. */
export function registerDense(blas: Blas, simd: SimdKernels): () => void {
  // Gradients are registered by kernel name for every backend; this one runs only where the kernel does.
  if (!tf.getGradient(denseKernel)) tf.registerGradient(denseGradient);
  tf.registerKernel({
    kernelName: denseKernel,
    backendName: 'wasm',
    kernelFunc: (args) => denseForward(blas, simd, args),
  });
  tf.registerKernel({ kernelName: denseGradKernel, backendName: 'wasm', kernelFunc: (args) => denseGrad(simd, args) });
  return () => {
    tf.unregisterKernel(denseKernel, 'wasm');
    tf.unregisterKernel(denseGradKernel, 'wasm');
  };
}
