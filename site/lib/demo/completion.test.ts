import { describe, expect, it } from 'vitest';
import { completionOrder, erase, keptOutside, missingBeforeKept, PIXELS, SIDE } from './completion.ts';

const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

describe('completion', () => {
  it('keeps everything outside a preset region', () => {
    const kept = keptOutside('bottom half');
    expect(count(kept)).toBe(PIXELS / 2);
    expect(kept[0]).toBe(1);
    expect(kept[PIXELS - 1]).toBe(0);
    expect(kept[13 * SIDE + 5]).toBe(1);
    expect(kept[14 * SIDE + 5]).toBe(0);
    expect(count(keptOutside('right half'))).toBe(PIXELS / 2);
    // The centre: a 14 × 14 square.
    expect(PIXELS - count(keptOutside('centre'))).toBe(14 * 14);
  });

  it('erases a disc and leaves the input alone', () => {
    const all = new Uint8Array(PIXELS).fill(1);
    const out = erase(all, 10, 10, 1.5);
    expect(count(all)).toBe(PIXELS);
    // Radius 1.5: the 3 × 3 block around the centre (the pixels two steps away are outside).
    expect(PIXELS - count(out)).toBe(9);
    expect(out[10 * SIDE + 10]).toBe(0);
    expect(out[10 * SIDE + 12]).toBe(1);
    // At the border, nothing outside the image.
    expect(PIXELS - count(erase(all, 0, 0, 1.5))).toBe(4);
  });

  it('puts the kept pixels first, each part row by row, so no missing pixel ignores a kept one', () => {
    const kept = keptOutside('top half');
    const order = completionOrder(kept, 'kept first');
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: PIXELS }, (_, i) => i));
    expect(order.slice(0, PIXELS / 2).every((p) => kept[p])).toBe(true);
    expect(order[0]).toBe(14 * SIDE);
    expect(order[PIXELS / 2]).toBe(0);
    expect(missingBeforeKept(kept, order)).toBe(0);
    // Row by row instead, the whole missing top half comes before the kept bottom half.
    expect(missingBeforeKept(kept, completionOrder(kept, 'natural'))).toBe(PIXELS / 2);
    expect(missingBeforeKept(keptOutside('bottom half'), completionOrder(kept, 'natural'))).toBe(0);
  });
});
