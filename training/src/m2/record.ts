/** What a results file records of one semi-supervised fit, as the post's summary reads it. */
import { mean } from '@bounded-rationality/core/stats/summary.ts';
import type { M2Run } from './fit.ts';

export function m2Record(trained: M2Run) {
  const { result } = trained;
  return {
    data: trained.data,
    epochs: { trained: result.history.length, best: result.bestEpoch, stoppedEarly: result.stoppedEarly },
    seconds: {
      training: trained.trainSeconds,
      perEpochMean: mean(result.history.map((h) => h.seconds)),
      evaluation: trained.evalSeconds,
    },
    validationAccuracy: result.bestValidation,
    testError: trained.testError,
    labelledError: trained.labelledError,
    test: trained.test,
    confusion: trained.confusion,
    labelledIndices: trained.labelledIndices,
    testCorrect: trained.testCorrect,
    history: result.history,
  };
}

export type M2Record = ReturnType<typeof m2Record>;
