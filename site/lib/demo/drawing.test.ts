import { describe, it, expect } from 'vitest';
import { visible, type Action } from './drawing.ts';

const stroke = (x: number): Action => ({ kind: 'stroke', points: [{ x, y: 0 }] });
const digit = { label: 3, index: 7, pixels: new Float32Array(4) };

describe('visible', () => {
  it('shows the strokes since the last clear', () => {
    expect(visible([stroke(1), { kind: 'clear' }, stroke(2), stroke(3)])).toEqual({
      digit: null,
      strokes: [[{ x: 2, y: 0 }], [{ x: 3, y: 0 }]],
    });
  });

  it('puts strokes made after a test digit on top of it, and a clear removes both', () => {
    const actions: Action[] = [stroke(1), { kind: 'test', digit }, stroke(2)];
    expect(visible(actions)).toEqual({ digit, strokes: [[{ x: 2, y: 0 }]] });
    expect(visible([...actions, { kind: 'clear' }])).toEqual({ digit: null, strokes: [] });
  });

  it('undo is dropping the last action, a clear included', () => {
    const actions: Action[] = [stroke(1), { kind: 'clear' }];
    expect(visible(actions.slice(0, -1)).strokes).toEqual([[{ x: 1, y: 0 }]]);
    expect(visible([])).toEqual({ digit: null, strokes: [] });
  });
});
