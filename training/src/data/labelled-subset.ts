/**
 * The semi-supervised protocol's labelled subset: `count` training images, the same number from
 * each class, drawn by seed. The rest of the split is the unlabelled pool (its labels unused).
 */
import { Rng } from '../runtime/rng.ts';
import { labelCounts, subset, type ImageSet } from './dataset.ts';

export interface LabelledSplit {
  /** The labelled images, class-balanced, in drawing order (classes interleaved). */
  labelled: ImageSet;
  /** Every other image of the split; its labels are never used for training. */
  unlabelled: ImageSet;
  /** Positions of the labelled images in the split, in the order of `labelled`. */
  indices: number[];
}

/**
 * Draws `count` images of `set`, `count / classes` from each class, uniformly without replacement
 * within each class. The same seed gives the same subset; a larger count with the same seed is not
 * guaranteed to contain a smaller one.
 */
export function labelledSplit(set: ImageSet, count: number, seed: number, classes = 10): LabelledSplit {
  if (!Number.isInteger(count) || count <= 0 || count % classes !== 0) {
    throw new Error(`labelledSplit: ${count} labelled images cannot be split evenly over ${classes} classes`);
  }
  const perClass = count / classes;
  const counts = labelCounts(set, classes);
  counts.forEach((c, label) => {
    if (c < perClass)
      throw new Error(`labelledSplit: class ${label} of ${set.name} has ${c} images, ${perClass} needed`);
  });
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < set.n; i++) byClass[set.labels[i]!]!.push(i);
  const rng = new Rng(seed, 0x1abe1);
  const chosen = byClass.map((members) =>
    Array.from(rng.permutation(members.length).subarray(0, perClass), (j) => members[j]!),
  );
  // Interleave the classes, so that any prefix of the subset is close to balanced.
  const indices = Array.from({ length: count }, (_, k) => chosen[k % classes]![Math.floor(k / classes)]!);
  const taken = new Set(indices);
  const rest = Array.from({ length: set.n }, (_, i) => i).filter((i) => !taken.has(i));
  return {
    labelled: subset(set, indices, `${set.name}/labelled-${count}-s${seed}`),
    unlabelled: subset(set, rest, `${set.name}/unlabelled-${count}-s${seed}`),
    indices,
  };
}
