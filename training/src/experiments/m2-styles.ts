/**
 * The semi-supervised post's style figure (`m2-styles`), drawn from the demo run's exported models
 * exactly as the page runs them: for test digits spread over the classes, the image itself, then
 * the decoder's rendering of its code z = μ(x, ŷ) (ŷ the classifier's guess) with every class
 * y = 0…9. If z carries the style and y the class, each row is one handwriting in ten digits.
 *
 * Whether it does is measured, not read off the figure: more test digits are rendered as every
 * class, and a judge that never saw M2 (3-nearest-neighbours in pixel space over the whole labelled
 * training split) says which digit each rendering shows. Rendered as class c, a rendering that the
 * judge calls c follows y; one that it calls the source digit's own class kept the class in z.
 */
import { m2Classifier, m2Decoder, m2Encoder, oneHotRows } from '@bounded-rationality/core/m2/contract.ts';
import { spread } from '../data/index.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { knnClassify } from '../baselines/knn.ts';
import { classConditioning } from '../m2/conditioning.ts';
import { runModel, withSession } from '../onnx/run.ts';
import type { Experiment } from './types.ts';
import { DEMO_RUN, HOME, m2RunName } from './m2-plan.ts';

export interface M2StylesConfig {
  /** Test digits drawn, one row each. */
  rows: number;
  /** Test digits (spread over the split) whose renderings the judge classifies. */
  judged: number;
}

/** The judge: k-nearest-neighbours over the training split. */
const JUDGE_K = 3;

const argmax = (v: Float32Array, from: number, n: number) => {
  let best = 0;
  for (let k = 1; k < n; k++) if (v[from + k]! > v[from + best]!) best = k;
  return best;
};

export function m2Styles(): Experiment<M2StylesConfig> {
  const source = m2RunName(DEMO_RUN.labels, DEMO_RUN.seed);
  return {
    name: 'm2-styles',
    description: 'Test digits and their style rendered as every class, by the demo run’s exported M2',
    module: import.meta.url,
    home: HOME,
    dataset: 'mnist-10k',
    after: [source],
    profiles: { smoke: { rows: 4, judged: 20 }, full: { rows: 10, judged: 300 } },
    async run(ctx) {
      const { config, out } = ctx;
      const models = ctx.upstream(source);
      const bytes = (role: string) => models.readBytes(models.model(role));
      const { latentDim, classes } = models.readJson<{ latentDim: number; classes: number }>(models.data);
      const splits = ctx.data();
      const pixels = splits.test.height * splits.test.width;

      /** The classifier's guesses for `images`, and every image rendered as every class, image-major. */
      const renderAsEveryClass = async (images: Float32Array) => {
        const n = images.length / pixels;
        const probabilities = await withSession(bytes('classifier'), async (s) =>
          m2Classifier.probabilities(await runModel(s, m2Classifier.feeds(images, pixels))),
        );
        const guesses = Array.from({ length: n }, (_, i) => argmax(probabilities, i * classes, classes));
        const z = await withSession(bytes('encoder'), async (s) =>
          m2Encoder.mean(await runModel(s, m2Encoder.feeds(images, oneHotRows(guesses, classes), pixels, classes))),
        );
        // Every image's code once per class, image-major: row i·C + c is image i as class c.
        const codes = new Float32Array(n * classes * latentDim);
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < classes; c++)
            codes.set(z.subarray(i * latentDim, (i + 1) * latentDim), (i * classes + c) * latentDim);
        }
        const labels = Array.from({ length: n * classes }, (_, r) => r % classes);
        const decoded = await withSession(bytes('decoder'), async (s) =>
          m2Decoder.probabilities(
            await runModel(s, m2Decoder.feeds(codes, oneHotRows(labels, classes), latentDim, classes)),
          ),
        );
        return { guesses, decoded };
      };

      const test = spread(splits.test, config.rows);
      const n = test.n;
      const { guesses, decoded } = await renderAsEveryClass(test.images);
      const columns = classes + 1;
      const images = new Float32Array(n * columns * pixels);
      for (let i = 0; i < n; i++) {
        images.set(test.images.subarray(i * pixels, (i + 1) * pixels), i * columns * pixels);
        images.set(decoded.subarray(i * classes * pixels, (i + 1) * classes * pixels), (i * columns + 1) * pixels);
      }
      const figure = await out.write(
        out.figure('styles', 'png'),
        imageGridPng({ images, n: n * columns, columns, height: test.height, width: test.width, scale: 2 }),
      );

      const judged = spread(splits.test, config.judged);
      const rendered = await renderAsEveryClass(judged.images);
      const judge = (queries: Float32Array) =>
        knnClassify(splits.train.images, splits.train.labels, queries, pixels, JUDGE_K, classes);
      const onRealDigits = judge(judged.images);
      const onRenderings = judge(rendered.decoded);
      const results = await out.writeJson(out.results, {
        ...ctx.metadata,
        source,
        rows: test.labels.length,
        labels: Array.from(test.labels),
        guesses,
        classConditioning: {
          judge: `${JUDGE_K}-nearest-neighbours in pixel space over the ${splits.train.n} labelled training images`,
          digits: judged.n,
          judgeAccuracy: onRealDigits.filter((c, i) => c === judged.labels[i]).length / judged.n,
          classifierAccuracy: rendered.guesses.filter((c, i) => c === judged.labels[i]).length / judged.n,
          ...classConditioning(judged.labels, onRenderings, classes),
        },
      });
      return [figure, results];
    },
  };
}
