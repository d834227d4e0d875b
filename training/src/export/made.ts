/**
 * Exports a MADE density model to ONNX as core's `madeConditionals` contract (the masks are
 * inputs, multiplied into the weights inside the graph), checked against TensorFlow.js in
 * onnxruntime-web on real images under one of the model's masks.
 */
import * as tf from '@tensorflow/tfjs';
import { madeConditionals } from '@bounded-rationality/core/made/contract.ts';
import type { MaskSet } from '@bounded-rationality/core/made/masks.ts';
import { GraphBuilder, add, mul, relu } from '../onnx/graph.ts';
import { encodeModel } from '../onnx/encode.ts';
import { madeLogits, maskTensors, type MadeDensity } from '../models/made.ts';
import { checkParity } from './parity.ts';

const values = (v: tf.Variable) => v.dataSync() as Float32Array;

/** The model as a .onnx file's bytes, with the parity check's largest difference on `images`. */
export async function exportMade(
  model: MadeDensity,
  check: { images: Float32Array; masks: MaskSet },
  metadata: Record<string, string>,
): Promise<{ bytes: Uint8Array; parity: number }> {
  const { dim, hidden } = model.config;
  const { inputs } = madeConditionals;
  const g = new GraphBuilder(madeConditionals.graph);
  const x = g.input(inputs.x, ['batch', dim]);
  const maskedProduct = (h: string, weight: tf.Variable, mask: string, name: string) => {
    const w = g.initializer(`${name}.weight`, values(weight), weight.shape);
    return g.node('MatMul', [h, mul(g, w, mask, `${name}_mask`)], {}, { name: `${name}_matmul` });
  };
  let h = x;
  model.hidden.forEach((layer, i) => {
    const mask = g.input(inputs.hidden(i), [i === 0 ? dim : hidden[i - 1]!, hidden[i]!]);
    const b = g.initializer(`${layer.name}.bias`, values(layer.bias), [hidden[i]!]);
    h = relu(g, add(g, maskedProduct(h, layer.weight, mask, layer.name), b), `${layer.name}_relu`);
  });
  const outputMask = g.input(inputs.output, [hidden[hidden.length - 1]!, dim]);
  const directMask = g.input(inputs.direct, [dim, dim]);
  const b = g.initializer('made.output.bias', values(model.output.bias), [dim]);
  const logits = add(
    g,
    add(g, maskedProduct(h, model.output.weight, outputMask, 'made.output'), b),
    maskedProduct(x, model.direct, directMask, 'made.direct'),
  );
  g.output(logits, ['batch', dim], madeConditionals.outputs.logits);
  g.metadata(metadata);
  const bytes = encodeModel(g.build());

  const expected = tf.tidy(() => {
    const masks = maskTensors(model, check.masks);
    return madeLogits(
      model,
      masks,
      tf.tensor2d(check.images, [check.images.length / dim, dim]),
    ).dataSync() as Float32Array;
  });
  const parity = await checkParity(
    madeConditionals.graph,
    bytes,
    madeConditionals.feeds(check.images, check.masks, dim, hidden),
    { [madeConditionals.outputs.logits]: { values: expected, relative: true } },
  );
  return { bytes, parity };
}
