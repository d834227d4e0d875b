/**
 * Which runs the MADE post has: architectures, mask modes and seeds. The registry and the summary
 * read this; a run itself does not (made.ts makes one run from its settings), so adding seeds
 * adds runs without making the existing ones stale.
 */
import type { MaskMode } from '../made/fit.ts';

export const ARCHITECTURES = { '1x500': [500], '2x500': [500, 500] } as const;
export type Architecture = keyof typeof ARCHITECTURES;
export const MASK_MODES: readonly MaskMode[] = ['fixed', 'sampled'];
export const SEEDS = [1, 2, 3, 4, 5];
/** Ensemble sizes of the sampled models. */
export const ENSEMBLES = [1, 2, 4, 8, 16, 32];
/** The run whose model the demos load. */
export const DEMO_RUN = { architecture: '1x500', masks: 'sampled', seed: 1 } as const;

export const HOME = 'content/posts/made';
export const madeRunName = (architecture: Architecture, masks: MaskMode, seed: number) =>
  `made-${architecture}-${masks}-s${seed}`;
