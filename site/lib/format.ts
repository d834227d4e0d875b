/**
 * Numbers as posts print them: a real minus sign, fixed decimals, an explicit sign for differences,
 * and mean ± standard deviation.
 */

/** `value` with `digits` decimals and U+2212 for negatives (no "−0.00"). */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value} in a post`);
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `−${text}` : text;
}

/** A difference: as `formatNumber`, with "+" before a positive value (none before "0.00"). */
export function formatSigned(value: number, digits = 2): string {
  const text = formatNumber(value, digits);
  return value > 0 && Number(text) !== 0 ? `+${text}` : text;
}

/** "mean ± sd", both with `digits` decimals. */
export function formatMeanStd(stat: { mean: number; std: number }, digits = 2): string {
  return `${formatNumber(stat.mean, digits)} ± ${formatNumber(stat.std, digits)}`;
}
