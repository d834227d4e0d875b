/**
 * Exports an M2 model's three networks to ONNX as core's contracts (m2/contract.ts): the
 * classifier q(y | x) with a softmax, the mean of q(z | x, y) on [x, y], and the decoder p(x | y, z)
 * on [z, y] with a sigmoid. Each is checked against TensorFlow.js in onnxruntime-web on real images
 * before anything is written.
 */
import * as tf from '@tensorflow/tfjs';
import { m2Classifier, m2Decoder, m2Encoder, oneHotRows } from '@bounded-rationality/core/m2/contract.ts';
import { GraphBuilder, dense } from '../onnx/graph.ts';
import { encodeModel } from '../onnx/encode.ts';
import type { DenseLayer } from '../nn/dense.ts';
import { classifierLogits, decodeLogits, encode, type M2 } from '../models/m2.ts';
import { layerWeights } from './vae-decoder.ts';
import { checkParity } from './parity.ts';

/** Dense layers applied in order to `h`; the last one's activation is `last`. */
function stack(g: GraphBuilder, h: string, layers: readonly DenseLayer[], last: 'sigmoid' | 'none' | 'keep') {
  return layers.reduce((x, layer, i) => {
    const { weight, bias } = layerWeights(layer);
    const activation = i === layers.length - 1 && last !== 'keep' ? last : layer.activation;
    return dense(g, x, weight, bias, activation, layer.name.replaceAll('.', '_'));
  }, h);
}

export interface ExportedM2 {
  classifier: Uint8Array;
  encoder: Uint8Array;
  decoder: Uint8Array;
  /** The largest difference of any of the three parity checks. */
  parity: number;
}

/**
 * The three models' bytes. `images` [n, pixels] are the parity check's inputs; the encoder and
 * decoder are checked with labels that cycle through the classes.
 */
export async function exportM2(m: M2, images: Float32Array, metadata: Record<string, string>): Promise<ExportedM2> {
  const { inputDim, classes, latentDim } = m.config;
  if (m.config.likelihood === 'gaussian') throw new Error('exportM2: the demo models are Bernoulli (pixel) models');
  const n = images.length / inputDim;

  const gc = new GraphBuilder(m2Classifier.graph);
  const logits = stack(gc, gc.input(m2Classifier.inputs.x, ['batch', inputDim]), m.classifier, 'none');
  gc.output(gc.node('Softmax', [logits], { axis: 1 }), ['batch', classes], m2Classifier.outputs.probabilities);

  const ge = new GraphBuilder(m2Encoder.graph);
  const xy = ge.node(
    'Concat',
    [ge.input(m2Encoder.inputs.x, ['batch', inputDim]), ge.input(m2Encoder.inputs.y, ['batch', classes])],
    {
      axis: 1,
    },
  );
  const hidden = stack(ge, xy, m.encoder, 'keep');
  ge.output(stack(ge, hidden, [m.mean], 'none'), ['batch', latentDim], m2Encoder.outputs.mean);

  const gd = new GraphBuilder(m2Decoder.graph);
  const zy = gd.node(
    'Concat',
    [gd.input(m2Decoder.inputs.z, ['batch', latentDim]), gd.input(m2Decoder.inputs.y, ['batch', classes])],
    {
      axis: 1,
    },
  );
  gd.output(stack(gd, zy, m.decoder, 'sigmoid'), ['batch', inputDim], m2Decoder.outputs.probabilities);

  const [classifier, encoder, decoder] = [gc, ge, gd].map((g) => {
    g.metadata(metadata);
    return encodeModel(g.build());
  }) as [Uint8Array, Uint8Array, Uint8Array];

  const y = oneHotRows(
    Array.from({ length: n }, (_, i) => i % classes),
    classes,
  );
  const expected = tf.tidy(() => {
    const x = tf.tensor2d(images, [n, inputDim]);
    const yt = tf.tensor2d(y, [n, classes]);
    const { mu } = encode(m, x, yt);
    return {
      probabilities: tf.softmax(classifierLogits(m, x)).dataSync() as Float32Array,
      mean: mu.dataSync() as Float32Array,
      decoded: tf.sigmoid(decodeLogits(m, mu, yt)).dataSync() as Float32Array,
    };
  });
  const parity = Math.max(
    await checkParity(m2Classifier.graph, classifier, m2Classifier.feeds(images, inputDim), {
      [m2Classifier.outputs.probabilities]: { values: expected.probabilities },
    }),
    await checkParity(m2Encoder.graph, encoder, m2Encoder.feeds(images, y, inputDim, classes), {
      [m2Encoder.outputs.mean]: { values: expected.mean, relative: true },
    }),
    await checkParity(m2Decoder.graph, decoder, m2Decoder.feeds(expected.mean, y, latentDim, classes), {
      [m2Decoder.outputs.probabilities]: { values: expected.decoded },
    }),
  );
  return { classifier, encoder, decoder, parity };
}
