/**
 * The Bernoulli log-likelihood Σ_d x·l − softplus(l) of logits l as one kernel on the wasm backend,
 * and its gradient ∂/∂l = x − sigmoid(l) as another (simd.wat): one pass each instead of four and six. The
 * targets may be shared by several blocks of logits (importance sampling decodes k samples of the
 * same batch), so they are not tiled in memory.
 */
import * as tf from '@tensorflow/tfjs';
import { type KernelArgs, type WasmBackend, byteOffset } from '../wasm-heap.ts';
import type { SimdKernels } from './simd.ts';

export const bernoulliKernel = 'BrBernoulliLogProb';
export const bernoulliGradKernel = 'BrBernoulliLogProbGrad';

export const bernoulliShapeError = (targets: readonly number[], logits: readonly number[]) =>
  `bernoulliLogProb: logits [${logits}] must be k blocks of rows as wide as the targets [${targets}]`;

/** Row r of the logits pairs with row r mod (rows of x) of the targets. */
function shapes(x: tf.TensorInfo, logits: tf.TensorInfo) {
  const [targets, d] = x.shape as [number, number];
  const [rows, dl] = logits.shape as [number, number];
  if (
    x.shape.length !== 2 ||
    logits.shape.length !== 2 ||
    d !== dl ||
    (rows > 0 && (targets === 0 || rows % targets !== 0))
  ) {
    throw new Error(bernoulliShapeError(x.shape, logits.shape));
  }
  return { targets, rows, d };
}

/** inputs {x [t, d], logits [k·t, d]} → [k·t]. */
export function bernoulliForward(simd: SimdKernels, args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, logits } = args.inputs as Record<'x' | 'logits', tf.TensorInfo>;
  const { targets, rows, d } = shapes(x, logits);
  const out = backend.makeOutput([rows], 'float32');
  if (rows > 0)
    simd.bernoulli_log_prob(
      byteOffset(backend, x),
      byteOffset(backend, logits),
      byteOffset(backend, out),
      rows,
      targets,
      d,
    );
  return out;
}

/** inputs {dy [k·t], x [t, d], logits [k·t, d]} → ∂/∂logits = dy · (x − sigmoid(logits)), [k·t, d]. */
export function bernoulliGrad(simd: SimdKernels, args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, x, logits } = args.inputs as Record<'dy' | 'x' | 'logits', tf.TensorInfo>;
  const { targets, rows, d } = shapes(x, logits);
  const out = backend.makeOutput([rows, d], 'float32');
  if (rows > 0) {
    const [ody, ox, ol, oo] = [dy, x, logits, out].map((t) => byteOffset(backend, t)) as [
      number,
      number,
      number,
      number,
    ];
    simd.bernoulli_grad(ody, ox, ol, oo, rows, targets, d);
  }
  return out;
}

const bernoulliGradient: tf.GradConfig = {
  kernelName: bernoulliKernel,
  inputsToSave: ['x', 'logits'],
  gradFunc: (dy, saved) => {
    const [x, logits] = saved as [tf.Tensor2D, tf.Tensor2D];
    return {
      logits: () => tf.engine().runKernel(bernoulliGradKernel, { dy: dy as tf.Tensor, x, logits }) as tf.Tensor2D,
      // Targets are data in every model here; this path exists so that a computed x is still right.
      x: () => {
        const perRow = tf.mul(tf.expandDims(dy as tf.Tensor1D, 1), logits);
        const [t, d] = x.shape;
        return tf.sum(tf.reshape(perRow, [-1, t, d]), 0);
      },
    };
  },
};

/** Registers both kernels on the wasm backend and the gradient; returns a function that removes them. */
export function registerBernoulli(simd: SimdKernels): () => void {
  if (!tf.getGradient(bernoulliKernel)) tf.registerGradient(bernoulliGradient);
  tf.registerKernel({
    kernelName: bernoulliKernel,
    backendName: 'wasm',
    kernelFunc: (args) => bernoulliForward(simd, args),
  });
  tf.registerKernel({
    kernelName: bernoulliGradKernel,
    backendName: 'wasm',
    kernelFunc: (args) => bernoulliGrad(simd, args),
  });
  return () => {
    tf.unregisterKernel(bernoulliKernel, 'wasm');
    tf.unregisterKernel(bernoulliGradKernel, 'wasm');
  };
}
