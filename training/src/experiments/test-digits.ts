/**
 * Not a model: the handful of test digits the demos offer to readers who would rather not draw,
 * exported from the test split as a small JSON file the site loads on demand
 * (site/data/mnist-test-digits.json). Registered as an experiment so that the cache rebuilds it
 * when the data or the file format change.
 */
import { packBits, type TestDigitsFile } from '@bounded-rationality/core/mnist/test-digits.ts';
import type { Experiment } from './types.ts';

export interface TestDigitsConfig {
  /** Digits per class, the first ones of that class in the split. */
  perClass: number;
}

export const testDigits: Experiment<TestDigitsConfig> = {
  name: 'mnist-test-digits',
  description: 'A few binarized mnist-10k test digits per class, for the demos',
  module: import.meta.url,
  home: 'site',
  dataset: 'mnist-10k',
  profiles: { smoke: { perClass: 2 }, full: { perClass: 2 } },
  async run({ config, data, out, progress }) {
    const { test } = data();
    const pixels = test.height * test.width;
    const digits: TestDigitsFile['digits'] = [];
    for (let label = 0; label < 10; label++) {
      let taken = 0;
      for (let index = 0; index < test.n && taken < config.perClass; index++) {
        if (test.labels[index] !== label) continue;
        digits.push({ label, index, bits: packBits(test.images.subarray(index * pixels, (index + 1) * pixels)) });
        taken++;
      }
    }
    const file: TestDigitsFile = { source: test.name, width: test.width, height: test.height, digits };
    progress.log(`mnist-test-digits: ${digits.length} digits from ${test.name}`);
    return [await out.writeJson(out.data, file)];
  },
};
