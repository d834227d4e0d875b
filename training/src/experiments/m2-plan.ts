/**
 * Which runs the semi-supervised post has: label budgets and seeds. The registry, the baselines and
 * the summary read this; an M2 run itself does not (m2.ts makes one run from its budget and seed),
 * so adding seeds adds runs without making the existing ones stale.
 */

/** Labelled training images per run, balanced over the ten classes. */
export const LABEL_COUNTS = [100, 300, 1000];
/** A seed fixes the labelled subset and every random choice of the run. */
export const SEEDS = [1, 2, 3, 4, 5];
/** The run whose networks the demo loads. */
export const DEMO_RUN = { labels: 100, seed: 1 } as const;

/** The α sweep (α as a multiple of N; the paper's is 0.1), at the smallest budget on a seed of its own. */
export const ALPHA_SWEEP = { alphaScales: [0.1, 1, 10, 100], labels: 100, seed: 0 } as const;

export const HOME = 'content/posts/semi-supervised-vae';
export const m2RunName = (labels: number, seed: number) => `m2-l${labels}-s${seed}`;
/** Artifact names have no dots: α = 0.1 is `m2-alpha-0p1`. */
export const m2AlphaRunName = (alphaScale: number) => `m2-alpha-${String(alphaScale).replace('.', 'p')}`;
export const m1m2RunName = (seed: number) => `m1m2-s${seed}`;
