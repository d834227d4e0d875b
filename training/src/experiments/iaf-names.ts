/**
 * Where the IAF post's artifacts live and what its runs are called: stable facts that the runs
 * (iaf.ts), their summary and the posterior study share. Which runs exist is iaf-plan.ts's.
 */

/** Where the post and its artifacts live. */
export const HOME = 'content/posts/vae-iaf';

export const runName = (latentDim: number, steps: number, seed?: number) =>
  `iaf-z${latentDim}-t${steps}${seed === undefined ? '' : `-s${seed}`}`;
