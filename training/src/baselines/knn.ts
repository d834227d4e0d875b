/**
 * k-nearest-neighbour classification by Euclidean distance (the baselines use it in PCA space).
 * Neighbours are found once for the largest k, so a grid over k costs one search.
 */

/**
 * For each row of `queries` [q, dim], the positions of its `k` nearest rows of `reference`
 * [n, dim], nearest first; equal distances are ordered by position, so the result is deterministic.
 * Returns [q, k], row-major.
 */
export function nearestNeighbours(reference: Float32Array, queries: Float32Array, dim: number, k: number): Int32Array {
  const n = reference.length / dim;
  const q = queries.length / dim;
  if (!Number.isInteger(n) || !Number.isInteger(q)) throw new Error(`nearestNeighbours: data are not rows of ${dim}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`nearestNeighbours: k must be in [1, ${n}], got ${k}`);
  const out = new Int32Array(q * k);
  const bestDistance = new Float64Array(k);
  const bestIndex = new Int32Array(k);
  for (let a = 0; a < q; a++) {
    let filled = 0;
    for (let b = 0; b < n; b++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (queries[a * dim + j]! - reference[b * dim + j]!) ** 2;
      // Insertion into the sorted list; b only grows, so a strict < keeps earlier positions first on ties.
      if (filled === k && d >= bestDistance[k - 1]!) continue;
      let slot = filled < k ? filled++ : k - 1;
      while (slot > 0 && d < bestDistance[slot - 1]!) {
        bestDistance[slot] = bestDistance[slot - 1]!;
        bestIndex[slot] = bestIndex[slot - 1]!;
        slot--;
      }
      bestDistance[slot] = d;
      bestIndex[slot] = b;
    }
    out.set(bestIndex, a * k);
  }
  return out;
}

/**
 * Majority vote among each query's first `k` neighbours (rows of `neighbours`, width `width` ≥ k,
 * nearest first, as from {@link nearestNeighbours}). A tie between classes goes to the class of the
 * nearest neighbour among the tied classes.
 */
export function vote(neighbours: Int32Array, width: number, labels: Uint8Array, k: number, classes = 10): Uint8Array {
  if (!Number.isInteger(k) || k < 1 || k > width) throw new Error(`vote: k must be in [1, ${width}], got ${k}`);
  const q = neighbours.length / width;
  const out = new Uint8Array(q);
  const votes = new Int32Array(classes);
  for (let a = 0; a < q; a++) {
    votes.fill(0);
    let most = 0;
    for (let t = 0; t < k; t++) most = Math.max(most, ++votes[labels[neighbours[a * width + t]!]!]!);
    // Nearest first: the first neighbour whose class has the most votes wins the tie.
    for (let t = 0; t < k; t++) {
      const label = labels[neighbours[a * width + t]!]!;
      if (votes[label] === most) {
        out[a] = label;
        break;
      }
    }
  }
  return out;
}

/** The k-NN class of each row of `queries`, given `reference` rows and their labels. */
export function knnClassify(
  reference: Float32Array,
  labels: Uint8Array,
  queries: Float32Array,
  dim: number,
  k: number,
  classes = 10,
): Uint8Array {
  return vote(nearestNeighbours(reference, queries, dim, k), k, labels, k, classes);
}
