/**
 * KaTeX's stylesheet offers every face as woff2, woff and ttf. Every browser the site supports
 * takes woff2, so the other two only lengthen a stylesheet that each math page now carries inline
 * (and put 40 unused font files in the build). This Vite plugin keeps the woff2 source alone.
 */
import type { Plugin } from 'vite';

const KATEX_CSS = /[\\/]katex[\\/]dist[\\/]katex(?:\.min)?\.css(?:\?|$)/;
const LEGACY_SOURCES =
  /,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)\s*,\s*url\([^)]*\.ttf\)\s*format\(["']truetype["']\)/g;

/** The stylesheet with each @font-face reduced to its woff2 source. */
export function woff2Only(css: string): string {
  const trimmed = css.replace(LEGACY_SOURCES, '');
  // A KaTeX release that writes its rules differently must be noticed, not shipped untrimmed.
  if (/\.(?:woff|ttf)\)/.test(trimmed)) throw new Error('katex.css: a font source other than woff2 is left');
  return trimmed;
}

export function katexWoff2Only(): Plugin {
  return {
    name: 'bounded-rationality:katex-woff2-only',
    // Before Vite's CSS plugin resolves the url()s into emitted files.
    enforce: 'pre',
    transform(code, id) {
      return KATEX_CSS.test(id) ? { code: woff2Only(code), map: null } : undefined;
    },
  };
}
