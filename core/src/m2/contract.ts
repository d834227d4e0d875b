/**
 * The ONNX contracts of the semi-supervised VAE (M2): the classifier q(y | x), the encoder's mean
 * of q(z | x, y), and the decoder p(x | y, z). Labels travel as one-hot rows, so that the page can
 * ask for any class (and the encoder and decoder graphs are plain dense layers on [x, y] and [z, y]).
 */
import type { Feeds, Outputs } from '../models/contracts.ts';

function read(outputs: Outputs, name: string, model: string): Float32Array {
  const value = outputs[name];
  if (!value) throw new Error(`The ${model} model gave no output "${name}"; is it the right file?`);
  return value.data;
}

/** One-hot rows for `labels` over `classes` classes. */
export function oneHotRows(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new Error(`Label ${label} (row ${i}) is not a class in 0..${classes - 1}`);
    }
    out[i * classes + label] = 1;
  }
  return out;
}

const classifierNames = { inputs: { x: 'x' }, outputs: { probabilities: 'class_probabilities' } } as const;

/** q(y | x): images x [batch, pixels] → class probabilities [batch, classes]. */
export const m2Classifier = {
  graph: 'm2_classifier',
  ...classifierNames,
  feeds(x: Float32Array, pixels: number): Feeds {
    return { [classifierNames.inputs.x]: { data: x, dims: [x.length / pixels, pixels] } };
  },
  probabilities(outputs: Outputs): Float32Array {
    return read(outputs, classifierNames.outputs.probabilities, 'classifier');
  },
} as const;

const encoderNames = { inputs: { x: 'x', y: 'y' }, outputs: { mean: 'z_mean' } } as const;

/** The mean of q(z | x, y): images x [batch, pixels] and one-hot y [batch, classes] → z [batch, latent]. */
export const m2Encoder = {
  graph: 'm2_encoder',
  ...encoderNames,
  feeds(x: Float32Array, y: Float32Array, pixels: number, classes: number): Feeds {
    const n = x.length / pixels;
    if (y.length !== n * classes) throw new Error(`M2 encoder feeds: ${n} images but ${y.length / classes} labels`);
    const { inputs } = encoderNames;
    return { [inputs.x]: { data: x, dims: [n, pixels] }, [inputs.y]: { data: y, dims: [n, classes] } };
  },
  mean(outputs: Outputs): Float32Array {
    return read(outputs, encoderNames.outputs.mean, 'encoder');
  },
} as const;

const decoderNames = { inputs: { z: 'z', y: 'y' }, outputs: { probabilities: 'probabilities' } } as const;

/** p(x | y, z): z [batch, latent] and one-hot y [batch, classes] → pixel probabilities [batch, pixels]. */
export const m2Decoder = {
  graph: 'm2_decoder',
  ...decoderNames,
  feeds(z: Float32Array, y: Float32Array, latentDim: number, classes: number): Feeds {
    const n = z.length / latentDim;
    if (y.length !== n * classes) throw new Error(`M2 decoder feeds: ${n} codes but ${y.length / classes} labels`);
    const { inputs } = decoderNames;
    return { [inputs.z]: { data: z, dims: [n, latentDim] }, [inputs.y]: { data: y, dims: [n, classes] } };
  },
  probabilities(outputs: Outputs): Float32Array {
    return read(outputs, decoderNames.outputs.probabilities, 'decoder');
  },
} as const;
