import { describe, it, expect } from 'vitest';
import { heatmapRgba, viridis } from './heatmap.ts';

describe('heat map colours', () => {
  it('runs from viridis dark blue to yellow, clamping outside [0, 1]', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(0.5)).toEqual([33, 145, 140]);
  });

  it('scales to the maximum on a square-root scale, opaque', () => {
    const rgba = heatmapRgba([0, 0.25, 1]);
    expect([...rgba.slice(0, 4)]).toEqual([68, 1, 84, 255]);
    expect([...rgba.slice(4, 8)]).toEqual([...viridis(0.5), 255]);
    expect([...rgba.slice(8, 12)]).toEqual([253, 231, 37, 255]);
    expect([...heatmapRgba([0, 0])]).toEqual([68, 1, 84, 255, 68, 1, 84, 255]);
  });
});
