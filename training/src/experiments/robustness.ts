/**
 * The robustness experiment of the essay "The Hard Thing about Machine Learning"
 * (content/posts/hard-thing-about-ml): an ensemble of MLP classifiers trained on mnist-10k's grey
 * levels, temperatures fitted on its validation split, then accuracy, NLL and calibration (ECE,
 * 15 bins) as the test digits are shifted in the spirit of MNIST-C (robustness/study.ts). It also
 * exports the ensemble for the page's demo, which shifts digits with the same core code, and a
 * batch of test digits for it to shift.
 */
import * as tf from '@tensorflow/tfjs';
import { SHIFTS } from '@bounded-rationality/core/shift/registry.ts';
import { loadMnist10kGrayscale } from '../data/mnist10k.ts';
import { spread, type ImageSet } from '../data/index.ts';
import {
  classifierLogits,
  createMlpClassifier,
  trainMlpClassifier,
  type MlpClassifier,
  type MlpTraining,
} from '../baselines/mlp-classifier.ts';
import { exportEnsembleClassifier } from '../export/ensemble-classifier.ts';
import { linePlot } from '../figures/svg-plot.ts';
import { fitTemperatures, shiftStudy, type StudyConfig } from '../robustness/study.ts';
import type { Experiment } from './types.ts';
import { join } from 'node:path';

export interface RobustnessConfig {
  members: number;
  hidden: number;
  training: Omit<MlpTraining, 'seed'>;
  study: Omit<StudyConfig, 'classes'>;
  /** Test digits the page's demo shifts (spread over the split). */
  demoDigits: number;
  /** Use n training/validation/test images spread over each split (smoke runs); undefined for all. */
  limit?: number;
}

const classes = 10;
const limited = (set: ImageSet, limit: number | undefined) => (limit === undefined ? set : spread(set, limit));

/** Grey levels as bytes, base64: the demo's digits in a small JSON file. */
function packGrey(images: Float32Array): string {
  return Buffer.from(Uint8Array.from(images, (v) => Math.round(v * 255))).toString('base64');
}

