/**
 * The shape checks every calibration function makes before it reads its input: n predictions of
 * `classes` scores each, row-major, with one integer label per prediction. A bad value is named
 * with its row, so that a broken export is found without printing 10,000 numbers.
 */

/** Scores for n predictions over C classes, row-major: row i is [i·C, (i + 1)·C). */
export type Scores = Float32Array | Float64Array;

/** Throws unless `scores` holds labels.length rows of `classes` values; returns n. */
export function checkShape(where: string, scores: Scores, labels: ArrayLike<number>, classes: number): number {
  if (!Number.isInteger(classes) || classes < 2)
    throw new Error(`${where}: classes must be an integer ≥ 2, got ${classes}`);
  const n = labels.length;
  if (n === 0) throw new Error(`${where}: no predictions (the labels are empty)`);
  if (scores.length !== n * classes) {
    throw new Error(
      `${where}: ${scores.length} scores for ${n} labels of ${classes} classes (need ${n} × ${classes} = ${n * classes})`,
    );
  }
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      throw new Error(`${where}: label ${i} is ${y}, not an integer class in 0…${classes - 1}`);
  }
  return n;
}

/** Throws at the first logit that is NaN or ±∞ (a diverged model, or a bad export). */
export function checkLogits(where: string, logits: Scores, classes: number): void {
  for (let k = 0; k < logits.length; k++) {
    if (!Number.isFinite(logits[k]!))
      throw new Error(`${where}: logit ${k % classes} of row ${Math.floor(k / classes)} is ${logits[k]}`);
  }
}

/**
 * Throws unless every row is a probability vector: values in [0, 1] and a sum within 1e-3 of 1
 * (room for a float32 softmax over many classes, not for logits passed by mistake). The rows are
 * used as given, not renormalised.
 */
export function checkProbabilities(where: string, probabilities: Scores, classes: number): void {
  for (let i = 0, k = 0; k < probabilities.length; i++) {
    let sum = 0;
    for (let c = 0; c < classes; c++, k++) {
      const p = probabilities[k]!;
      if (!(p >= 0 && p <= 1)) throw new Error(`${where}: probability ${c} of row ${i} is ${p}, not in [0, 1]`);
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-3) throw new Error(`${where}: row ${i} sums to ${sum}, not 1`);
  }
}

/** Throws unless T is a positive finite number. */
export function checkTemperature(where: string, temperature: number): void {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new Error(`${where}: the temperature must be positive and finite, got ${temperature}`);
}
