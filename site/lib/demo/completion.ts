/**
 * What the completion demo computes besides the model: which pixels the reader keeps (presets
 * and an eraser), and the ordering a completion is drawn in. A MADE's conditionals condition on
 * the pixels before each one in its ordering; to sample the missing pixels given all the kept
 * ones, the kept pixels must come first. The natural ordering is offered too, to show what goes
 * wrong without that: a missing pixel then ignores every kept pixel after it.
 */
import { randomOrdering } from '@bounded-rationality/core/made/masks.ts';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

export const REGIONS = {
  'bottom half': (row: number) => row >= SIDE / 2,
  'top half': (row: number) => row < SIDE / 2,
  'left half': (_: number, column: number) => column < SIDE / 2,
  'right half': (_: number, column: number) => column >= SIDE / 2,
  centre: (row: number, column: number) => Math.max(Math.abs(row - 13.5), Math.abs(column - 13.5)) < 7,
} as const;
export type Region = keyof typeof REGIONS;

/** 1 where a pixel is kept: everything outside `region`. */
export function keptOutside(region: Region): Uint8Array {
  const kept = new Uint8Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) kept[i] = REGIONS[region](Math.floor(i / SIDE), i % SIDE) ? 0 : 1;
  return kept;
}

/** The region whose erasure leaves exactly `kept`, or null when none does (a drawing, a brush stroke). */
export function regionOf(kept: Uint8Array): Region | null {
  const regions = Object.keys(REGIONS) as Region[];
  return regions.find((region) => keptOutside(region).every((k, i) => k === kept[i])) ?? null;
}

/** The pixels within `radius` (in pixels) of (row, column), inside the image. */
export function disc(row: number, column: number, radius: number): number[] {
  const out: number[] = [];
  for (let r = Math.max(0, Math.floor(row - radius)); r <= Math.min(SIDE - 1, Math.ceil(row + radius)); r++) {
    for (let c = Math.max(0, Math.floor(column - radius)); c <= Math.min(SIDE - 1, Math.ceil(column + radius)); c++) {
      if ((r - row) ** 2 + (c - column) ** 2 <= radius ** 2) out.push(r * SIDE + c);
    }
  }
  return out;
}

/** A position on the image, in pixels (fractional: where the pointer is). */
export interface Point {
  row: number;
  column: number;
}

/**
 * Where the brush goes on a pointer's move from `from` to `to`: points at most `spacing` pixels
 * apart, `to` included and `from` not. Pointer events come about a frame apart, so a quick
 * stroke brushed only where they land would leave dots.
 */
export function along(from: Point, to: Point, spacing = 0.5): Point[] {
  const steps = Math.max(1, Math.ceil(Math.hypot(to.row - from.row, to.column - from.column) / spacing));
  return Array.from({ length: steps }, (_, k) => {
    const t = (k + 1) / steps;
    return { row: from.row + t * (to.row - from.row), column: from.column + t * (to.column - from.column) };
  });
}

/** A copy of `kept` with the pixels within `radius` of (row, column) erased. */
export function erase(kept: Uint8Array, row: number, column: number, radius = 1.5): Uint8Array {
  const out = kept.slice();
  for (const p of disc(row, column, radius)) out[p] = 0;
  return out;
}

/** Ink drawn at (row, column): those pixels set to 1 and kept (drawing over an erased pixel restores it). */
export function ink(
  image: { pixels: Float32Array; kept: Uint8Array },
  row: number,
  column: number,
  radius = 1,
): { pixels: Float32Array; kept: Uint8Array } {
  const pixels = image.pixels.slice();
  const kept = image.kept.slice();
  for (const p of disc(row, column, radius)) [pixels[p], kept[p]] = [1, 1];
  return { pixels, kept };
}

export type CompletionOrdering = 'kept first' | 'natural';

/**
 * The ordering to draw in: the kept pixels first, then the missing ones, each group in a random
 * order (the model was trained on random orderings); or plain row by row.
 */
export function completionOrder(
  kept: Uint8Array,
  ordering: CompletionOrdering,
  uniform: () => number = Math.random,
): number[] {
  const all = Array.from({ length: kept.length }, (_, i) => i);
  if (ordering === 'natural') return all;
  const shuffled = (group: number[]) => randomOrdering(group.length, uniform).map((k) => group[k]!);
  return [...shuffled(all.filter((i) => kept[i])), ...shuffled(all.filter((i) => !kept[i]))];
}

/** How many of the missing pixels come before some kept pixel in `order`: those ignore it. */
export function missingBeforeKept(kept: Uint8Array, order: readonly number[]): number {
  let lastKept = -1;
  order.forEach((pixel, position) => kept[pixel] && (lastKept = position));
  return order.slice(0, lastKept + 1).filter((pixel) => !kept[pixel]).length;
}
