/**
 * Identity without a copy on the wasm backend. TensorFlow.js clones every tensor it saves for the
 * backward pass (Engine.saveTensorsForBackwardMode), and the stock wasm Identity copies the values,
 * so each training step copied every weight matrix once more. Sharing the data under a reference
 * count, as the backend's own Reshape does, is safe because tensors are immutable: the only kernel
 * here that writes in place (adam.ts) writes the optimizer's moments, which are never cloned.
 */
import * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

export function sharedIdentity(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const x = args.inputs.x!;
  (args.backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Replaces the wasm backend's Identity; returns a function that restores the stock kernel. */
export function registerSharedIdentity(): () => void {
  const stock = tf.getKernel('Identity', 'wasm');
  if (!stock) throw new Error('The wasm backend has no Identity kernel to replace; start the backend first');
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: sharedIdentity as tf.KernelFunc });
  return () => {
    tf.unregisterKernel('Identity', 'wasm');
    tf.registerKernel(stock);
  };
}
