import { describe, expect, it } from 'vitest';
import { DARK, LIGHT, type FigureColours } from './theme.ts';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe.each([
  ['light', LIGHT],
  ['dark', DARK],
] as [string, FigureColours][])('the %s scheme', (_name, colours) => {
  const on = (colour: string) => contrast(colour, colours.background);

  it('has text at 4.5:1 or more (WCAG AA)', () => {
    expect(on(colours.text)).toBeGreaterThanOrEqual(4.5);
    expect(on(colours.muted)).toBeGreaterThanOrEqual(4.5);
  });

  it('has axes and every series colour at 3:1 or more (WCAG AA for graphics)', () => {
    for (const colour of [colours.muted, ...colours.series]) expect(on(colour)).toBeGreaterThanOrEqual(3);
  });

  it('has visible gridlines that stay quieter than the axes', () => {
    expect(on(colours.grid)).toBeGreaterThanOrEqual(1.5);
    expect(on(colours.grid)).toBeLessThan(on(colours.muted));
  });

  it('has as many series colours as the other scheme', () => {
    expect(colours.series).toHaveLength(LIGHT.series.length);
  });
});
