/**
 * A one-hidden-layer MADE in plain TypeScript, on the weights of a trained model (read from its
 * ONNX file), for the page: exact log p(x) in one pass, and sampling in the model's ordering in
 * O(H·D) per image instead of D full passes. The trick is that the hidden pre-activation is a sum
 * over inputs: once pixel d is drawn, adding row d of the masked first-layer weight (when x_d = 1)
 * updates it for every later pixel, and the direct connections accumulate the same way. Output d
 * then costs one dot product over the hidden units.
 */
import type { Initializer } from '../onnx/read.ts';
import type { MaskSet } from './masks.ts';

/** The trained weights: first layer [D, H], output [H, D], direct [D, D], row-major [in, out]. */
export interface MadeWeights {
  dim: number;
  hidden: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  direct: Float32Array;
}

/** The weights under one mask set, laid out for sampling. */
export interface MaskedMade {
  dim: number;
  hidden: number;
  /** Masked first layer [D, H]: row d is what x_d = 1 adds to the hidden pre-activation. */
  w1: Float32Array;
  b1: Float32Array;
  /** Masked output layer transposed, [D, H]: row d gives logit d from the hidden units. */
  w2t: Float32Array;
  b2: Float32Array;
  /** Masked direct weight [D, D]: row j is what x_j = 1 adds to every logit. */
  direct: Float32Array;
}

/** The weights a MADE exporter wrote (training/src/export/made.ts names), one hidden layer. */
export function madeWeights(initializers: ReadonlyMap<string, Initializer>): MadeWeights {
  const get = (name: string) => {
    const t = initializers.get(name);
    if (!t) throw new Error(`the model has no weight "${name}": is it a MADE export?`);
    return t;
  };
  if (initializers.has('made.hidden.1.weight')) {
    throw new Error('the page samples from MADEs with one hidden layer; this model has more');
  }
  const w1 = get('made.hidden.0.weight');
  const [dim, hidden] = w1.dims as [number, number];
  const shapes: [string, number[]][] = [
    ['made.hidden.0.bias', [hidden]],
    ['made.output.weight', [hidden, dim]],
    ['made.output.bias', [dim]],
    ['made.direct.weight', [dim, dim]],
  ];
  for (const [name, dims] of shapes) {
    if (get(name).dims.join() !== dims.join())
      throw new Error(`weight "${name}" has dims [${get(name).dims}], not [${dims}]`);
  }
  return {
    dim,
    hidden,
    w1: w1.data,
    b1: get('made.hidden.0.bias').data,
    w2: get('made.output.weight').data,
    b2: get('made.output.bias').data,
    direct: get('made.direct.weight').data,
  };
}

export function applyMasks(weights: MadeWeights, masks: MaskSet): MaskedMade {
  const { dim, hidden } = weights;
  if (masks.hidden.length !== 1 || masks.hidden[0]!.length !== dim * hidden || masks.output.length !== hidden * dim) {
    throw new Error(`masks do not fit a MADE of ${dim} inputs and ${hidden} hidden units`);
  }
  const w1 = weights.w1.map((w, i) => w * masks.hidden[0]![i]!);
  const w2t = new Float32Array(dim * hidden);
  for (let h = 0; h < hidden; h++) {
    for (let d = 0; d < dim; d++) w2t[d * hidden + h] = weights.w2[h * dim + d]! * masks.output[h * dim + d]!;
  }
  const direct = weights.direct.map((w, i) => w * masks.direct[i]!);
  return { dim, hidden, w1, b1: weights.b1, w2t, b2: weights.b2, direct };
}

/** log σ(l) and log σ(−l) without overflow. */
const logSigmoid = (l: number) => (l >= 0 ? -Math.log1p(Math.exp(-l)) : l - Math.log1p(Math.exp(l)));

