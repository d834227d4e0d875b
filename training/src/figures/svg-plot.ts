/**
 * A line-plot writer: data in, a standalone SVG document out, for figures written at training time
 * and shown in posts through `<img>`, in both colour schemes (see svg-document.ts).
 *
 * The plot paints its own background, so that a figure stays readable when the reader's system
 * scheme and the site's chosen theme differ. Sizes are CSS pixels in the viewBox. Output is
 * deterministic: the same input gives the same bytes (coordinates rounded to 0.01 px, fixed ids).
 */
import { linearTicks, type Ticks } from './ticks.ts';
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';
import { coord, svgDocument } from './svg-document.ts';
import { FONT_FAMILY, MAX_SERIES, type FigureColours } from './theme.ts';

/** One line on the plot. */
export interface Series {
  /** The legend entry. */
  name: string;
  /** [x, y] in data units, drawn in the order given. */
  points: readonly (readonly [number, number])[];
  /** Dash the line, to tell series apart without colour. */
  dashed?: boolean;
  /** A shaded band under the line, [x, low, high] in data units: for example mean ± one standard deviation across seeds. */
  band?: readonly (readonly [number, number, number])[];
}

export interface LinePlotOptions {
  /** Shown above the plot and used as the accessible name. */
  title?: string;
  /** The accessible description; a summary of the series is written when absent. */
  description?: string;
  xLabel: string;
  yLabel: string;
  /** At most six series, one per palette colour. */
  series: readonly Series[];
  /** Width in CSS pixels (also the viewBox width); default 640. */
  width?: number;
  /** Height in CSS pixels (also the viewBox height); default 400. */
  height?: number;
  /** A fixed x range in data units; by default the data's range widened to whole tick steps. */
  xDomain?: readonly [number, number];
  /** A fixed y range in data units; by default the data's range (bands included) widened to whole tick steps. */
  yDomain?: readonly [number, number];
}

/** Font sizes, px. */
const TITLE_SIZE = 16;
const LABEL_SIZE = 14;
const LEGEND_SIZE = 13;
const TICK_SIZE = 12;
/** Distance between the baselines of a wrapped title, px. */
const TITLE_LINE = 20;
/** Outer margin, px. */
const PAD = 12;
/** Gap between tick marks and tick labels, px. */
const TICK_GAP = 8;
const TICK_LENGTH = 4;
const LEGEND_ROW = 20;
const LEGEND_SWATCH = 24;
/** Least room between neighbouring tick labels, px. */
const X_LABEL_GAP = 16;
const Y_LABEL_GAP = 10;

/**
 * A line plot as a standalone SVG document (a string ending in a newline).
 *
 * @throws if there are no series, more than six, a series without points, a coordinate that is not
 *   finite (the message names the series and the point), a band whose low exceeds its high, or a
 *   domain or size that cannot be drawn.
 */
