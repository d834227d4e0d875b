import { describe, expect, it } from 'vitest';
import {
  along,
  completionOrder,
  erase,
  ink,
  keptOutside,
  missingBeforeKept,
  PIXELS,
  regionOf,
  REGIONS,
  SIDE,
  type Region,
} from './completion.ts';

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

  it('puts the kept pixels first, each group in a random order, so no missing pixel ignores a kept one', () => {
    const kept = keptOutside('top half');
    let s = 7;
    const uniform = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const order = completionOrder(kept, 'kept first', uniform);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: PIXELS }, (_, i) => i));
    expect(order.slice(0, PIXELS / 2).every((p) => kept[p])).toBe(true);
    expect(missingBeforeKept(kept, order)).toBe(0);
    // Not row by row within a group, and a different draw each time.
    expect(order.slice(0, PIXELS / 2)).not.toEqual([...order.slice(0, PIXELS / 2)].sort((a, b) => a - b));
    expect(completionOrder(kept, 'kept first', uniform)).not.toEqual(order);
    // Row by row instead, the whole missing top half comes before the kept bottom half.
    expect(missingBeforeKept(kept, completionOrder(kept, 'natural'))).toBe(PIXELS / 2);
    expect(missingBeforeKept(keptOutside('bottom half'), completionOrder(kept, 'natural'))).toBe(0);
  });

  it('draws ink that is kept, over erased pixels too', () => {
    const image = { pixels: new Float32Array(PIXELS), kept: keptOutside('bottom half') };
    const out = ink(image, 20, 3, 1);
    // Radius 1: the pixel and its four neighbours, all in the erased bottom half.
    const touched = [20 * SIDE + 3, 19 * SIDE + 3, 21 * SIDE + 3, 20 * SIDE + 2, 20 * SIDE + 4];
    expect(touched.every((p) => out.pixels[p] === 1 && out.kept[p] === 1)).toBe(true);
    expect(out.pixels.reduce((s, v) => s + v, 0)).toBe(5);
    expect(count(out.kept)).toBe(PIXELS / 2 + 5);
    expect(image.pixels.every((v) => v === 0)).toBe(true);
  });

  it('names the region a kept mask leaves, and none once a stroke changed it', () => {
    for (const region of Object.keys(REGIONS) as Region[]) expect(regionOf(keptOutside(region))).toBe(region);
    expect(regionOf(erase(keptOutside('top half'), 20, 3))).toBeNull();
    expect(regionOf(new Uint8Array(PIXELS).fill(1))).toBeNull();
  });

  it('brushes the whole way between two pointer events, at most half a pixel apart', () => {
    const points = along({ row: 2, column: 1 }, { row: 2, column: 9 });
    expect(points).toHaveLength(16);
    expect(points.at(-1)).toEqual({ row: 2, column: 9 });
    expect(points[0]).toEqual({ row: 2, column: 1.5 });
    // A stroke erased along them leaves no gap in its row.
    const kept = points.reduce<Uint8Array>((k, p) => erase(k, p.row, p.column), new Uint8Array(PIXELS).fill(1));
    expect(Array.from({ length: 9 }, (_, c) => kept[2 * SIDE + 1 + c])).toEqual(new Array(9).fill(0));
    expect(along({ row: 5, column: 5 }, { row: 5, column: 5 })).toEqual([{ row: 5, column: 5 }]);
  });
});