export const robustness: Experiment<RobustnessConfig> = {
  name: 'robust-predictions',
  description:
    'An ensemble of MLP classifiers on mnist-10k: accuracy, NLL and calibration under shifted digits, raw and temperature-scaled',
  module: import.meta.url,
  home: 'content/posts/hard-thing-about-ml',
  // The fingerprint of mnist-10k's source files; the run reads their grey levels (same split).
  dataset: 'mnist-10k',
  profiles: {
    smoke: {
      members: 2,
      hidden: 16,
      training: { weightDecay: 0, batchSize: 100, maxEpochs: 2, patience: 2, learningRate: 1e-3 },
      study: { bins: 15, seed: 1, bootstrap: 10 },
      demoDigits: 50,
      limit: 300,
    },
    full: {
      members: 5,
      hidden: 128,
      training: { weightDecay: 0, batchSize: 100, maxEpochs: 60, patience: 8, learningRate: 1e-3 },
      study: { bins: 15, seed: 1, bootstrap: 200 },
      demoDigits: 500,
    },
  },
  async run(ctx) {
    const { config, out } = ctx;
    const grey = loadMnist10kGrayscale();
    const train = limited(grey.train, config.limit);
    const validation = limited(grey.validation, config.limit);
    const test = limited(grey.test, config.limit);
    const pixels = train.height * train.width;

    const members: MlpClassifier[] = [];
    const epochs: { trained: number; best: number }[] = [];
    for (let m = 0; m < config.members; m++) {
      const model = createMlpClassifier(pixels, config.hidden, classes, m + 1);
      const label = `${ctx.metadata.experiment}-member${m + 1}`;
      const result = await trainMlpClassifier(
        model,
        train,
        validation,
        { ...config.training, seed: m + 1 },
        {
          label,
          checkpointPath: join(ctx.checkpointDir, `${label}.ckpt`),
          runKey: `${ctx.runKey}/${label}`,
          progress: ctx.progress,
        },
      );
      members.push(model);
      epochs.push({ trained: result.history.length, best: result.bestEpoch });
    }
    const logitsOf = (images: Float32Array, n: number) =>
      members.map((m) =>
        tf.tidy(() => classifierLogits(m, tf.tensor2d(images, [n, pixels])).dataSync() as Float32Array),
      );

    const temperatures = fitTemperatures(logitsOf(validation.images, validation.n), validation.labels, classes);
    const study = shiftStudy(logitsOf, test.images, test.labels, temperatures, { ...config.study, classes });

    const demo = spread(test, config.demoDigits);
    const exported = await exportEnsembleClassifier(members, demo.images, {
      ...ctx.metadata,
      members: String(config.members),
      temperatures: JSON.stringify(temperatures),
    });
    members.forEach((m) => m.params.dispose());

    const written = [await out.write(out.model('ensemble'), exported.bytes)];
    written.push(
      await out.writeJson(out.data, {
        experiment: ctx.metadata.experiment,
        members: config.members,
        classes,
        temperatures,
        digits: { n: demo.n, side: demo.height, labels: Array.from(demo.labels), grey: packGrey(demo.images) },
      }),
    );
    written.push(
      await out.writeJson(out.results, {
        ...ctx.metadata,
        config,
        data: { train: train.n, validation: validation.n, test: test.n },
        epochs,
        onnxParityMaxDiff: exported.parity,
        temperatures,
        ...study,
      }),
    );

    // Mean over the shifts at each severity: what the figures draw, per shift in the results.
    const severities = [0, 1, 2, 3, 4, 5];
    const meanOverShifts = (value: (p: (typeof study.shifts)[number]['severities'][number]) => number) =>
      severities.map((s) =>
        s === 0 ? NaN : study.shifts.reduce((sum, shift) => sum + value(shift.severities[s - 1]!), 0) / SHIFTS.length,
      );
    const curve = (atZero: number, values: number[]) =>
      severities.map((s) => [s, s === 0 ? atZero : values[s]!] as const);
    const u = study.unshifted;
    const series = (metric: 'ece' | 'accuracy', scale: number) => [
      {
        name: 'one network, raw',
        points: curve(
          u.single.raw[metric].mean * scale,
          meanOverShifts((p) => p.single.raw[metric].mean * scale),
        ),
      },
      {
        name: 'one network, temperature-scaled',
        points: curve(
          u.single.scaled[metric].mean * scale,
          meanOverShifts((p) => p.single.scaled[metric].mean * scale),
        ),
        dashed: true,
      },
      {
        name: `ensemble of ${config.members}, raw`,
        points: curve(
          u.ensemble.raw[metric].value * scale,
          meanOverShifts((p) => p.ensemble.raw[metric].value * scale),
        ),
      },
      {
        name: `ensemble of ${config.members}, temperature-scaled`,
        points: curve(
          u.ensemble.scaled[metric].value * scale,
          meanOverShifts((p) => p.ensemble.scaled[metric].value * scale),
        ),
        dashed: true,
      },
    ];
    written.push(
      await out.write(
        out.figure('ece', 'svg'),
        linePlot({
          title: 'Calibration error as the digits shift',
          description: `Expected calibration error (15 bins, %) against shift severity, averaged over the ${SHIFTS.length} shifts (severity 0 is the unshifted test split), for one network (mean over ${config.members}) and the ensemble, with raw and temperature-scaled confidences; the temperatures were fitted on the unshifted validation split.`,
          xLabel: 'shift severity',
          yLabel: 'ECE (%)',
          series: series('ece', 100),
        }),
      ),
      await out.write(
        out.figure('accuracy', 'svg'),
        linePlot({
          title: 'Accuracy as the digits shift',
          description: `Test accuracy (%) against shift severity, averaged over the ${SHIFTS.length} shifts, for one network (mean over ${config.members}) and the ensemble. Temperature scaling does not change which class is predicted, so the scaled lines lie on the raw ones.`,
          xLabel: 'shift severity',
          yLabel: 'accuracy (%)',
          series: series('accuracy', 100).filter((_, i) => i % 2 === 0),
        }),
      ),
    );
    const reliability = (diagram: (typeof u.ensemble.reliability)['raw']) =>
      Array.from(diagram.count)
        .map((count, b) => [diagram.confidence[b]!, diagram.accuracy[b]!, count] as const)
        .filter(([, , count]) => count > 0)
        .map(([c, a]) => [c * 100, a * 100] as const);
    const rotation = study.shifts.find((s) => s.id === 'rotate')!.severities[2]!;
    written.push(
      await out.write(
        out.figure('reliability', 'svg'),
        linePlot({
          title: 'Reliability of the temperature-scaled ensemble',
          description: `Accuracy against mean confidence in each of 15 confidence bins (empty bins left out) for the temperature-scaled ensemble, on the unshifted test split and with the digits rotated by ${rotation.amount} degrees; on the diagonal, confidence matches accuracy.`,
          xLabel: 'confidence (%)',
          yLabel: 'accuracy (%)',
          xDomain: [0, 100],
          yDomain: [0, 100],
          series: [
            {
              name: 'calibrated (diagonal)',
              points: [
                [0, 0],
                [100, 100],
              ],
              dashed: true,
            },
            { name: 'unshifted', points: reliability(u.ensemble.reliability.scaled) },
            { name: `rotated ${rotation.amount}°`, points: reliability(rotation.ensemble.reliability.scaled) },
          ],
        }),
      ),
    );
    return written;
  },
};
