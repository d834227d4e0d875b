/** Summaries of samples (seeds, test images): the mean, the spread and the standard error. */

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** The sample standard deviation (n − 1 in the denominator); 0 for a single value. */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

/** Standard error of the mean. */
export function standardError(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / (values.length - 1) / values.length);
}

/** Mean and sample standard deviation of a few values (for example one per seed), with the values. */
export function meanStd(values: number[]): { mean: number; std: number; values: number[] } {
  return { mean: mean(values), std: standardDeviation(values), values };
}
