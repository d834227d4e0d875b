/** The results record of a latent-variable run, as the posts read it. */
import { mean } from '@bounded-rationality/core/stats/summary.ts';
import type { LatentRun, LatentTrainingConfig } from './fit.ts';

/** Metadata, config, data sizes, epochs, timings, metrics, then `extra`, then the history. */
export function resultsRecord(
  metadata: object,
  config: LatentTrainingConfig,
  run: LatentRun,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const { result } = run;
  return {
    ...metadata,
    config,
    data: run.data,
    epochs: { trained: result.history.length, best: result.bestEpoch, stoppedEarly: result.stoppedEarly },
    seconds: {
      training: run.trainSeconds,
      perEpochMean: mean(result.history.map((h) => h.seconds)),
      evaluation: run.evalSeconds,
    },
    metrics: run.metrics,
    importanceSamples: config.importanceSamples,
    ...extra,
    history: result.history,
  };
}
