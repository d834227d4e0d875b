/**
 * The posterior comparison figure: one row per test digit, showing the digit, then for each model
 * the true posterior p(z|x) on a grid as a heat map with samples from the model's q(z|x) on top.
 * A standalone SVG (text, axes and samples as vectors; each heat map an embedded PNG drawn
 * pixelated, coloured as the posterior explorer colours its own), in both colour schemes like the
 * line plots (see svg-document.ts).
 */
import { PNG } from 'pngjs';
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';
import { coord, svgDocument } from './svg-document.ts';
import { FONT_FAMILY, type FigureColours } from './theme.ts';
import { heatmapRgba } from '@bounded-rationality/core/images/heatmap.ts';
import { probabilitiesToRgba } from '@bounded-rationality/core/images/raster.ts';

export interface PosteriorPanel {
  /** side × side densities (any positive scale), row 0 at the top (largest z₂). */
  density: Float32Array;
  side: number;
  /** The square of latent space shown: [z₁ min, z₁ max] × [z₂ min, z₂ max]. */
  extent: { x: [number, number]; y: [number, number] };
  /** Samples from q(z|x), drawn as dots. */
  samples: readonly (readonly [number, number])[];
}

export interface PosteriorRow {
  /** 28 × 28 values in [0, 1]. */
  digit: Float32Array;
  panels: PosteriorPanel[];
}

export interface PosteriorFigureOptions {
  /** The accessible name. */
  title: string;
  /** The short line printed at the top (the post's caption says the rest). */
  heading: string;
  description: string;
  columnTitles: string[];
  rows: PosteriorRow[];
}

function pngDataUri(width: number, height: number, rgba: Uint8ClampedArray): string {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 2 }).toString('base64')}`;
}

const range = ([lo, hi]: [number, number]) => `${lo.toFixed(1)} to ${hi.toFixed(1)}`.replace(/-/g, '−');

const PANEL = 150;
const DIGIT = 84;
const GAP = 16;
const TOP = 56;
const LEFT = 12;

/** Style rules that hold in both schemes: the sample dots sit on heat maps, which do not change with the scheme. */
const RULES = [`text { font-family: ${FONT_FAMILY}; }`, `.q { fill: #ff5a1f; stroke: #fff; stroke-width: 0.6; }`];

function schemeRules(c: FigureColours): string[] {
  return [
    `svg { background: ${c.background}; }`,
    `text { fill: ${c.text}; }`,
    `.muted { fill: ${c.muted}; }`,
    `.frame { fill: none; stroke: ${c.muted}; }`,
  ];
}

export function posteriorFigure(options: PosteriorFigureOptions): string {
  const { rows, columnTitles, title, description } = options;
  const columns = columnTitles.length;
  const width = LEFT + DIGIT + GAP + columns * (PANEL + GAP) + LEFT - GAP;
  const height = TOP + rows.length * (PANEL + GAP) + 8;
  const body = [
    `<text x="${LEFT}" y="22" font-size="14" font-weight="600">${escapeXml(options.heading)}</text>`,
    `<text x="${LEFT + DIGIT / 2}" y="${TOP - 10}" font-size="12" text-anchor="middle" class="muted">digit x</text>`,
  ];
  columnTitles.forEach((t, c) => {
    const x = LEFT + DIGIT + GAP + c * (PANEL + GAP) + PANEL / 2;
    body.push(`<text x="${coord(x)}" y="${TOP - 10}" font-size="13" text-anchor="middle">${escapeXml(t)}</text>`);
  });
  rows.forEach((row, r) => {
    const y = TOP + r * (PANEL + GAP);
    const ink = probabilitiesToRgba(row.digit, 1, 28, 28, 1, { ink: [0, 0, 0], paper: [255, 255, 255] });
    const digit = pngDataUri(28, 28, ink.data);
    body.push(
      `<image x="${LEFT}" y="${coord(y + (PANEL - DIGIT) / 2)}" width="${DIGIT}" height="${DIGIT}" href="${digit}" style="image-rendering:pixelated"/>`,
      `<rect class="frame" x="${LEFT}" y="${coord(y + (PANEL - DIGIT) / 2)}" width="${DIGIT}" height="${DIGIT}"/>`,
    );
    row.panels.forEach((panel, c) => {
      const x = LEFT + DIGIT + GAP + c * (PANEL + GAP);
      const { x: ex, y: ey } = panel.extent;
      body.push(
        `<image x="${x}" y="${coord(y)}" width="${PANEL}" height="${PANEL}" href="${pngDataUri(panel.side, panel.side, heatmapRgba(panel.density))}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`,
        `<rect class="frame" x="${x}" y="${coord(y)}" width="${PANEL}" height="${PANEL}"/>`,
      );
      for (const [z1, z2] of panel.samples) {
        const px = x + ((z1 - ex[0]) / (ex[1] - ex[0])) * PANEL;
        const py = y + ((ey[1] - z2) / (ey[1] - ey[0])) * PANEL;
        if (px < x || px > x + PANEL || py < y || py > y + PANEL) continue;
        body.push(`<circle class="q" cx="${coord(px)}" cy="${coord(py)}" r="1.8"/>`);
      }
      body.push(
        `<text x="${x + 3}" y="${coord(y + PANEL - 4)}" font-size="9" style="fill:#fff">z₁ ${range(ex)}, z₂ ${range(ey)}</text>`,
      );
    });
  });
  return svgDocument({ width, height, title, description, rules: RULES, schemeRules, body });
}
