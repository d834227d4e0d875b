/**
 * Principal component analysis of rows: images for the feature map of the kNN and
 * logistic-regression baselines, codes for the M2 demo's style directions. The semi-supervised
 * experiments fit it on every training image's pixels, labelled or not: using the unlabelled
 * inputs is fair for every method (M2 sees them too), and only the labels are scarce.
 *
 * The covariance is accumulated over each row's nonzero entries (binarized digits are ~85 % zeros),
 * then the top k directions come from subspace iteration with a Rayleigh–Ritz step each round.
 */
import { Rng } from '../runtime/rng.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

export interface Pca {
  /** Input dimension d. */
  dim: number;
  /** Number of directions kept. */
  k: number;
  /** The fitted rows' mean, [d]. */
  mean: Float64Array;
  /**
   * Principal directions, row-major [k, d], by decreasing variance; unit norm, and each one's
   * largest-magnitude entry positive (the first such entry on a tie), so the signs are reproducible.
   */
  components: Float64Array;
  /** Variance of the fitted rows along each direction (covariance eigenvalues, n − 1 denominator), [k]. */
  variances: Float64Array;
  /** Trace of the covariance: the variances of all d directions together. */
  totalVariance: number;
  /** Subspace iterations used, and the largest ‖C v − λ v‖ / λ₁ of the kept directions at the end. */
  iterations: number;
  residual: number;
}

export interface PcaOptions {
  /** Extra directions iterated beside the k wanted, which speeds convergence (default max(10, k / 2)). */
  oversample?: number;
  /**
   * Stop when every kept direction's residual ‖C v − λ v‖ / λ₁ is below this (default 1e-7: on
   * MNIST the directions then agree with those of a 1e-10 fit to about 1e-11).
   */
  tolerance?: number;
  maxIterations?: number;
  /** Seed of the random starting subspace. */
  seed?: number;
}

/**
 * Fits PCA to the rows of `data`, row-major [n, dim], keeping the top `k` directions.
 * @throws if the iteration has not converged after `maxIterations`, with the residual reached.
 */
export function fitPca(data: Float32Array, dim: number, k: number, options: PcaOptions = {}): Pca {
  const n = data.length / dim;
  if (!Number.isInteger(n) || n < 2) throw new Error(`fitPca: ${data.length} values is not two or more rows of ${dim}`);
  if (!Number.isInteger(k) || k < 1 || k > dim)
    throw new Error(`fitPca: k must be an integer in [1, ${dim}], got ${k}`);
  const { tolerance = 1e-7, maxIterations = 2000, seed = 1 } = options;
  const m = Math.min(dim, k + (options.oversample ?? Math.max(10, Math.ceil(k / 2))));
  const { mean, covariance } = meanAndCovariance(data, n, dim);
  let totalVariance = 0;
  for (let i = 0; i < dim; i++) totalVariance += covariance[i * dim + i]!;

  // Blocks of m vectors are stored one vector per row, [m, dim], so every product is a dot product
  // or an axpy over contiguous memory.
  const rng = new Rng(seed, 0x9ca);
  let basis = orthonormalRows(
    Float64Array.from({ length: m * dim }, () => rng.normal()),
    m,
    dim,
  );
  for (let iteration = 1; ; iteration++) {
    const image = applySymmetric(covariance, basis, m, dim); // C q for each basis vector q
    const ritz = symmetricEigen(gram(basis, image, m, dim), m); // Qᵀ C Q = U Λ Uᵀ
    const vectors = combine(basis, ritz.vectors, m, dim); // Q U, the Ritz vectors
    const mapped = combine(image, ritz.vectors, m, dim); // C Q U
    const scale = Math.max(Math.abs(ritz.values[0]!), Number.MIN_VALUE);
    let residual = 0;
    for (let j = 0; j < k; j++) {
      let sq = 0;
      for (let i = 0; i < dim; i++) sq += (mapped[j * dim + i]! - ritz.values[j]! * vectors[j * dim + i]!) ** 2;
      residual = Math.max(residual, Math.sqrt(sq) / scale);
    }
    if (residual < tolerance) {
      const components = signed(vectors.slice(0, k * dim), k, dim);
      return {
        dim,
        k,
        mean,
        components,
        variances: ritz.values.slice(0, k),
        totalVariance,
        iterations: iteration,
        residual,
      };
    }
    if (iteration === maxIterations) {
      throw new Error(
        `fitPca: residual ${residual.toExponential(2)} after ${maxIterations} iterations (tolerance ${tolerance})`,
      );
    }
    basis = orthonormalRows(mapped, m, dim);
  }
}

