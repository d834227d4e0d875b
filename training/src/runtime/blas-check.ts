/**
 * A start-up check of a native `cblas_sgemm` against a plain float64 product, so that a core (or a
 * library) that computes wrong products is never used silently: a few deterministic random
 * products, in all four transpositions, at sizes that reach the kernels' edge cases.
 */
import type { Blas } from './blas.ts';
import type { BlasCore, CorePlan } from './blas-core.ts';
import { describeCore } from './blas-core.ts';

/** C = op(A) op(B) in row-major storage (alpha 1, beta 0); C's previous content must not matter. */
export type Sgemm = Blas['sgemm'];

/**
 * [m, n, k]. Odd sizes, so every kernel's edge cases run. OpenBLAS 0.3.21 on an AVX-512 CPU takes
 * a different path by size and transposition: small-matrix kernels up to m·n·k = 10⁶ (the first
 * two shapes; the second is the small Aᵀ·B case), a "direct" kernel for A·B up to 2²¹ when n is odd
 * (the first), and packed kernels above (the third, in all four transpositions, with k beyond one
 * block of 448); row and column vectors take paths of their own.
 */
export const checkShapes: readonly (readonly [number, number, number])[] = [
  [37, 71, 53],
  [24, 40, 48],
  [23, 157, 581],
  [1, 70, 45],
  [45, 1, 70],
];

export type CheckResult = { ok: true } | { ok: false; detail: string };

const u = 2 ** -24; // float32 unit roundoff

/** Deterministic values uniform in [-1, 1), exact in float32 (xorshift32: cheap, which is all a check needs). */
function uniforms(count: number, state: { x: number }): Float32Array {
  const out = new Float32Array(count);
  let x = state.x;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 8) / 2 ** 23 - 1;
  }
  state.x = x;
  return out;
}

/** A·B in float64, from A (m×k) and Bᵀ (n×k), row-major: the reference, as plain as it gets. */
function product(a: Float64Array, bt: Float64Array, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p]! * bt[j * k + p]!;
      c[i * n + j] = sum;
    }
  }
  return c;
}

/** The k×m transpose of a row-major m×k matrix. */
function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(x.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j]!;
  return t;
}

/**
 * Compare `sgemm` with the float64 product on `checkShapes`, in all four transpositions (the same
 * product, with A and B stored transposed or not). An element passes when its error is within
 * 2·k·u·‖aᵢ‖‖bⱼ‖, twice the worst-case error of float32 in any summation order, with or without FMA
 * (k·u·Σ|a||b|, and Σ|a||b| ≤ ‖aᵢ‖‖bⱼ‖); it fails when wrong by more (a wrong kernel is wrong in
 * the leading digits), NaN, or left unwritten (C starts as NaN).
 */
export function checkSgemm(sgemm: Sgemm, shapes = checkShapes): CheckResult {
  const state = { x: 20240607 };
  for (const [m, n, k] of shapes) {
    const a = uniforms(m * k, state); // op(A), m×k
    const b = uniforms(k * n, state); // op(B), k×n
    const bt = transpose(b, k, n);
    // float32 products are exact in float64, so `expected` is the exact product to ~1e-16.
    const [a64, bt64] = [Float64Array.from(a), Float64Array.from(bt)];
    const expected = product(a64, bt64, m, n, k);
    // Σ|a||b| ≤ ‖row i of op(A)‖·‖column j of op(B)‖ (Cauchy–Schwarz): a bound at a tenth of the cost.
    const norms = (x: Float64Array, rows: number) => {
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += x[r * k + p]! ** 2;
        out[r] = Math.sqrt(s);
      }
      return out;
    };
    const [rowNorms, colNorms] = [norms(a64, m), norms(bt64, n)];
    const at = transpose(a, m, k);
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const c = new Float32Array(m * n).fill(NaN);
        sgemm(transA, transB, m, n, k, transA ? at : a, transA ? m : k, transB ? bt : b, transB ? k : n, c, n);
        let worst = -1;
        let worstExcess = 0;
        let wrong = 0;
        for (let e = 0; e < m * n; e++) {
          const bound = 2 * k * u * rowNorms[Math.floor(e / n)]! * colNorms[e % n]!;
          const error = Math.abs(c[e]! - expected[e]!);
          if (!(error <= bound)) {
            wrong++;
            const excess = Number.isNaN(error) ? Infinity : error / bound;
            if (worst < 0 || excess > worstExcess) [worst, worstExcess] = [e, excess];
          }
        }
        if (wrong) {
          const [i, j] = [Math.floor(worst / n), worst % n];
          return {
            ok: false,
            detail:
              `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} at ${m}×${n}×${k}: C[${i}][${j}] = ${c[worst]},` +
              ` expected ${expected[worst]!.toPrecision(8)} (${wrong} of ${m * n} elements wrong)`,
          };
        }
      }
    }
  }
  return { ok: true };
}

/**
 * What a failed check means. An explicit OPENBLAS_CORETYPE is an error that names it; otherwise the
 * library is not used (the stock wasm kernel stays) and the reason says why and what to try.
 */
export function checkVerdict(
  library: string,
  plan: CorePlan | undefined,
  core: BlasCore | undefined,
  result: CheckResult,
): { ok: true } | { ok: false; reason: string } {
  if (result.ok) return result;
  const what = `${library}${core ? ` with ${describeCore(core)}` : ''} computes wrong matrix products (${result.detail})`;
  if (plan?.source === 'environment') {
    throw new Error(`OPENBLAS_CORETYPE=${plan.coretype}: ${what}. Unset OPENBLAS_CORETYPE or choose another core.`);
  }
  const instead =
    core?.source === 'chosen'
      ? `; BR_BLAS_CORE=library keeps the library's own core${core.libraryPick ? ` (${core.libraryPick})` : ''}`
      : core
        ? '; OPENBLAS_CORETYPE=<core> tries another core'
        : '';
  return { ok: false, reason: `${what}: using the stock wasm kernel${instead}` };
}
