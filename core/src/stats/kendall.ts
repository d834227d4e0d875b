/**
 * Kendall's rank correlation τ_b between two scorings of the same items: (concordant − discordant)
 * pairs over √((pairs − ties in a)(pairs − ties in b)), so ties in either scoring are allowed. It is
 * 1 when the orders agree, −1 when one reverses the other. O(n²), which is fine for rankings of a
 * few hundred players.
 */
export function kendallTau(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`kendallTau: ${a.length} scores against ${b.length}`);
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  let pairs = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i]! - a[j]!);
      const db = Math.sign(b[i]! - b[j]!);
      pairs++;
      if (da === 0) tiesA++;
      if (db === 0) tiesB++;
      if (da !== 0 && db !== 0) {
        if (da === db) concordant++;
        else discordant++;
      }
    }
  }
  const denominator = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  if (denominator === 0) throw new Error('kendallTau: one scoring ties every pair');
  return (concordant - discordant) / denominator;
}
