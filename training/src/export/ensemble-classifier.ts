/**
 * Exports an ensemble of MLP classifiers (baselines/mlp-classifier.ts) to ONNX as one graph, core's
 * `ensembleClassifier` contract: every member's logits side by side. Checked against TensorFlow.js
 * in onnxruntime-web on real images before anything is written.
 */
import * as tf from '@tensorflow/tfjs';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import { GraphBuilder, dense } from '../onnx/graph.ts';
import { encodeModel } from '../onnx/encode.ts';
import { classifierLogits, type MlpClassifier } from '../baselines/mlp-classifier.ts';
import { layerWeights } from './vae-decoder.ts';
import { checkParity } from './parity.ts';

/** The ensemble's bytes and the parity check's largest difference; `images` [n, pixels] are its inputs. */
export async function exportEnsembleClassifier(
  members: readonly MlpClassifier[],
  images: Float32Array,
  metadata: Record<string, string>,
): Promise<{ bytes: Uint8Array; parity: number }> {
  if (members.length === 0) throw new Error('exportEnsembleClassifier: no members');
  const { inputs, classes } = members[0]!;
  if (members.some((m) => m.inputs !== inputs || m.classes !== classes))
    throw new Error('exportEnsembleClassifier: the members differ in their inputs or classes');
  const g = new GraphBuilder(ensembleClassifier.graph);
  const x = g.input(ensembleClassifier.inputs.x, ['batch', inputs]);
  const logits = members.map((m, k) => {
    const h = layerWeights(m.hidden);
    const o = layerWeights(m.output);
    const hidden = dense(g, x, h.weight, h.bias, 'relu', `member${k}_hidden`);
    return dense(g, hidden, o.weight, o.bias, 'none', `member${k}_output`);
  });
  const joined = members.length === 1 ? logits[0]! : g.node('Concat', logits, { axis: 1 });
  g.output(joined, ['batch', members.length * classes], ensembleClassifier.outputs.logits);
  g.metadata(metadata);
  const bytes = encodeModel(g.build());

  const n = images.length / inputs;
  const expected = tf.tidy(() => {
    const xt = tf.tensor2d(images, [n, inputs]);
    return tf
      .concat(
        members.map((m) => classifierLogits(m, xt)),
        1,
      )
      .dataSync() as Float32Array;
  });
  const parity = await checkParity(ensembleClassifier.graph, bytes, ensembleClassifier.feeds(images, inputs), {
    [ensembleClassifier.outputs.logits]: { values: expected, relative: true },
  });
  return { bytes, parity };
}
