/**
 * A drawing as a list of actions, so that undo is just dropping the last one: strokes, a clear, or
 * a test digit put on the canvas (strokes drawn after it add to it). What is on the canvas is the
 * replay from the last clear or test digit.
 */
import type { TestDigit } from '@bounded-rationality/core/mnist/test-digits.ts';

export interface Point {
  x: number;
  y: number;
}

export type Action = { kind: 'stroke'; points: Point[] } | { kind: 'clear' } | { kind: 'test'; digit: TestDigit };

/** What the canvas shows after `actions`: the test digit underneath (if any) and the strokes on top. */
export function visible(actions: readonly Action[]): { digit: TestDigit | null; strokes: Point[][] } {
  let start = 0;
  let digit: TestDigit | null = null;
  actions.forEach((a, i) => {
    if (a.kind === 'clear' || a.kind === 'test') {
      start = i + 1;
      digit = a.kind === 'test' ? a.digit : null;
    }
  });
  const strokes = actions.slice(start).flatMap((a) => (a.kind === 'stroke' ? [a.points] : []));
  return { digit, strokes };
}
