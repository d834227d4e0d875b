import { describe, it, expect } from 'vitest';
import { arrowStep, latentAt, onPanel, panelAt, pointerAt, square } from './latent-panel.ts';

// Wider than tall and off the origin, so that a swapped axis or a flipped z₂ shows.
const extent = { x: [-1, 3] as [number, number], y: [2, 4] as [number, number] };

describe('latent panel', () => {
  it('puts the top left corner at (z₁ min, z₂ max) and the bottom right at (z₁ max, z₂ min)', () => {
    expect(latentAt(extent, [0, 0])).toEqual([-1, 4]);
    expect(latentAt(extent, [1, 1])).toEqual([3, 2]);
    expect(latentAt(extent, [0.25, 0.5])).toEqual([0, 3]);
  });

  it('maps a latent point back to where it was picked, and off the panel when outside the extent', () => {
    for (const point of [
      [0.1, 0.9],
      [0.5, 0.5],
      [0.75, 0.2],
    ] as const) {
      const back = panelAt(extent, latentAt(extent, point));
      expect(back[0]).toBeCloseTo(point[0], 12);
      expect(back[1]).toBeCloseTo(point[1], 12);
      expect(onPanel(back)).toBe(true);
    }
    expect(panelAt(extent, [5, 3])).toEqual([1.5, 0.5]);
    expect(onPanel(panelAt(extent, [5, 3]))).toBe(false);
    expect(onPanel(panelAt(extent, [0, 1]))).toBe(false);
  });

  it('spans ±half on both axes for the latent pad, with the origin in the middle', () => {
    expect(square(3)).toEqual({ x: [-3, 3], y: [-3, 3] });
    expect(latentAt(square(3), [0.5, 0.5])).toEqual([0, 0]);
    expect(latentAt(square(3), [1, 0])).toEqual([3, 3]);
  });

  it('reads a pointer as a fraction of the box, held to it while a drag leaves it', () => {
    const box = { left: 100, top: 50, width: 200, height: 100 };
    expect(pointerAt(box, 150, 75)).toEqual([0.25, 0.25]);
    expect(pointerAt(box, 20, 400)).toEqual([0, 1]);
    expect(pointerAt(box, 500, 0)).toEqual([1, 0]);
  });

  it('moves a step along the arrow as the panel shows it, from the middle at first, within the extent', () => {
    expect(arrowStep(extent, null, 'ArrowRight', 0.5)).toEqual([1.5, 3]);
    // Up on screen is a larger z₂.
    expect(arrowStep(extent, [0, 3], 'ArrowUp', 0.25)).toEqual([0, 3.25]);
    expect(arrowStep(extent, [0, 3], 'ArrowDown', 0.25)).toEqual([0, 2.75]);
    expect(arrowStep(extent, [0, 3], 'ArrowLeft', 0.25)).toEqual([-0.25, 3]);
    expect(arrowStep(extent, [-0.9, 3.9], 'ArrowLeft', 0.5)).toEqual([-1, 3.9]);
    expect(arrowStep(extent, [-0.9, 3.9], 'ArrowUp', 0.5)).toEqual([-0.9, 4]);
    expect(arrowStep(extent, [0, 3], 'Enter', 0.25)).toBeNull();
  });
});
