/**
 * A heat map of probabilities as a standalone SVG document in both colour schemes (see
 * svg-document.ts): one cell per row × column, coloured on a diverging scale around one half, so
 * that "more likely than not" and "less likely" read as two hues and an even chance as the page
 * background. Cells without a value (a player against themself) are left blank.
 */
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';
import { coord, svgDocument } from './svg-document.ts';
import { FONT_FAMILY, type FigureColours } from './theme.ts';

export interface HeatMapOptions {
  title: string;
  description: string;
  /** Row i, column j holds values[i][j] in [0, 1], or null for no value. */
  values: readonly (readonly (number | null)[])[];
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** What a row is, and what a column is (written along the axes). */
  rowTitle: string;
  columnTitle: string;
  /** The colour bar's ends, for 0 and 1. */
  lowLabel: string;
  highLabel: string;
  /** Width in CSS pixels (also the viewBox width); default 640. */
  width?: number;
}

const TITLE_SIZE = 16;
const LABEL_SIZE = 13;
const TICK_SIZE = 11;
const PAD = 12;
/** Strongest fill, at 0 or 1: light enough for the grid and labels around it to stay readable. */
const MAX_OPACITY = 0.9;
const BAR_HEIGHT = 12;

/** A heat map as a standalone SVG document (a string ending in a newline). */
export function heatMap(options: HeatMapOptions): string {
  const { values, rowLabels, columnLabels } = options;
  const width = options.width ?? 640;
  const rows = values.length;
  const columns = columnLabels.length;
  if (rows === 0 || columns === 0) throw new Error('heatMap: no cells to draw');
  if (rowLabels.length !== rows) throw new Error(`heatMap: ${rows} rows but ${rowLabels.length} row labels`);
  values.forEach((row, i) => {
    if (row.length !== columns) throw new Error(`heatMap: row ${i} has ${row.length} cells, expected ${columns}`);
    row.forEach((v, j) => {
      if (v !== null && !(v >= 0 && v <= 1)) throw new Error(`heatMap: cell (${i}, ${j}) is ${v}, not in [0, 1]`);
    });
  });

  // Row labels on the left, column labels written upwards above the grid.
  const longest = (labels: readonly string[]) => Math.max(...labels.map((l) => l.length)) * TICK_SIZE * 0.62;
  const left = Math.ceil(PAD + LABEL_SIZE + 8 + longest(rowLabels) + 6);
  const cell = Math.floor((width - left - PAD) / columns);
  if (cell < 8) throw new Error(`heatMap: ${columns} columns do not fit in ${width} px`);
  const top = Math.ceil(PAD + TITLE_SIZE + 10 + LABEL_SIZE + 8 + longest(columnLabels) + 6);
  const gridWidth = cell * columns;
  const gridHeight = cell * rows;
  const barTop = top + gridHeight + 16;
  const height = barTop + BAR_HEIGHT + TICK_SIZE + 8 + PAD;

  const body = [
    `<rect class="bg" width="${width}" height="${height}"/>`,
    `<text class="title" x="${PAD}" y="${PAD + TITLE_SIZE - 3}">${escapeXml(options.title)}</text>`,
    `<text class="label" x="${coord(left + gridWidth / 2)}" y="${PAD + TITLE_SIZE + 10 + LABEL_SIZE}" text-anchor="middle">${escapeXml(options.columnTitle)}</text>`,
    `<text class="label" transform="translate(${PAD + LABEL_SIZE - 2} ${coord(top + gridHeight / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(options.rowTitle)}</text>`,
    `<g class="tick">`,
  ];
  rowLabels.forEach((label, i) => {
    const y = coord(top + (i + 0.5) * cell + TICK_SIZE * 0.35);
    body.push(`<text x="${left - 6}" y="${y}" text-anchor="end">${escapeXml(label)}</text>`);
  });
  columnLabels.forEach((label, j) => {
    const x = coord(left + (j + 0.5) * cell + TICK_SIZE * 0.35);
    body.push(`<text transform="translate(${x} ${top - 6}) rotate(-90)">${escapeXml(label)}</text>`);
  });
  body.push(`</g>`, `<g class="cells">`);
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v === null) return;
      body.push(`<rect ${cellFill(v)} x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}"/>`);
    }),
  );
  body.push(`</g>`, `<g class="grid">`);
  for (let j = 0; j <= columns; j++) body.push(`<path d="M${left + j * cell + 0.5} ${top}v${gridHeight}"/>`);
  for (let i = 0; i <= rows; i++) body.push(`<path d="M${left} ${top + i * cell + 0.5}h${gridWidth}"/>`);
  body.push(`</g>`);

  // The colour bar: eleven steps from 0 to 1 under the grid.
  const steps = 11;
  const barWidth = Math.min(gridWidth, 320);
  const barLeft = left + (gridWidth - barWidth) / 2;
  const step = barWidth / steps;
  body.push(`<g class="bar">`);
  for (let k = 0; k < steps; k++) {
    body.push(
      `<rect ${cellFill(k / (steps - 1))} x="${coord(barLeft + k * step)}" y="${barTop}" width="${coord(step)}" height="${BAR_HEIGHT}"/>`,
    );
  }
  body.push(`<rect class="outline" x="${coord(barLeft)}" y="${barTop}" width="${barWidth}" height="${BAR_HEIGHT}"/>`);
  body.push(`</g>`, `<g class="tick">`);
  const barText = barTop + BAR_HEIGHT + TICK_SIZE + 4;
  body.push(
    `<text x="${coord(barLeft)}" y="${barText}">${escapeXml(options.lowLabel)}</text>`,
    `<text x="${coord(barLeft + barWidth / 2)}" y="${barText}" text-anchor="middle">even</text>`,
    `<text x="${coord(barLeft + barWidth)}" y="${barText}" text-anchor="end">${escapeXml(options.highLabel)}</text>`,
    `</g>`,
  );

  return svgDocument({
    width,
    height,
    title: options.title,
    description: options.description,
    rules: RULES,
    schemeRules,
    body,
  });
}

/** A cell's class and opacity: the first series colour above one half, the second below, stronger further away. */
function cellFill(v: number): string {
  const opacity = Math.round(Math.abs(v - 0.5) * 2 * MAX_OPACITY * 1000) / 1000;
  return `class="${v >= 0.5 ? 'hi' : 'lo'}" fill-opacity="${opacity}"`;
}

const RULES = [
  `text { font-family: ${FONT_FAMILY}; font-size: ${LABEL_SIZE}px; }`,
  `.title { font-size: ${TITLE_SIZE}px; font-weight: 600; }`,
  `.tick text { font-size: ${TICK_SIZE}px; }`,
  `.grid, .outline { fill: none; stroke-width: 1; shape-rendering: crispEdges; }`,
];

function schemeRules(c: FigureColours): string[] {
  return [
    `.bg { fill: ${c.background}; }`,
    `text { fill: ${c.text}; }`,
    `.tick text { fill: ${c.muted}; }`,
    `.grid { stroke: ${c.grid}; }`,
    `.outline { stroke: ${c.muted}; }`,
    `.hi { fill: ${c.series[0]}; }`,
    `.lo { fill: ${c.series[1]}; }`,
  ];
}
