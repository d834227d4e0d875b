/** Pieces every SVG figure is written with. */
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';
import { DARK, LIGHT, type FigureColours } from './theme.ts';

/**
 * A coordinate for SVG output: at most two decimals and no "-0", so that output is stable and
 * small (0.01 px is far below what a screen shows).
 */
export function coord(value: number): string {
  return String(Math.round(value * 100) / 100 + 0);
}

export interface SvgDocumentOptions {
  /** Size in CSS pixels, also the viewBox: the figure scales to its container. */
  width: number;
  height: number;
  /** The accessible name. */
  title: string;
  /** The accessible description. */
  description: string;
  /** Rules that hold in both colour schemes (type, stroke widths), written first. */
  rules: readonly string[];
  /** The rules that depend on the colour scheme, written for each. */
  schemeRules: (colours: FigureColours) => readonly string[];
  /** The figure's elements, one line each. */
  body: readonly string[];
}

/**
 * A standalone SVG document (a string ending in a newline) that carries both colour schemes and
 * picks one with `prefers-color-scheme`, which is what an image shown through `<img>` follows (it
 * cannot see the site's theme toggle). The ids are fixed: every `<img>` is its own document, so
 * they cannot collide.
 */
export function svgDocument(options: SvgDocumentOptions): string {
  const { width, height, schemeRules } = options;
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="title desc">`,
      `<title id="title">${escapeXml(options.title)}</title>`,
      `<desc id="desc">${escapeXml(options.description)}</desc>`,
      `<style>`,
      ...options.rules,
      ...schemeRules(LIGHT),
      `@media (prefers-color-scheme: dark) {`,
      ...schemeRules(DARK).map((rule) => `  ${rule}`),
      `}`,
      `</style>`,
      ...options.body,
      `</svg>`,
    ].join('\n') + '\n'
  );
}
