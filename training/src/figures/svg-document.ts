/** Pieces every SVG figure is written with. */

/**
 * A coordinate for SVG output: at most two decimals and no "-0", so that output is stable and
 * small (0.01 px is far below what a screen shows).
 */
export function coord(value: number): string {
  return String(Math.round(value * 100) / 100 + 0);
}