export function linePlot(options: LinePlotOptions): string {
  const { xLabel, yLabel, series } = options;
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  validate(options, width, height);

  const title = options.title ?? '';
  // Bold text runs about 6% wider than the estimate for regular text.
  const titleLines = title ? wrap(title, TITLE_SIZE * 1.06, width - 2 * PAD) : [];
  const titleHeight = titleLines.length * TITLE_LINE + (title ? 6 : 0);
  const bottom = height - PAD - (TICK_LENGTH + TICK_GAP + TICK_SIZE + 12 + LABEL_SIZE);
  const yRange = options.yDomain ?? dataRange(series, 'y');
  const xRange = options.xDomain ?? dataRange(series, 'x');

  // The left margin depends on the y tick labels, which depend on the plot's height, which depends
  // on how many rows the legend needs at that margin: two rounds settle it.
  let top = PAD + titleHeight + LEGEND_ROW + 10;
  const yFit: TickFit = {
    spacing: 50,
    gap: Y_LABEL_GAP,
    extent: () => TICK_SIZE,
    fixed: !!options.yDomain,
  };
  let yTicks = fitTicks(yRange, bottom - top, yFit);
  let left = 0;
  let legend: LegendItem[] = [];
  for (let round = 0; round < 2; round++) {
    left = Math.ceil(PAD + LABEL_SIZE + 10 + Math.max(...yTicks.labels.map((l) => textWidth(l, TICK_SIZE))) + TICK_GAP);
    legend = layoutLegend(series, left, width - PAD);
    const rows = Math.max(...legend.map((item) => item.row)) + 1;
    top = PAD + titleHeight + rows * LEGEND_ROW + 10;
    yTicks = fitTicks(yRange, bottom - top, yFit);
  }
  const extent = (label: string) => textWidth(label, TICK_SIZE);
  const xFit: TickFit = { spacing: 80, gap: X_LABEL_GAP, extent, fixed: !!options.xDomain };
  // The last x label is centred on the right end, so half of it sets the right margin.
  let xTicks = fitTicks(xRange, width - PAD - left, xFit);
  let right = width - PAD;
  for (let round = 0; round < 2; round++) {
    right = Math.floor(width - PAD - extent(xTicks.labels.at(-1) ?? '') / 2);
    xTicks = fitTicks(xRange, right - left, xFit);
  }
  right = Math.min(right, Math.floor(width - PAD - extent(xTicks.labels.at(-1) ?? '') / 2));
  if (right - left < 40 || bottom - top < 40) {
    throw new Error(`linePlot: ${width} × ${height} px leaves no room for the plot; make the figure larger.`);
  }

  const area: Area = { left, right, top, bottom };
  const sx = scale(xTicks.domain, [left, right]);
  const sy = scale(yTicks.domain, [bottom, top]);
  const inX = (v: number) => v >= xTicks.domain[0] && v <= xTicks.domain[1];
  const inY = (v: number) => v >= yTicks.domain[0] && v <= yTicks.domain[1];

  const body = [
    `<defs><clipPath id="plot-area"><rect x="${left - 2}" y="${top - 2}" width="${right - left + 4}" height="${bottom - top + 4}"/></clipPath></defs>`,
    `<rect class="bg" width="${width}" height="${height}"/>`,
  ];
  titleLines.forEach((line, i) => {
    body.push(`<text class="title" x="${PAD}" y="${PAD + TITLE_SIZE - 3 + i * TITLE_LINE}">${escapeXml(line)}</text>`);
  });
  body.push(...drawLegend(legend, series, PAD + titleHeight));

  body.push(`<g class="grid">`);
  for (const v of xTicks.values.filter(inX)) body.push(`<path d="M${crisp(sx(v))} ${top}V${bottom}"/>`);
  for (const v of yTicks.values.filter(inY)) body.push(`<path d="M${left} ${crisp(sy(v))}H${right}"/>`);
  body.push(`</g>`);

  body.push(...drawAxes(area, xTicks, yTicks, sx, sy, xLabel, yLabel));

  series.forEach((s, i) => {
    if (s.band && s.band.length > 0) {
      body.push(`<path class="band f${i}" clip-path="url(#plot-area)" d="${bandPath(s.band, sx, sy)}"/>`);
    }
  });
  series.forEach((s, i) => {
    const d = s.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${coord(sx(x))} ${coord(sy(y))}`).join('');
    // A lone point is a zero-length path, which round caps draw as a dot.
    const dot = s.points.length === 1 ? 'h0' : '';
    body.push(`<path class="line c${i}${s.dashed ? ' dashed' : ''}" clip-path="url(#plot-area)" d="${d}${dot}"/>`);
  });
  return svgDocument({
    width,
    height,
    title: title || `${yLabel} against ${xLabel}`,
    description: options.description ?? describe(options),
    rules: RULES,
    schemeRules: (colours) => schemeRules(colours, series.length),
    body,
  });
}

interface Area {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

type Scale = (v: number) => number;

function scale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const k = (range[1] - range[0]) / (domain[1] - domain[0]);
  return (v) => range[0] + (v - domain[0]) * k;
}

/** A 1 px line's centre on a half pixel, so that it covers one pixel row at 1:1 instead of two. */
function crisp(v: number): number {
  return Math.round(v - 0.5) + 0.5;
}

interface TickFit {
  /** Start from one interval per this many px. */
  spacing: number;
  /** Least room between neighbouring labels, px. */
  gap: number;
  /** A label's extent along the axis, px. */
  extent: (label: string) => number;
  /** Keep the domain as given instead of widening it to whole steps. */
  fixed: boolean;
}

/** Ticks whose labels fit along `length` px: the most, up to one per `spacing`, that keep `gap` between labels. */
function fitTicks(range: readonly [number, number], length: number, fit: TickFit): Ticks {
  const [lo, hi] = range;
  for (let count = Math.max(2, Math.round(length / fit.spacing)); ; count--) {
    const ticks = linearTicks(lo, hi, count, fit.fixed);
    const at = scale(ticks.domain, [0, length]);
    const fits = ticks.values.every((v, i) => {
      if (i === 0) return true;
      const room = at(v) - at(ticks.values[i - 1]!);
      return room >= fit.gap + (fit.extent(ticks.labels[i]!) + fit.extent(ticks.labels[i - 1]!)) / 2;
    });
    if (fits || count <= 1) return ticks;
  }
}

/** The data's [min, max] along x or y, bands included. */
function dataRange(series: readonly Series[], axis: 'x' | 'y'): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const [x, y] of s.points) {
      const v = axis === 'x' ? x : y;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (const [x, low, high] of s.band ?? []) {
      lo = Math.min(lo, axis === 'x' ? x : low);
      hi = Math.max(hi, axis === 'x' ? x : high);
    }
  }
  return [lo, hi];
}

interface LegendItem {
  row: number;
  /** Left edge of the swatch, px. */
  x: number;
}

/** Legend entries placed left to right from `left`, wrapping before `right`. */
function layoutLegend(series: readonly Series[], left: number, right: number): LegendItem[] {
  const items: LegendItem[] = [];
  let row = 0;
  let x = left;
  for (const s of series) {
    const itemWidth = LEGEND_SWATCH + 6 + textWidth(s.name, LEGEND_SIZE);
    if (x > left && x + itemWidth > right) {
      row += 1;
      x = left;
    }
    items.push({ row, x });
    x = Math.ceil(x + itemWidth + 20);
  }
  return items;
}

function drawLegend(items: readonly LegendItem[], series: readonly Series[], top: number): string[] {
  const out = [`<g class="legend">`];
  items.forEach(({ row, x }, i) => {
    const s = series[i]!;
    const mid = top + row * LEGEND_ROW + LEGEND_ROW / 2;
    if (s.band && s.band.length > 0) {
      out.push(`<rect class="band f${i}" x="${x}" y="${mid - 6}" width="${LEGEND_SWATCH}" height="12"/>`);
    }
    out.push(
      `<path class="line c${i}${s.dashed ? ' dashed' : ''}" d="M${x + 2} ${mid}H${x + LEGEND_SWATCH - 2}"/>`,
      `<text x="${x + LEGEND_SWATCH + 6}" y="${coord(mid + LEGEND_SIZE * 0.35)}">${escapeXml(s.name)}</text>`,
    );
  });
  out.push(`</g>`);
  return out;
}

function drawAxes(
  { left, right, top, bottom }: Area,
  xTicks: Ticks,
  yTicks: Ticks,
  sx: Scale,
  sy: Scale,
  xLabel: string,
  yLabel: string,
): string[] {
  const out = [`<g class="axis">`, `<path d="M${crisp(left)} ${top}V${crisp(bottom)}H${right}"/>`];
  const xs = xTicks.values.flatMap((v, i) => (v >= xTicks.domain[0] && v <= xTicks.domain[1] ? [[v, i] as const] : []));
  const ys = yTicks.values.flatMap((v, i) => (v >= yTicks.domain[0] && v <= yTicks.domain[1] ? [[v, i] as const] : []));
  for (const [v] of xs) out.push(`<path d="M${crisp(sx(v))} ${crisp(bottom)}v${TICK_LENGTH}"/>`);
  for (const [v] of ys) out.push(`<path d="M${crisp(left)} ${crisp(sy(v))}h${-TICK_LENGTH}"/>`);
  out.push(`</g>`, `<g class="tick">`);
  const xBase = bottom + TICK_LENGTH + TICK_GAP + TICK_SIZE - 2;
  for (const [v, i] of xs) {
    out.push(`<text x="${coord(sx(v))}" y="${xBase}" text-anchor="middle">${escapeXml(xTicks.labels[i]!)}</text>`);
  }
  for (const [v, i] of ys) {
    const y = coord(sy(v) + TICK_SIZE * 0.35);
    out.push(
      `<text x="${left - TICK_LENGTH - TICK_GAP + 2}" y="${y}" text-anchor="end">${escapeXml(yTicks.labels[i]!)}</text>`,
    );
  }
  out.push(`</g>`);
  const xMid = coord((left + right) / 2);
  const yMid = coord((top + bottom) / 2);
  out.push(
    `<text class="label" x="${xMid}" y="${xBase + 12 + LABEL_SIZE}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text class="label" transform="translate(${PAD + LABEL_SIZE - 2} ${yMid}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  return out;
}

/** The band's outline: along the highs left to right, back along the lows. */
function bandPath(band: readonly (readonly [number, number, number])[], sx: Scale, sy: Scale): string {
  const upper = band.map(([x, , hi]) => `${coord(sx(x))} ${coord(sy(hi))}`);
  const lower = band.map(([x, lo]) => `${coord(sx(x))} ${coord(sy(lo))}`).reverse();
  return `M${[...upper, ...lower].join('L')}Z`;
}

/** Style rules that hold in both schemes. */
const RULES = [
  `text { font-family: ${FONT_FAMILY}; font-size: ${LEGEND_SIZE}px; }`,
  `.title { font-size: ${TITLE_SIZE}px; font-weight: 600; }`,
  `.label { font-size: ${LABEL_SIZE}px; }`,
  `.tick text { font-size: ${TICK_SIZE}px; font-variant-numeric: tabular-nums; }`,
  `.axis, .grid { fill: none; stroke-width: 1; shape-rendering: crispEdges; }`,
  `.line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }`,
  `.dashed { stroke-dasharray: 5 6; }`,
];

/** One scheme's colours; only the series colours in use. */
function schemeRules(c: FigureColours, seriesCount: number): string[] {
  return [
    `.bg { fill: ${c.background}; }`,
    `text { fill: ${c.text}; }`,
    `.tick text { fill: ${c.muted}; }`,
    `.axis { stroke: ${c.muted}; }`,
    `.grid { stroke: ${c.grid}; }`,
    ...c.series
      .slice(0, seriesCount)
      .flatMap((colour, i) => [`.c${i} { stroke: ${colour}; }`, `.f${i} { fill: ${colour}; }`]),
    `.band { fill-opacity: ${c.bandOpacity}; }`,
  ];
}

/** A plain-text summary of the plot for screen readers. */
function describe({ xLabel, yLabel, series }: LinePlotOptions): string {
  const parts = series.map((s) => {
    const [x0, x1] = dataRange([{ name: s.name, points: s.points }], 'x');
    const [y0, y1] = dataRange([{ name: s.name, points: s.points }], 'y');
    const band = s.band && s.band.length > 0 ? ', with a shaded band' : '';
    return `${s.name}: ${s.points.length} points, ${xLabel} from ${short(x0)} to ${short(x1)}, ${yLabel} from ${short(y0)} to ${short(y1)}${band}`;
  });
  return `Line plot of ${yLabel} against ${xLabel}. ${parts.join('; ')}.`;
}

/** Four significant digits, without trailing zeros. */
function short(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** `text` broken at spaces into lines about `maxWidth` px wide (a longer word gets a line to itself). */
function wrap(text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Approximate advance width of `text` in a system sans-serif at `size` px, erring wide: enough to
 * keep labels from colliding without measuring fonts.
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    if (/[ilI.,:;'|!()[\]]/.test(ch)) em += 0.32;
    else if (ch === ' ') em += 0.3;
    else if (/[0-9]/.test(ch)) em += 0.6;
    else if (/[mwMW@%]/.test(ch)) em += 0.9;
    else if (/[A-Z]/.test(ch)) em += 0.7;
    else em += 0.58;
  }
  return em * size;
}

function validate(options: LinePlotOptions, width: number, height: number): void {
  const { series } = options;
  if (series.length === 0) throw new Error('linePlot: no series to draw; pass at least one.');
  if (series.length > MAX_SERIES) {
    throw new Error(
      `linePlot: ${series.length} series, but the palette has ${MAX_SERIES} colours; ` +
        'plot fewer, or summarise seeds as one series with a band.',
    );
  }
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`linePlot: ${name} must be a positive number of pixels; got ${value}.`);
  }
  for (const [axis, domain] of [
    ['xDomain', options.xDomain],
    ['yDomain', options.yDomain],
  ] as const) {
    if (domain && !(Number.isFinite(domain[0]) && Number.isFinite(domain[1]) && domain[0] < domain[1])) {
      throw new Error(`linePlot: ${axis} must be [low, high] with finite low < high; got [${domain.join(', ')}].`);
    }
  }
  for (const s of series) {
    const label = JSON.stringify(s.name);
    if (s.points.length === 0) throw new Error(`linePlot: series ${label} has no points.`);
    s.points.forEach((p, i) => {
      if (p.length !== 2 || !p.every(Number.isFinite)) {
        throw new Error(`linePlot: series ${label}, point ${i} is [${p.join(', ')}]; x and y must be finite numbers.`);
      }
    });
    s.band?.forEach((b, i) => {
      if (b.length !== 3 || !b.every(Number.isFinite)) {
        throw new Error(
          `linePlot: series ${label}, band entry ${i} is [${b.join(', ')}]; x, low and high must be finite numbers.`,
        );
      }
      if (b[1] > b[2]) throw new Error(`linePlot: series ${label}, band entry ${i} has low ${b[1]} > high ${b[2]}.`);
    });
  }
}
