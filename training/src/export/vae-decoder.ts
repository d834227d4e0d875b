/**
 * Exports a VAE's decoder (any model with an MLP decoder: the baseline VAE, the IAF-VAE) to ONNX
 * as core's `vaeDecoder` contract, z [batch, latent] → pixel probabilities [batch, 784], checked
 * against TensorFlow.js in onnxruntime-web, the runtime the browser uses.
 */
import * as tf from '@tensorflow/tfjs';
import { vaeDecoder } from '@bounded-rationality/core/models/contracts.ts';
import { GraphBuilder, dense } from '../onnx/graph.ts';
import { encodeModel } from '../onnx/encode.ts';
import { mlp, type DenseLayer } from '../nn/dense.ts';
import { Rng } from '../runtime/rng.ts';
import { checkParity } from './parity.ts';

/** What the export needs of a model: its decoder layers (the last giving logits) and sizes. */
export interface DecoderModel {
  config: { latentDim: number; inputDim: number };
  decoder: readonly DenseLayer[];
}

export function layerWeights(layer: DenseLayer) {
  return {
    weight: { data: layer.weight.dataSync() as Float32Array, dims: [layer.inputs, layer.outputs] as [number, number] },
    bias: { data: layer.bias.dataSync() as Float32Array, dims: [layer.outputs] as [number] },
  };
}

/** The decoder as a .onnx file's bytes, with the parity check's largest difference. */
export async function exportVaeDecoder(
  vae: DecoderModel,
  metadata: Record<string, string>,
): Promise<{ bytes: Uint8Array; parity: number }> {
  const { latentDim, inputDim } = vae.config;
  const g = new GraphBuilder(vaeDecoder.graph);
  let h = g.input(vaeDecoder.inputs.z, ['batch', latentDim]);
  vae.decoder.forEach((layer, i) => {
    const { weight, bias } = layerWeights(layer);
    const last = i === vae.decoder.length - 1;
    // The last layer gives logits; the exported model returns probabilities.
    h = dense(g, h, weight, bias, last ? 'sigmoid' : layer.activation, `decoder_${i}`);
  });
  g.output(h, ['batch', inputDim], vaeDecoder.outputs.probabilities);
  g.metadata(metadata);
  const bytes = encodeModel(g.build());

  // Parity: the same random latent codes through both runtimes.
  const z = new Rng(12345).normals(16 * latentDim);
  const expected = tf.tidy(
    () => tf.sigmoid(mlp(vae.decoder, tf.tensor2d(z, [16, latentDim]))).dataSync() as Float32Array,
  );
  const parity = await checkParity(vaeDecoder.graph, bytes, vaeDecoder.feeds(z, latentDim), {
    [vaeDecoder.outputs.probabilities]: { values: expected },
  });
  return { bytes, parity };
}
