/**
 * KaTeX's stylesheet offers every face as woff2, woff and ttf, and Fontsource's as woff2 and woff.
 * Every browser the site supports takes woff2, so the others only lengthen a stylesheet that each
 * page carries inline (and put unused font files in the build). This Vite plugin keeps the woff2
 * source alone.
 */
import type { Plugin } from 'vite';

const FONT_CSS = /[\\/](?:katex[\\/]dist[\\/]katex(?:\.min)?|@fontsource[\\/][\w-]+[\\/][\w-]+)\.css(?:\?|$)/;
const LEGACY_SOURCE = /,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g;

/** The stylesheet with each @font-face reduced to its woff2 source. */
export function woff2Only(css: string): string {
  const trimmed = css.replace(LEGACY_SOURCE, '');
  // A release that writes its rules differently must be noticed, not shipped untrimmed.
  if (/\.(?:woff|ttf)\)/.test(trimmed)) throw new Error('a font stylesheet has a source other than woff2 left');
  return trimmed;
}

export function fontsWoff2Only(): Plugin {
  return {
    name: 'bounded-rationality:fonts-woff2-only',
    // Before Vite's CSS plugin resolves the url()s into emitted files.
    enforce: 'pre',
    transform(code, id) {
      return FONT_CSS.test(id) ? { code: woff2Only(code), map: null } : undefined;
    },
  };
}
