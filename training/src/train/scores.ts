/** Scoring classifiers: which images each got right, and the error rate the posts report. */

/** 1 where `predicted[i]` is `labels[i]`, else 0: per image, for paired comparisons between methods. */
export function correctness(predicted: ArrayLike<number>, labels: Uint8Array): Uint8Array {
  if (predicted.length !== labels.length) {
    throw new Error(`correctness: ${predicted.length} predictions for ${labels.length} labels`);
  }
  return Uint8Array.from(labels, (label, i) => (predicted[i] === label ? 1 : 0));
}

/** Percentage of images classified wrongly, in [0, 100]. */
export function errorPercent(correct: Uint8Array): number {
  if (correct.length === 0) throw new Error('errorPercent: no images');
  let right = 0;
  for (const c of correct) right += c;
  return (100 * (correct.length - right)) / correct.length;
}
