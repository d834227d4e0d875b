/**
 * Not a model: the handful of test digits the demos offer to readers who would rather not draw,
 * exported from the test split as a small JSON file the site loads on demand. Registered as an
 * experiment so that the cache rebuilds it when the data or the file format change.
 */
import { join } from 'node:path';
import { loadDataset } from '../data/index.ts';
import { writeAtomic } from '../runtime/write-atomic.ts';
import { packBits, type TestDigitsFile } from '@bounded-rationality/core/mnist/test-digits.ts';
import type { Experiment } from './types.ts';

export interface TestDigitsConfig {
  /** Digits per class, the first ones of that class in the split. */
  perClass: number;
}

export const TEST_DIGITS_PATH = 'site/data/mnist-test-digits.json';

export const testDigits: Experiment<TestDigitsConfig> = {
  name: 'mnist-test-digits',
  description: 'A few binarized mnist-10k test digits per class, for the demos',
  module: import.meta.url,
  dataset: 'mnist-10k',
  profiles: { smoke: { perClass: 2 }, full: { perClass: 2 } },
  async run({ config, root, progress }) {
    const { test } = loadDataset('mnist-10k');
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
    await writeAtomic(join(root, TEST_DIGITS_PATH), JSON.stringify(file, null, 2) + '\n');
    progress.log(`mnist-test-digits: ${digits.length} digits from ${test.name}`);
    return [TEST_DIGITS_PATH];
  },
};
