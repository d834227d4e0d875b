/**
 * Exports a VAE's decoder (any model with an MLP decoder: the baseline VAE, the IAF-VAE) to ONNX,
 * z [batch, latent] → pixel probabilities [batch, 784], and checks the file against TensorFlow.js
 * in onnxruntime-web, the runtime the browser uses.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { GraphBuilder, dense } from '../onnx/graph.ts';
import { writeModelFile } from '../onnx/write.ts';
import { createSession, maxAbsDiff, runModel } from '../onnx/run.ts';
import { mlp, type DenseLayer } from '../nn/dense.ts';
import { Rng } from '../runtime/rng.ts';

/** Largest difference tolerated between TensorFlow.js and onnxruntime-web outputs. */
export const PARITY_TOLERANCE = 1e-4;

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

/** Write the decoder to `path`; returns the max abs difference found by the parity check. */
export async function exportVaeDecoder(
  vae: DecoderModel,
  path: string,
  metadata: Record<string, string>,
): Promise<number> {
  const { latentDim, inputDim } = vae.config;
  const g = new GraphBuilder('vae_decoder');
  let h = g.input('z', ['batch', latentDim]);
  vae.decoder.forEach((layer, i) => {
    const { weight, bias } = layerWeights(layer);
    const last = i === vae.decoder.length - 1;
    // The last layer gives logits; the exported model returns probabilities.
    h = dense(g, h, weight, bias, last ? 'sigmoid' : layer.activation, `decoder_${i}`);
  });
  g.output(h, ['batch', inputDim], 'probabilities');
  g.metadata(metadata);
  const model = g.build();
  await writeModelFile(path, model);

  // Parity: the same random latent codes through both runtimes.
  const rng = new Rng(12345);
  const batch = 16;
  const z = rng.normals(batch * latentDim);
  const expected = tf.tidy(() => tf.sigmoid(mlp(vae.decoder, tf.tensor2d(z, [batch, latentDim]))).dataSync());
  const session = await createSession(new Uint8Array(await readFile(path)));
  try {
    const outputs = await runModel(session, { z: { data: z, dims: [batch, latentDim] } });
    const diff = maxAbsDiff(outputs.probabilities!.data, expected as Float32Array);
    if (!(diff < PARITY_TOLERANCE)) {
      throw new Error(`${path}: onnxruntime-web differs from TensorFlow.js by ${diff} (tolerance ${PARITY_TOLERANCE})`);
    }
    return diff;
  } finally {
    await session.release();
  }
}
