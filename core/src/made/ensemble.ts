/**
 * An ensemble of MADE masks is a uniform mixture of K autoregressive models that share weights:
 * p(x) = (1/K) Σ_k p_k(x). Its log-likelihood is the log-mean-exp of the members' log-likelihoods,
 * computed stably. (Averaging the members' logits instead gives no distribution at all when their
 * orderings differ: each conditional conditions on different pixels.)
 */

/** log((1/K) Σ_k exp(values[k])), stable for values far below 0. */
export function logMeanExp(values: ArrayLike<number>): number {
  if (values.length === 0) throw new Error('logMeanExp: no values');
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) max = Math.max(max, values[k]!);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += Math.exp(values[k]! - max);
  return max + Math.log(sum / values.length);
}

/** Per example: log-mean-exp over the members' log-likelihoods, `members[k][i]` member k on example i. */
export function ensembleLogLikelihood(members: readonly ArrayLike<number>[]): Float64Array {
  if (members.length === 0) throw new Error('ensembleLogLikelihood: no members');
  const n = members[0]!.length;
  if (members.some((m) => m.length !== n)) throw new Error('ensembleLogLikelihood: members of different lengths');
  const out = new Float64Array(n);
  const column = new Float64Array(members.length);
  for (let i = 0; i < n; i++) {
    members.forEach((m, k) => (column[k] = m[i]!));
    out[i] = logMeanExp(column);
  }
  return out;
}