/** Coordinates of each row of `data` [n, dim] along the first `k` directions (default all): [n, k]. */
export function project(pca: Pca, data: Float32Array, k = pca.k): Float32Array {
  const { dim, components } = pca;
  const n = data.length / dim;
  if (!Number.isInteger(n)) throw new Error(`project: ${data.length} values is not rows of ${dim}`);
  if (!Number.isInteger(k) || k < 1 || k > pca.k) throw new Error(`project: k must be in [1, ${pca.k}], got ${k}`);
  // (x − μ)·v = x·v − μ·v, with x·v summed over x's nonzero entries only.
  const offsets = Float64Array.from({ length: k }, (_, c) => dot(pca.mean, 0, components, c * dim, dim));
  const out = new Float32Array(n * k);
  const nonzero = new Int32Array(dim);
  for (let r = 0; r < n; r++) {
    const row = r * dim;
    let count = 0;
    for (let j = 0; j < dim; j++) if (data[row + j] !== 0) nonzero[count++] = j;
    for (let c = 0; c < k; c++) {
      let s = -offsets[c]!;
      for (let t = 0; t < count; t++) s += data[row + nonzero[t]!]! * components[c * dim + nonzero[t]!]!;
      out[r * k + c] = s;
    }
  }
  return out;
}

/** Mean [dim] and covariance [dim, dim] (n − 1 denominator) of the rows, in Float64. */
function meanAndCovariance(data: Float32Array, n: number, dim: number) {
  const mean = new Float64Array(dim);
  const second = new Float64Array(dim * dim); // Σ x xᵀ, upper triangle
  const nonzero = new Int32Array(dim);
  const values = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    let count = 0;
    for (let j = 0; j < dim; j++) {
      const x = data[r * dim + j]!;
      if (x === 0) continue;
      mean[j]! += x;
      nonzero[count] = j;
      values[count++] = x;
    }
    for (let a = 0; a < count; a++) {
      const base = nonzero[a]! * dim;
      const va = values[a]!;
      for (let b = a; b < count; b++) second[base + nonzero[b]!]! += va * values[b]!;
    }
  }
  for (let j = 0; j < dim; j++) mean[j]! /= n;
  // Uncentred moments lose precision when the mean dwarfs the spread; pixels in [0, 1] do not.
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const c = (second[i * dim + j]! - n * mean[i]! * mean[j]!) / (n - 1);
      covariance[i * dim + j] = c;
      covariance[j * dim + i] = c;
    }
  }
  return { mean, covariance };
}

/** The symmetric c [dim, dim] applied to each row of block [m, dim]. */
function applySymmetric(c: Float64Array, block: Float64Array, m: number, dim: number): Float64Array {
  const out = new Float64Array(m * dim);
  // Row i of c meets every block vector while it is in cache.
  for (let i = 0; i < dim; i++) for (let j = 0; j < m; j++) out[j * dim + i] = dot(c, i * dim, block, j * dim, dim);
  return out;
}

/** The m × m matrix of dot products a_i · b_j of the rows, symmetrized (symmetric up to rounding here). */
function gram(a: Float64Array, b: Float64Array, m: number, dim: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const s = (dot(a, i * dim, b, j * dim, dim) + dot(a, j * dim, b, i * dim, dim)) / 2;
      out[i * m + j] = s;
      out[j * m + i] = s;
    }
  }
  return out;
}

/** Row j of the result is Σ_a u[a, j] · block row a: the block times the m × m matrix u. */
function combine(block: Float64Array, u: Float64Array, m: number, dim: number): Float64Array {
  const out = new Float64Array(m * dim);
  for (let j = 0; j < m; j++) {
    for (let a = 0; a < m; a++) axpy(u[a * m + j]!, block, a * dim, out, j * dim, dim);
  }
  return out;
}

/** The rows of block [m, dim] made orthonormal by modified Gram–Schmidt, twice for accuracy. */
function orthonormalRows(block: Float64Array, m: number, dim: number): Float64Array {
  const q = Float64Array.from(block);
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < m; j++) {
      for (let p = 0; p < j; p++) axpy(-dot(q, p * dim, q, j * dim, dim), q, p * dim, q, j * dim, dim);
      const norm = Math.sqrt(dot(q, j * dim, q, j * dim, dim));
      if (!(norm > 0)) throw new Error(`orthonormalRows: vector ${j} depends on the ones before it`);
      for (let i = 0; i < dim; i++) q[j * dim + i]! /= norm;
    }
  }
  return q;
}

/** Flips each row of v [k, dim] so that its largest-magnitude entry (the first on a tie) is positive. */
function signed(v: Float64Array, k: number, dim: number): Float64Array {
  for (let c = 0; c < k; c++) {
    let largest = 0;
    for (let j = 1; j < dim; j++) if (Math.abs(v[c * dim + j]!) > Math.abs(v[c * dim + largest]!)) largest = j;
    if (v[c * dim + largest]! < 0) for (let j = 0; j < dim; j++) v[c * dim + j] = -v[c * dim + j]!;
  }
  return v;
}

function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += a[aOffset + i]! * b[bOffset + i]!;
  return s;
}

/** y[yOffset …] += alpha · x[xOffset …], over `length` entries. */
function axpy(alpha: number, x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, length: number): void {
  for (let i = 0; i < length; i++) y[yOffset + i]! += alpha * x[xOffset + i]!;
}
