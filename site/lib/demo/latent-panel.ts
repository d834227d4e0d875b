/**
 * A panel that shows a rectangle of a 2-D latent space (the latent pad, each map of the posterior
 * explorer): z₁ grows rightwards and z₂ upwards, while the pointer and the drawing (an SVG with
 * viewBox 0 0 1 1) count from the top left. Points on the panel are fractions of its width and
 * height, so that the mapping is the same at any size on screen. No DOM here, so that it is tested
 * in Node.
 */
import type { Extent } from '@bounded-rationality/core/posterior/grid.ts';

/** A point on a panel: [fraction of the width from the left, fraction of the height from the top]. */
export type PanelPoint = readonly [number, number];
/** A point of the latent space: [z₁, z₂]. */
export type LatentPoint = readonly [number, number];

const clamp = (v: number, [lo, hi]: readonly [number, number]): number => Math.min(hi, Math.max(lo, v));

/** The square of latent space within ±half of the origin on both axes. */
export const square = (half: number): Extent => ({ x: [-half, half], y: [-half, half] });

/** The latent point under a panel point, for a panel showing `extent`. */
export function latentAt(extent: Extent, [fx, fy]: PanelPoint): LatentPoint {
  return [extent.x[0] + fx * (extent.x[1] - extent.x[0]), extent.y[1] - fy * (extent.y[1] - extent.y[0])];
}

/** Where the latent point lies on a panel showing `extent`: outside [0, 1]² when off it. */
export function panelAt(extent: Extent, [z1, z2]: LatentPoint): PanelPoint {
  return [(z1 - extent.x[0]) / (extent.x[1] - extent.x[0]), (extent.y[1] - z2) / (extent.y[1] - extent.y[0])];
}

export const onPanel = ([fx, fy]: PanelPoint): boolean => fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1;

/**
 * The panel point under a pointer at (clientX, clientY), for a panel whose box on screen is `box`;
 * held to the panel, since a captured drag goes on outside it.
 */
export function pointerAt(
  box: { left: number; top: number; width: number; height: number },
  clientX: number,
  clientY: number,
): PanelPoint {
  return [clamp((clientX - box.left) / box.width, [0, 1]), clamp((clientY - box.top) / box.height, [0, 1])];
}

const ARROWS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

/**
 * Where an arrow key moves the latent point `z` (from the middle of `extent` when there is none
 * yet): `step` along the arrow as the panel shows it (ArrowUp raises z₂), held to `extent`. Null
 * for a key that is not an arrow.
 */
export function arrowStep(extent: Extent, z: LatentPoint | null, key: string, step: number): LatentPoint | null {
  const direction = ARROWS[key];
  if (!direction) return null;
  const [z1, z2] = z ?? latentAt(extent, [0.5, 0.5]);
  return [clamp(z1 + step * direction[0], extent.x), clamp(z2 + step * direction[1], extent.y)];
}
