/**
 * The masks of MADE (Germain, Gregor, Murray & Larochelle, 2015), from degrees. Every unit gets a
 * degree: input d its position in the ordering (1 … D), a hidden unit an integer in [1, D − 1]. A
 * hidden unit may see a unit of the layer below whose degree is at most its own (≥ rule); output d
 * may see a hidden unit, or directly an input, only if its own degree is strictly greater (> rule).
 * Along any path from input j to output d the degrees then never fall and rise strictly at the
 * last step, so output d depends only on inputs that come before it in the ordering.
 *
 * Shared by the training code (the masks it trains with) and the site (the mask explorer).
 * Masks are 0/1 arrays [from, to] row-major, the layout of a dense weight x W.
 */

/** How an input of the MADE is placed: `order[k]` is the input that comes k-th. */
export type Ordering = readonly number[];

/** The degrees of all layers: inputs (also the outputs'), then each hidden layer's units. */
export interface Degrees {
  inputs: readonly number[];
  hidden: readonly (readonly number[])[];
}

export interface MaskSet {
  /** One per hidden layer: [units below, units of the layer]. */
  hidden: Float32Array[];
  /** Last hidden layer to outputs: [last width, D]. */
  output: Float32Array;
  /** Inputs to outputs directly: [D, D]. */
  direct: Float32Array;
}

/** The natural (raster) ordering of D inputs. */
export const naturalOrdering = (dim: number): number[] => Array.from({ length: dim }, (_, i) => i);

