/**
 * How well the class input y controls what M2's decoder draws, from a judge's verdicts on images
 * rendered as every class: a source digit of class ℓ rendered as class c ≠ ℓ either shows c (the
 * rendering follows y) or still shows ℓ (the class stayed in z), or something else.
 */
export interface ClassConditioning {
  /** Renderings as a class other than the source's. */
  renderings: number;
  /** Share of them the judge calls the class they were rendered as. */
  followsY: number;
  /** Share of them the judge calls the source digit's own class. */
  keepsSource: number;
  /** followsY per class rendered as. */
  perClass: { class: number; followsY: number }[];
}

/**
 * `labels[i]` is source digit i's class; `seen[i · classes + c]` the judge's class for digit i
 * rendered as class c (image-major, as the renderings are laid out).
 */
export function classConditioning(
  labels: ArrayLike<number>,
  seen: ArrayLike<number>,
  classes: number,
): ClassConditioning {
  if (seen.length !== labels.length * classes)
    throw new Error(`classConditioning: ${seen.length} verdicts for ${labels.length} digits × ${classes} classes`);
  let renderings = 0;
  let followsY = 0;
  let keepsSource = 0;
  const perClass = Array.from({ length: classes }, () => ({ rendered: 0, followsY: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    for (let c = 0; c < classes; c++) {
      if (c === label) continue;
      const verdict = seen[i * classes + c]!;
      renderings++;
      perClass[c]!.rendered++;
      if (verdict === c) {
        followsY++;
        perClass[c]!.followsY++;
      } else if (verdict === label) keepsSource++;
    }
  }
  return {
    renderings,
    followsY: followsY / renderings,
    keepsSource: keepsSource / renderings,
    perClass: perClass.map((p, k) => ({ class: k, followsY: p.rendered === 0 ? NaN : p.followsY / p.rendered })),
  };
}
