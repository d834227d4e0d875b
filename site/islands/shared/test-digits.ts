/** The test digits the demos offer, loaded on first use as their own small file (readers who never ask never download it). */
import { readTestDigits, type TestDigit } from '@bounded-rationality/core/mnist/test-digits.ts';

let testDigits: Promise<TestDigit[]> | undefined;

export function loadTestDigits(): Promise<TestDigit[]> {
  testDigits ??= import('../../data/mnist-test-digits.json').then((m) => readTestDigits(m.default).digits);
  // A failed load is not kept: the next attempt loads again.
  testDigits.catch(() => (testDigits = undefined));
  return testDigits;
}
