/**
 * Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations: slow in the
 * size (O(m³) per sweep) but simple, accurate to rounding and free of convergence pitfalls, which
 * is what PCA's Rayleigh–Ritz step (m ≤ a few hundred) needs.
 */

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** m × m, row-major, eigenvector j in column j: `vectors[i * m + j]`, unit norm. */
  vectors: Float64Array;
}

const maxSweeps = 100;

/** Eigenvalues and eigenvectors of the symmetric m × m matrix `a` (row-major; not modified). */
export function symmetricEigen(a: Float64Array, m: number): SymmetricEigen {
  if (a.length !== m * m) throw new Error(`symmetricEigen: ${a.length} values is not a ${m} × ${m} matrix`);
  const w = Float64Array.from(a);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  let total = 0;
  for (const x of w) total += x * x;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += w[p * m + q]! ** 2;
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = w[p * m + q]!;
        if (apq === 0) continue;
        // The rotation angle φ with cot 2φ = θ zeroes w[p, q]; t = tan φ is the smaller root.
        const theta = (w[q * m + q]! - w[p * m + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotateColumns(w, m, p, q, c, s);
        rotateRows(w, m, p, q, c, s);
        w[p * m + q] = 0;
        w[q * m + p] = 0;
        rotateColumns(v, m, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => w[j * m + j]! - w[i * m + i]!);
  const values = Float64Array.from(order, (i) => w[i * m + i]!);
  const vectors = new Float64Array(m * m);
  order.forEach((from, to) => {
    for (let i = 0; i < m; i++) vectors[i * m + to] = v[i * m + from]!;
  });
  return { values, vectors };
}

/** x ← x J for the rotation J in the (p, q) plane: columns p and q mix. */
function rotateColumns(x: Float64Array, m: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < m; k++) {
    const xp = x[k * m + p]!;
    const xq = x[k * m + q]!;
    x[k * m + p] = c * xp - s * xq;
    x[k * m + q] = s * xp + c * xq;
  }
}

/** x ← Jᵀ x: rows p and q mix. */
function rotateRows(x: Float64Array, m: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < m; k++) {
    const xp = x[p * m + k]!;
    const xq = x[q * m + k]!;
    x[p * m + k] = c * xp - s * xq;
    x[q * m + k] = s * xp + c * xq;
  }
}
