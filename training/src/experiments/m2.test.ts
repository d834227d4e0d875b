import { describe, expect, it } from 'vitest';
import { chooseAlpha } from './m2.ts';

const run = (alphaScale: number, validationAccuracy: number) => ({ config: { alphaScale }, validationAccuracy });

describe('chooseAlpha', () => {
  it('takes the α with the highest validation accuracy, the smaller one on a tie', () => {
    expect(chooseAlpha([run(0.1, 0.5), run(10, 0.78), run(1, 0.7), run(100, 0.77)])).toBe(10);
    expect(chooseAlpha([run(100, 0.8), run(10, 0.8), run(1, 0.6)])).toBe(10);
    expect(() => chooseAlpha([])).toThrow(/no sweep runs/);
  });
});
