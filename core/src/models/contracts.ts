/**
 * The ONNX models the training code exports and the site runs, as one typed contract each: the
 * names and shapes of their inputs and outputs. The exporters name the graph's values from here,
 * and every caller (the parity checks, the posterior study, the islands) builds its feeds and reads
 * its outputs through here, so a renamed input cannot break one side silently.
 */

/** A float32 tensor: values row-major, `dims` its shape. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

export type Feeds = Record<string, FloatTensor>;
export type Outputs = Readonly<Record<string, { data: Float32Array } | undefined>>;
/** Runs one model once, whatever runs it (onnxruntime-web in Node or in the page's worker). */
export type RunModel = (feeds: Feeds) => Promise<Outputs>;

function read(outputs: Outputs, name: string, model: string): Float32Array {
  const value = outputs[name];
  if (!value) throw new Error(`The ${model} model gave no output "${name}"; is it the right file?`);
  return value.data;
}

const decoderNames = { inputs: { z: 'z' }, outputs: { probabilities: 'probabilities' } } as const;

/** A VAE decoder: z [batch, latent] → pixel probabilities [batch, pixels]. */
export const vaeDecoder = {
  graph: 'vae_decoder',
  ...decoderNames,
  /** Feeds for n latent codes, row-major in `z` (n × latentDim values). */
  feeds(z: Float32Array, latentDim: number): Feeds {
    return { [decoderNames.inputs.z]: { data: z, dims: [z.length / latentDim, latentDim] } };
  },
  probabilities(outputs: Outputs): Float32Array {
    return read(outputs, decoderNames.outputs.probabilities, 'decoder');
  },
} as const;

const samplerNames = { inputs: { x: 'x', eps: 'eps' }, outputs: { z: 'z', logQ: 'log_q' } } as const;

/**
 * An approximate posterior as a sampler: x [batch, pixels] and noise eps [batch, latent] →
 * z [batch, latent] and log q(z|x) [batch].
 */
export const posteriorSampler = {
  graph: 'iaf_posterior',
  ...samplerNames,
  /** Feeds for n images (n × pixels values in `x`) with n × latentDim standard-normal values in `eps`. */
  feeds(x: Float32Array, eps: Float32Array, pixels: number, latentDim: number): Feeds {
    const n = x.length / pixels;
    const { inputs } = samplerNames;
    return { [inputs.x]: { data: x, dims: [n, pixels] }, [inputs.eps]: { data: eps, dims: [n, latentDim] } };
  },
  sample(outputs: Outputs): { z: Float32Array; logQ: Float32Array } {
    const { outputs: names } = samplerNames;
    return { z: read(outputs, names.z, 'posterior sampler'), logQ: read(outputs, names.logQ, 'posterior sampler') };
  },
} as const;