/** A uniformly random ordering of D inputs (Fisher–Yates). */
export function randomOrdering(dim: number, uniform: () => number): number[] {
  const order = naturalOrdering(dim);
  for (let i = dim - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Input degrees of an ordering: degree[d] = 1 + the position of input d. Throws unless a permutation. */
export function inputDegrees(order: Ordering): number[] {
  const degrees = new Array<number>(order.length).fill(0);
  order.forEach((input, position) => {
    if (!Number.isInteger(input) || input < 0 || input >= order.length || degrees[input] !== 0) {
      throw new Error(`ordering: ${JSON.stringify(order)} is not a permutation of 0 … ${order.length - 1}`);
    }
    degrees[input] = position + 1;
  });
  return degrees;
}

/**
 * Degrees of hidden layers drawn as in the paper: each unit uniformly from [m, D − 1], m the
 * smallest degree of the layer below (so that no unit is cut off from every input).
 */
export function sampleHiddenDegrees(
  dim: number,
  widths: readonly number[],
  uniform: () => number,
  inputs: readonly number[],
): number[][] {
  if (dim < 2) throw new Error(`MADE: needs at least 2 inputs, got ${dim}`);
  const layers: number[][] = [];
  let below = Math.min(...inputs);
  for (const width of widths) {
    const low = Math.min(below, dim - 1);
    const degrees = Array.from({ length: width }, () => low + Math.floor(uniform() * (dim - low)));
    layers.push(degrees);
    below = Math.min(...degrees);
  }
  return layers;
}

/** The degrees of one mask: an ordering and hidden degrees drawn from `uniform`. */
export function sampleDegrees(order: Ordering, widths: readonly number[], uniform: () => number): Degrees {
  const inputs = inputDegrees(order);
  return { inputs, hidden: sampleHiddenDegrees(order.length, widths, uniform, inputs) };
}

/** Which comparison joins a unit of degree b below to a unit of degree a above. */
export type Rule = 'at-least' | 'greater';
/** Hidden units: a ≥ b. Outputs (and direct connections): a > b. */
export const HIDDEN_RULE: Rule = 'at-least';
export const OUTPUT_RULE: Rule = 'greater';

/** 0/1 mask [from, to]: unit i below joins unit j above when degree j ≥ degree i (or >, by `rule`). */
export function connect(from: readonly number[], to: readonly number[], rule: Rule): Float32Array {
  const m = new Float32Array(from.length * to.length);
  // Strictly greater is at least one more: integer degrees.
  const shift = rule === 'greater' ? 1 : 0;
  for (let i = 0; i < from.length; i++) {
    const least = from[i]! + shift;
    const row = i * to.length;
    for (let j = 0; j < to.length; j++) if (to[j]! >= least) m[row + j] = 1;
  }
  return m;
}

/** The masks that the degrees imply. */
export function masksFromDegrees(degrees: Degrees): MaskSet {
  const hidden: Float32Array[] = [];
  let below = degrees.inputs;
  for (const layer of degrees.hidden) {
    hidden.push(connect(below, layer, HIDDEN_RULE));
    below = layer;
  }
  return {
    hidden,
    output: connect(below, degrees.inputs, OUTPUT_RULE),
    direct: connect(degrees.inputs, degrees.inputs, OUTPUT_RULE),
  };
}

/** Layer widths of a mask set: D, then each hidden layer's. */
function widthsOf(masks: MaskSet): number[] {
  const dim = Math.round(Math.sqrt(masks.direct.length));
  const widths = [dim];
  for (const m of masks.hidden) widths.push(m.length / widths[widths.length - 1]!);
  if (masks.output.length !== widths[widths.length - 1]! * dim) throw new Error('MADE masks: shapes do not chain');
  return widths;
}

/**
 * paths[j * D + d]: the number of paths from input j to output d, through the hidden layers and
 * the direct connection. The network's output d can depend on input j only where it is nonzero.
 */
export function pathCounts(masks: MaskSet): Float64Array {
  const widths = widthsOf(masks);
  const dim = widths[0]!;
  // reach[j][u]: paths from input j to unit u of the current layer, starting at the inputs.
  let reach = new Float64Array(dim * dim);
  for (let j = 0; j < dim; j++) reach[j * dim + j] = 1;
  let width = dim;
  const step = (mask: Float32Array, to: number) => {
    const next = new Float64Array(dim * to);
    for (let j = 0; j < dim; j++) {
      for (let u = 0; u < width; u++) {
        const r = reach[j * width + u]!;
        if (r === 0) continue;
        for (let v = 0; v < to; v++) next[j * to + v]! += r * mask[u * to + v]!;
      }
    }
    reach = next;
    width = to;
  };
  masks.hidden.forEach((m, l) => step(m, widths[l + 1]!));
  step(masks.output, dim);
  for (let i = 0; i < dim * dim; i++) reach[i]! += masks.direct[i]!;
  return reach;
}

/** A connection that breaks the autoregressive property: output d sees input j, not before d. */
export interface Violation {
  input: number;
  output: number;
  /** The units along one such path: [input j, hidden unit of layer 1, …, output d]; [j, d] if direct. */
  path: number[];
}

/**
 * The first (by output, then input) pair where output d depends on an input j that does not come
 * before d in `order`, with one path that carries it; undefined when the property holds.
 */
export function findViolation(masks: MaskSet, order: Ordering): Violation | undefined {
  const degrees = inputDegrees(order);
  const widths = widthsOf(masks);
  const dim = widths[0]!;
  const paths = pathCounts(masks);
  for (let d = 0; d < dim; d++) {
    for (let j = 0; j < dim; j++) {
      if (paths[j * dim + d] === 0 || degrees[j]! < degrees[d]!) continue;
      return { input: j, output: d, path: onePath(masks, widths, j, d) };
    }
  }
  return undefined;
}

/**
 * One path from input j to output d (depth-first through the layers, each dead end visited once;
 * the direct connection if that is the only one).
 */
function onePath(masks: MaskSet, widths: number[], j: number, d: number): number[] {
  const dim = widths[0]!;
  const layers = [...masks.hidden, masks.output];
  const dead = layers.map(() => new Set<number>());
  const search = (layer: number, unit: number): number[] | undefined => {
    const mask = layers[layer]!;
    const to = layer === layers.length - 1 ? dim : widths[layer + 1]!;
    if (layer === layers.length - 1) return mask[unit * to + d] ? [d] : undefined;
    for (let v = 0; v < to; v++) {
      if (!mask[unit * to + v] || dead[layer + 1]!.has(v)) continue;
      const rest = search(layer + 1, v);
      if (rest) return [v, ...rest];
      dead[layer + 1]!.add(v);
    }
    return undefined;
  };
  const through = search(0, j);
  return through ? [j, ...through] : [j, d];
}
