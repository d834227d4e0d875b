/**
 * An ensemble's prediction as logits: the log of the members' mean probability,
 * log (1/M) Σ_m softmax(z_m), computed stably. Softmax of these logits is exactly the averaged
 * prediction, so everything that takes logits (calibration metrics, temperature scaling) takes an
 * ensemble too, and a temperature fitted on them scales the ensemble as a whole.
 */

/** Members' logits (each n × classes, row-major) → the ensemble's logits, n × classes. */
export function ensembleLogits(members: readonly ArrayLike<number>[], classes: number): Float64Array {
  if (members.length === 0) throw new Error('ensembleLogits: no members');
  const size = members[0]!.length;
  if (!Number.isInteger(classes) || classes < 1 || size % classes !== 0)
    throw new Error(`ensembleLogits: ${size} logits are not rows of ${classes} classes`);
  if (members.some((m) => m.length !== size)) throw new Error('ensembleLogits: the members have different sizes');
  const out = new Float64Array(size);
  const logMembers = Math.log(members.length);
  const lse = new Float64Array(members.length);
  for (let row = 0; row < size; row += classes) {
    // Each member's log-normaliser logsumexp(z_m), once per row.
    members.forEach((z, m) => {
      let max = -Infinity;
      for (let k = 0; k < classes; k++) max = Math.max(max, z[row + k]!);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += Math.exp(z[row + k]! - max);
      lse[m] = max + Math.log(sum);
    });
    for (let c = 0; c < classes; c++) {
      // log Σ_m p_m(c), with log p_m(c) = z_mc − lse_m, by log-sum-exp over the members.
      let top = -Infinity;
      members.forEach((z, m) => (top = Math.max(top, z[row + c]! - lse[m]!)));
      let total = 0;
      members.forEach((z, m) => (total += Math.exp(z[row + c]! - lse[m]! - top)));
      out[row + c] = top + Math.log(total) - logMembers;
    }
  }
  return out;
}