/** Exact log p(x) in nats for one binary image x [D], in one pass. */
export function madeLogProb(net: MaskedMade, x: ArrayLike<number>): number {
  const { dim, hidden } = net;
  const a = Float64Array.from(net.b1);
  const s = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    if (!x[j]) continue;
    for (let h = 0; h < hidden; h++) a[h]! += net.w1[j * hidden + h]!;
    for (let d = 0; d < dim; d++) s[d]! += net.direct[j * dim + d]!;
  }
  let logp = 0;
  for (let d = 0; d < dim; d++) {
    let l = net.b2[d]! + s[d]!;
    for (let h = 0; h < hidden; h++) if (a[h]! > 0) l += a[h]! * net.w2t[d * hidden + h]!;
    logp += x[d] ? logSigmoid(l) : logSigmoid(-l);
  }
  return logp;
}

/**
 * Draws n images pixel by pixel in `order`, a step at a time (so a page can show the draw as it
 * goes). Pixel d of image i is 1 when uniforms[i·D + d] < p(x_d = 1 | pixels before it); pixels
 * marked in `known` keep their value in `start` and are conditioned on, not drawn. Conditioning is
 * exact only for known pixels that come before every drawn one in the ordering.
 */
export class MadeSampler {
  readonly images: Float32Array;
  /** log p of each image so far: the log-probability of its pixels fixed up to now. */
  readonly logProb: Float64Array;
  private readonly pre: Float64Array;
  private readonly skip: Float64Array;
  private position = 0;

  private readonly net: MaskedMade;
  private readonly order: readonly number[];
  private readonly uniforms: Float32Array;
  private readonly start: { values: Float32Array; known: Uint8Array } | undefined;

  constructor(
    net: MaskedMade,
    order: readonly number[],
    uniforms: Float32Array,
    start?: { values: Float32Array; known: Uint8Array },
  ) {
    [this.net, this.order, this.uniforms, this.start] = [net, order, uniforms, start];
    const n = uniforms.length / net.dim;
    if (!Number.isInteger(n) || order.length !== net.dim)
      throw new Error('sampler: uniforms or ordering do not fit the model');
    this.images = start ? Float32Array.from(start.values) : new Float32Array(n * net.dim);
    this.logProb = new Float64Array(n);
    this.pre = new Float64Array(n * net.hidden);
    for (let i = 0; i < n; i++) this.pre.set(net.b1, i * net.hidden);
    this.skip = new Float64Array(n * net.dim);
  }

  get done(): boolean {
    return this.position >= this.order.length;
  }

  /** How many pixels of each image are fixed. */
  get fixed(): number {
    return this.position;
  }

  /** Fixes the next `count` pixels of the ordering in every image. */
  step(count = 1): void {
    const { dim, hidden, w1, w2t, b2, direct } = this.net;
    const n = this.logProb.length;
    for (let c = 0; c < count && !this.done; c++, this.position++) {
      const d = this.order[this.position]!;
      for (let i = 0; i < n; i++) {
        const a = i * hidden;
        let l = b2[d]! + this.skip[i * dim + d]!;
        for (let h = 0; h < hidden; h++) {
          const v = this.pre[a + h]!;
          if (v > 0) l += v * w2t[d * hidden + h]!;
        }
        const x = this.start?.known[d]
          ? this.images[i * dim + d]!
          : this.uniforms[i * dim + d]! < 1 / (1 + Math.exp(-l))
            ? 1
            : 0;
        this.images[i * dim + d] = x;
        this.logProb[i]! += x ? logSigmoid(l) : logSigmoid(-l);
        if (!x) continue;
        for (let h = 0; h < hidden; h++) this.pre[a + h]! += w1[d * hidden + h]!;
        for (let e = 0; e < dim; e++) this.skip[i * dim + e]! += direct[d * dim + e]!;
      }
    }
  }

  /** Fixes every remaining pixel. */
  finish(): Float32Array {
    this.step(this.order.length - this.position);
    return this.images;
  }
}
