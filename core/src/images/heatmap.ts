/**
 * Densities as colours: the viridis colour map (dark blue → yellow, readable on light and dark
 * pages and in greyscale) on a square-root scale, so that a posterior's tails stay visible next to
 * its peak. Used by the posterior figure at training time and by the posterior explorer.
 */

/** Viridis at five stops. */
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The colour at t ∈ [0, 1] (clamped), as [r, g, b] bytes. */
export function viridis(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** Opaque RGBA pixels for non-negative densities (any scale), the largest at full colour. */
export function heatmapRgba(density: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  let max = 0;
  for (let i = 0; i < density.length; i++) max = Math.max(max, density[i]!);
  const out = new Uint8ClampedArray(density.length * 4);
  for (let i = 0; i < density.length; i++) {
    const [r, g, b] = viridis(Math.sqrt(max > 0 ? density[i]! / max : 0));
    out.set([r, g, b, 255], 4 * i);
  }
  return out;
}
