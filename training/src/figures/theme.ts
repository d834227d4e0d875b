/**
 * Colours and type for figures, matching the site (site/styles/global.css): the same backgrounds
 * and text colours in each scheme, and the UI font stack.
 *
 * Contrast against the background (checked in theme.test.ts): text ≥ 4.5:1, axes and data lines
 * ≥ 3:1 (WCAG 2 AA for text and for graphics), gridlines about 1.7:1 (visible, but quieter than
 * the data).
 *
 * The series colours follow Okabe and Ito's colour-blind-safe palette (blue, vermillion, bluish
 * green, reddish purple, black, ochre), darkened for the light scheme and lightened for the dark
 * one so that each keeps its hue. The first five stay apart under simulated protanopia,
 * deuteranopia and tritanopia; the sixth, ochre, is close to vermillion for protanopes, so a plot
 * with six series should dash some of them.
 */

export interface FigureColours {
  background: string;
  /** Titles, axis labels, legend text. */
  text: string;
  /** Tick labels, axis lines and tick marks. */
  muted: string;
  grid: string;
  /** Line colours, in the order series are given. */
  series: readonly string[];
  /** Opacity of a shaded band (for example mean ± standard deviation) in its series' colour. */
  bandOpacity: number;
}

export const LIGHT: FigureColours = {
  background: '#fdfcfa',
  text: '#1c1c1e',
  muted: '#5a5a60',
  grid: '#c9c5bc',
  series: ['#0072b2', '#c25400', '#007a5a', '#b0468c', '#4a4a4a', '#8a6d00'],
  bandOpacity: 0.18,
};

export const DARK: FigureColours = {
  background: '#15171b',
  text: '#e4e4e2',
  muted: '#a9abb0',
  grid: '#41464e',
  series: ['#56b4e9', '#f08a4b', '#3fc79a', '#e597c6', '#c8c8c8', '#f0d04a'],
  bandOpacity: 0.26,
};

/** The site's UI font stack (--font-ui). */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** The most series one plot takes: one per palette colour. */
export const MAX_SERIES = LIGHT.series.length;
