/**
 * The one in-memory shape every dataset loader returns, and the pure operations on it (checked
 * construction, binarization, row selection, label counts). No file access here.
 */

/**
 * A labelled set of single-channel images.
 *
 * `images` holds `n` images one after another, each `height × width` pixels in row-major order, so
 * pixel (r, c) of image k is `images[k * height * width + r * width + c]`. Values are intensities in
 * [0, 1] (0 = background), or exactly 0 and 1 after {@link binarize}. `labels[k]` is image k's class.
 * Sets returned by the loaders may be shared with other callers: treat the arrays as read-only.
 */
export interface ImageSet {
  /** Where the set came from, e.g. `mnist-10k/train`. */
  name: string;
  /** n × (height · width) floats, row-major, in [0, 1]. */
  images: Float32Array;
  /** n class indices. */
  labels: Uint8Array;
  /** Number of images. */
  n: number;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
}

/** The three disjoint parts of a dataset: fit on train, select on validation, report on test. */
export interface Splits {
  train: ImageSet;
  validation: ImageSet;
  test: ImageSet;
}

export type SplitName = keyof Splits;

/** Builds an ImageSet, taking `n` from the labels and checking that the images fill n × height × width. */
export function createImageSet(fields: Omit<ImageSet, 'n'>): ImageSet {
  const { name, images, labels, height, width } = fields;
  for (const [what, value] of [
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name}: ${what} must be a positive integer, got ${value}`);
  }
  const n = labels.length;
  if (images.length !== n * height * width) {
    throw new Error(
      `${name}: ${n} labels × ${height}×${width} pixels needs ${n * height * width} pixel values, got ${images.length}`,
    );
  }
  return { name, images, labels, n, height, width };
}

/**
 * A new set whose pixels are 1 where the input pixel is strictly greater than `threshold` and 0
 * elsewhere (so a pixel equal to the threshold becomes 0). Labels are copied.
 */
export function binarize(set: ImageSet, threshold = 0.5): ImageSet {
  if (!Number.isFinite(threshold)) throw new Error(`binarize: threshold must be a finite number, got ${threshold}`);
  const images = new Float32Array(set.images.length);
  for (let i = 0; i < images.length; i++) images[i] = set.images[i]! > threshold ? 1 : 0;
  return { ...set, images, labels: set.labels.slice() };
}

/**
 * A new set holding rows `indices` of `set`, in that order (repeats allowed), copied.
 * @param indices image positions, each an integer in [0, set.n).
 */
export function subset(set: ImageSet, indices: ArrayLike<number>, name = set.name): ImageSet {
  const dim = set.height * set.width;
  const images = new Float32Array(indices.length * dim);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= set.n) {
      throw new Error(`subset of ${set.name}: index ${i} (at position ${k}) is not an integer in [0, ${set.n})`);
    }
    images.set(set.images.subarray(i * dim, (i + 1) * dim), k * dim);
    labels[k] = set.labels[i]!;
  }
  return { name, images, labels, n: indices.length, height: set.height, width: set.width };
}

/** How many images carry each label 0 … classes − 1; `counts[c]` is the count for class c. */
export function labelCounts(set: ImageSet, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of set.labels) {
    if (label >= classes) throw new Error(`${set.name}: label ${label} is outside 0..${classes - 1}`);
    counts[label]!++;
  }
  return counts;
}

/** `count` images spread evenly over the set (the splits are in class order, so never the first few). */
export function spread(set: ImageSet, count: number): ImageSet {
  const n = Math.min(set.n, count);
  return subset(
    set,
    Array.from({ length: n }, (_, i) => Math.floor((i * set.n) / n)),
  );
}
