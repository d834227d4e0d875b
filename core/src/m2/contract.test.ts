import { describe, expect, it } from 'vitest';
import { m2Classifier, m2Decoder, m2Encoder, oneHotRows } from './contract.ts';

describe('M2 contracts', () => {
  it('one-hot rows put a single 1 in each row, at the label', () => {
    expect(Array.from(oneHotRows([2, 0], 3))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHotRows([3], 3)).toThrow(/Label 3 \(row 0\) is not a class in 0..2/);
    expect(() => oneHotRows([0.5], 3)).toThrow(/not a class/);
  });

  it('shapes the feeds from the row counts, and refuses labels that do not match', () => {
    const x = new Float32Array(2 * 4);
    expect(m2Classifier.feeds(x, 4).x!.dims).toEqual([2, 4]);
    const feeds = m2Encoder.feeds(x, oneHotRows([1, 2], 3), 4, 3);
    expect([feeds.x!.dims, feeds.y!.dims]).toEqual([
      [2, 4],
      [2, 3],
    ]);
    expect(() => m2Encoder.feeds(x, oneHotRows([1], 3), 4, 3)).toThrow(/2 images but 1 labels/);
    expect(m2Decoder.feeds(new Float32Array(6), oneHotRows([0, 1, 2], 3), 2, 3).z!.dims).toEqual([3, 2]);
    expect(() => m2Decoder.feeds(new Float32Array(6), oneHotRows([0], 3), 2, 3)).toThrow(/3 codes but 1 labels/);
  });

  it('names the missing output and the model', () => {
    expect(() => m2Decoder.probabilities({})).toThrow('The decoder model gave no output "probabilities"');
    expect(() => m2Encoder.mean({})).toThrow('The encoder model gave no output "z_mean"');
    expect(m2Classifier.probabilities({ class_probabilities: { data: Float32Array.of(1) } })[0]).toBe(1);
  });
});
