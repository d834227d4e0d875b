/**
 * The plan of the IAF post's experiments, shared by the training runs (iaf.ts), their summary
 * (iaf-summary.ts) and the posterior study (iaf-posteriors.ts) without importing any training
 * code: the summary and the study are keyed on what they read, not on the training loop.
 */

/** Where the post and its artifacts live. */
export const HOME = 'content/posts/vae-iaf';

/** Flow steps T of the latent-32 comparison (T = 0 is the diagonal-Gaussian VAE), and its seeds. */
export const STEPS = [0, 1, 2, 4];
export const SEEDS = [1, 2, 3];

/** The two 2-D models of the posterior study and the demos. */
export const TWO_D_STEPS = [0, 4];

export const runName = (latentDim: number, steps: number, seed?: number) =>
  `iaf-z${latentDim}-t${steps}${seed === undefined ? '' : `-s${seed}`}`;
