import { describe, expect, it } from 'vitest';
import { ensembleClassifier } from './contract.ts';

describe('ensembleClassifier', () => {
  it('feeds rows of pixels and reads each member out of the side-by-side logits', () => {
    expect(ensembleClassifier.feeds(new Float32Array(6), 3).x!.dims).toEqual([2, 3]);
    // Two images, two members, three classes: row i is [member 0's three | member 1's three].
    const data = Float32Array.from([0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15]);
    const outputs = { member_logits: { data } };
    expect(Array.from(ensembleClassifier.memberLogits(outputs, 2, 3, 0))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(ensembleClassifier.memberLogits(outputs, 2, 3, 1))).toEqual([10, 11, 12, 13, 14, 15]);
  });

  it('says what is wrong with a bad feed, a missing output, a bad layout or member', () => {
    expect(() => ensembleClassifier.feeds(new Float32Array(7), 3)).toThrow(/rows of 3 pixels, got 7/);
    expect(() => ensembleClassifier.memberLogits({}, 2, 3, 0)).toThrow(/no output "member_logits"/);
    const outputs = { member_logits: { data: new Float32Array(7) } };
    expect(() => ensembleClassifier.memberLogits(outputs, 2, 3, 0)).toThrow(/not rows of 2 × 3/);
    const ok = { member_logits: { data: new Float32Array(6) } };
    expect(() => ensembleClassifier.memberLogits(ok, 2, 3, 2)).toThrow(/Member 2 is not one of the 2/);
  });
});
