/**
 * The connectivity diagram of a small MADE: its masks drawn as a network. Inputs x₁ … x_D at the
 * bottom, each hidden layer above, the outputs at the top, each unit a circle with its degree
 * inside, in index order left to right (so the reader sees that the ordering is not the index
 * order). Every one of every mask is a line: the hidden-layer masks and the output mask as
 * straight lines, the direct input-to-output connections as dashed curves behind them, in a
 * second series colour. The masks come from core (`masksFromDegrees`); what the diagram adds is
 * which units and connections lie on some path from an input to an output, shaded when none do:
 * an input of degree D feeds nothing, an output of degree 1 sees nothing (it is its bias alone),
 * and a hidden unit whose degree exceeds every degree of the layer above feeds no output.
 *
 * A standalone SVG in both colour schemes (svg-document.ts), deterministic like the line plots.
 */
import { masksFromDegrees, type Degrees, type MaskSet } from '@bounded-rationality/core/made/masks.ts';
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';
import { coord, svgDocument } from './svg-document.ts';
import { textWidth } from './svg-plot.ts';
import { FONT_FAMILY, type FigureColours } from './theme.ts';

export interface MadeDiagramOptions {
  /** Width in CSS pixels (also the viewBox width); default 640. The height follows from the layers. */
  width?: number;
  /** The accessible name; by default one that names the sizes. */
  title?: string;
}

/** Font sizes, px (nothing under 11 at 640 px wide). */
const DEGREE_SIZE = 15;
const LABEL_SIZE = 15;
const SUB_SIZE = 11;
const ROW_SIZE = 14;
const NOTE_SIZE = 13;
/** How far a subscript sits below the baseline, px. */
const SUB_DROP = 4;
/** Circle radius, px. */
const R = 17;
/** Between the centres of neighbouring rows, px. */
const ROW_GAP = 104;
const PAD = 14;
const LEGEND_ROW = 22;
const LEGEND_SWATCH = 30;
/** Least room between neighbouring circles, px. */
const UNIT_GAP = 8;

/** A piece of a label: plain text, an italic variable, or a subscript. */
type Run = { text: string; kind: 'plain' | 'var' | 'sub' };

/** x with subscript i + 1: the inputs are numbered from 1 on the page, from 0 in code. */
const variable = (index: number): Run[] => [
  { text: 'x', kind: 'var' },
  { text: String(index + 1), kind: 'sub' },
];

const runsWidth = (runs: readonly Run[]) =>
  runs.reduce((w, r) => w + textWidth(r.text, r.kind === 'sub' ? SUB_SIZE : LABEL_SIZE), 0);

/** A label as tspans; a subscript is lowered with dy and the next run raised back. */
function runsSvg(runs: readonly Run[]): string {
  let lowered = false;
  return runs
    .filter((r) => r.text)
    .map(({ text, kind }) => {
      const sub = kind === 'sub';
      const dy = sub === lowered ? '' : ` dy="${sub ? SUB_DROP : -SUB_DROP}"`;
      lowered = sub;
      const cls = kind === 'plain' ? '' : ` class="${kind}"`;
      return cls || dy ? `<tspan${cls}${dy}>${escapeXml(text)}</tspan>` : escapeXml(text);
    })
    .join('');
}

/** Inputs by their place in the ordering: the input of degree 1 first. */
const orderOf = (inputs: readonly number[]) =>
  inputs
    .map((degree, index) => ({ degree, index }))
    .sort((a, b) => a.degree - b.degree)
    .map((u) => u.index);

/** The conditional output d gives: p(x_d | the inputs of lower degree, in the ordering). */
function conditional(d: number, inputs: readonly number[]): Run[] {
  const given = orderOf(inputs).filter((j) => inputs[j]! < inputs[d]!);
  const runs: Run[] = [{ text: 'p(', kind: 'plain' }, ...variable(d)];
  given.forEach((j, k) => runs.push({ text: k === 0 ? ' | ' : ', ', kind: 'plain' }, ...variable(j)));
  runs.push({ text: ')', kind: 'plain' });
  return runs;
}

/** A 0/1 mask [from, to] between two rows of the diagram. */
interface Link {
  mask: Float32Array;
  from: number;
  to: number;
  /** Recorded on each line as data-mask, so that a reader of the SVG (or a test) can tell them apart. */
  name: string;
}

/** The rows bottom to top (inputs, hidden layers, outputs) and the masks between them, the direct one last. */
function rowsAndLinks(degrees: Degrees, masks: MaskSet): { rows: (readonly number[])[]; links: Link[] } {
  const rows = [degrees.inputs, ...degrees.hidden, degrees.inputs];
  const top = rows.length - 1;
  const links: Link[] = masks.hidden.map((mask, l) => ({ mask, from: l, to: l + 1, name: `hidden-${l + 1}` }));
  links.push({ mask: masks.output, from: top - 1, to: top, name: 'output' });
  links.push({ mask: masks.direct, from: 0, to: top, name: 'direct' });
  return { rows, links };
}

/**
 * Which units lie on some path from an input to an output: `fromInput[row][k]` when an input
 * reaches unit k of that row, `toOutput[row][k]` when it reaches an output (along ones of the masks).
 */
function reach(rows: readonly (readonly number[])[], links: readonly Link[]) {
  const fromInput = rows.map((row, r) => row.map(() => r === 0));
  const toOutput = rows.map((row, r) => row.map(() => r === rows.length - 1));
  // Links go upwards and the direct one is last, so one pass up and one down settle both.
  for (const { mask, from, to } of links) {
    const width = rows[to]!.length;
    rows[from]!.forEach((_, i) => {
      for (let j = 0; j < width; j++) if (mask[i * width + j] && fromInput[from]![i]) fromInput[to]![j] = true;
    });
  }
  for (const { mask, from, to } of [...links].reverse()) {
    const width = rows[to]!.length;
    rows[from]!.forEach((_, i) => {
      for (let j = 0; j < width; j++) if (mask[i * width + j] && toOutput[to]![j]) toOutput[from]![i] = true;
    });
  }
  return { fromInput, toOutput };
}

function validate(degrees: Degrees, width: number): void {
  const dim = degrees.inputs.length;
  const sorted = [...degrees.inputs].sort((a, b) => a - b);
  if (dim < 2 || sorted.some((m, i) => m !== i + 1)) {
    throw new Error(
      `madeDiagram: input degrees ${JSON.stringify(degrees.inputs)} must be 1 … D in some order (D ≥ 2): ` +
        'the place of each input in the ordering.',
    );
  }
  if (degrees.hidden.length === 0) throw new Error('madeDiagram: no hidden layer to draw; pass at least one.');
  degrees.hidden.forEach((layer, l) => {
    if (layer.length === 0 || !layer.every(Number.isInteger)) {
      throw new Error(`madeDiagram: hidden layer ${l + 1} has degrees ${JSON.stringify(layer)}; want whole numbers.`);
    }
  });
  if (!Number.isFinite(width) || width <= 0) throw new Error(`madeDiagram: width must be positive; got ${width}.`);
}

/** Where everything goes, px. */
interface Layout {
  width: number;
  height: number;
  /** The units' area, between the row labels and the right margin. */
  left: number;
  right: number;
  legend: LegendItem[];
  /** Baselines of the output labels, the input labels and the note under the inputs. */
  outputBase: number;
  inputBase: number;
  noteBase: number;
  cx: (row: number, unit: number) => number;
  cy: (row: number) => number;
}

function layout(width: number, rows: readonly (readonly number[])[], names: readonly string[]): Layout {
  const left = Math.ceil(PAD + Math.max(...names.map((n) => textWidth(n, ROW_SIZE))) + 16);
  const right = width - PAD;
  const widest = Math.max(...rows.map((row) => row.length));
  if ((right - left) / widest < 2 * R + UNIT_GAP) {
    throw new Error(
      `madeDiagram: ${widest} units in a row do not fit in ${width} px; make the figure wider or the layers smaller.`,
    );
  }
  const legend = layoutLegend(PAD, right);
  const outputBase = PAD + (legend.at(-1)!.row + 1) * LEGEND_ROW + 14 + LABEL_SIZE;
  const top = rows.length - 1;
  // Under the output labels, a line for the note over the output that sees nothing.
  const cy = (r: number) => outputBase + 8 + NOTE_SIZE + 8 + R + (top - r) * ROW_GAP;
  const inputBase = cy(0) + R + 8 + LABEL_SIZE;
  const noteBase = inputBase + 18 + NOTE_SIZE;
  return {
    width,
    height: Math.ceil(noteBase + PAD),
    left,
    right,
    legend,
    outputBase,
    inputBase,
    noteBase,
    cx: (r, k) => left + ((right - left) / rows[r]!.length) * (k + 0.5),
    cy,
  };
}

/**
 * The masks of a MADE with these degrees as a connectivity diagram, a standalone SVG document
 * (a string ending in a newline).
 *
 * @throws if the input degrees are not 1 … D in some order, there is no hidden layer, a hidden
 *   degree is not a whole number, or a row has more units than the width can hold.
 */
export function madeDiagram(degrees: Degrees, options: MadeDiagramOptions = {}): string {
  const width = options.width ?? 640;
  validate(degrees, width);
  const { rows, links } = rowsAndLinks(degrees, masksFromDegrees(degrees));
  const paths = reach(rows, links);
  const live = (r: number, k: number) => paths.fromInput[r]![k]! && paths.toOutput[r]![k]!;
  const rowNames = ['inputs', ...degrees.hidden.map((_, l) => `hidden ${l + 1}`), 'outputs'];
  const maskNames = [...degrees.hidden.map((_, l) => `mask ${l + 1} (≥)`), 'output mask (>)'];
  const at = layout(width, rows, [...rowNames, ...maskNames]);

  const body = [
    `<rect class="bg" width="${at.width}" height="${at.height}"/>`,
    ...drawLegend(at.legend, PAD),
    ...drawConnections(rows, links, paths, at),
    `<g class="units">`,
  ];
  rows.forEach((row, r) => {
    row.forEach((degree, k) => {
      const [cx, cy, off] = [coord(at.cx(r, k)), at.cy(r), live(r, k) ? '' : ' off'];
      body.push(
        `<circle class="unit${off}" data-row="${r}" data-unit="${k}" cx="${cx}" cy="${cy}" r="${R}"/>`,
        `<text class="degree${off}" x="${cx}" y="${coord(cy + DEGREE_SIZE * 0.35)}">${degree}</text>`,
      );
    });
  });
  body.push(`</g>`, `<g class="labels">`);

  // Outputs show the conditional they give where it fits, else just their variable; the one that
  // sees no input (degree 1) says so under its label.
  const top = rows.length - 1;
  const conditionals = degrees.inputs.map((_, d) => conditional(d, degrees.inputs));
  const room = (at.right - at.left) / degrees.inputs.length - 8;
  const fits = conditionals.every((c) => runsWidth(c) <= room);
  const outputLabels = fits ? conditionals : degrees.inputs.map((_, d) => variable(d));
  degrees.inputs.forEach((_, d) => {
    if (paths.fromInput[top]![d]) return;
    const y = coord(at.outputBase + 8 + NOTE_SIZE);
    body.push(`<text class="aside" x="${coord(at.cx(top, d))}" y="${y}">bias only</text>`);
  });
  outputLabels.forEach((runs, d) => {
    body.push(`<text class="math" x="${coord(at.cx(top, d))}" y="${at.outputBase}">${runsSvg(runs)}</text>`);
  });
  degrees.inputs.forEach((_, i) => {
    body.push(`<text class="math" x="${coord(at.cx(0, i))}" y="${at.inputBase}">${runsSvg(variable(i))}</text>`);
  });
  rows.forEach((_, r) => {
    const y = coord(at.cy(r) + ROW_SIZE * 0.35);
    body.push(`<text class="row" x="${PAD}" y="${y}">${escapeXml(rowNames[r]!)}</text>`);
  });
  maskNames.forEach((name, l) => {
    const y = coord((at.cy(l) + at.cy(l + 1)) / 2 + NOTE_SIZE * 0.35);
    body.push(`<text class="note" x="${PAD}" y="${y}">${escapeXml(name)}</text>`);
  });
  const ordering: Run[] = [{ text: 'ordering ', kind: 'plain' }];
  orderOf(degrees.inputs).forEach((j, k) => ordering.push({ text: k ? ', ' : '', kind: 'plain' }, ...variable(j)));
  ordering.push({ text: '; the number in a unit is its degree', kind: 'plain' });
  body.push(`<text class="note" x="${PAD}" y="${coord(at.noteBase)}">${runsSvg(ordering)}</text>`, `</g>`);

  return svgDocument({
    width: at.width,
    height: at.height,
    title: options.title ?? defaultTitle(degrees),
    description: describe(degrees, rows, links, live),
    rules: RULES,
    schemeRules,
    body,
  });
}

/**
 * One path per one of every mask, back to front: the direct connections as curves, then the
 * connections on no input-to-output path, then the others as straight lines.
 */
function drawConnections(
  rows: readonly (readonly number[])[],
  links: readonly Link[],
  { fromInput, toOutput }: ReturnType<typeof reach>,
  at: Layout,
): string[] {
  const layers: string[][] = [[], [], []];
  for (const { mask, from, to, name } of links) {
    const toWidth = rows[to]!.length;
    rows[from]!.forEach((_, i) => {
      for (let j = 0; j < toWidth; j++) {
        if (!mask[i * toWidth + j]) continue;
        const [x1, y1, x2, y2] = [at.cx(from, i), at.cy(from), at.cx(to, j), at.cy(to)].map(coord);
        const data = `data-mask="${name}" data-from="${i}" data-to="${j}"`;
        if (name === 'direct') {
          // Leaves the input and reaches the output vertically, so it reads apart from the straight lines.
          const bend = (at.cy(from) - at.cy(to)) * 0.45;
          const c1 = coord(at.cy(from) - bend);
          const c2 = coord(at.cy(to) + bend);
          layers[0]!.push(`<path class="conn direct" ${data} d="M${x1} ${y1}C${x1} ${c1} ${x2} ${c2} ${x2} ${y2}"/>`);
          continue;
        }
        const onPath = fromInput[from]![i]! && toOutput[to]![j]!;
        layers[onPath ? 2 : 1]!.push(
          `<path class="conn ${onPath ? 'live' : 'idle'}" ${data} d="M${x1} ${y1}L${x2} ${y2}"/>`,
        );
      }
    });
  }
  return [`<g class="connections">`, ...layers.flat(), `</g>`];
}

const defaultTitle = (degrees: Degrees) =>
  `Connectivity of a MADE with ${degrees.inputs.length} inputs and hidden layers of ` +
  `${degrees.hidden.map((l) => l.length).join(' and ')} units`;

/** The legend's entries: what each kind of line means. */
const LEGEND = [
  { cls: 'live', text: 'via the hidden layers' },
  { cls: 'direct', text: 'direct' },
  { cls: 'idle', text: 'on no input-to-output path' },
] as const;

interface LegendItem {
  row: number;
  x: number;
}

function layoutLegend(left: number, right: number): LegendItem[] {
  let [row, x] = [0, left];
  return LEGEND.map(({ cls, text }) => {
    // The last entry also shows a shaded unit.
    const itemWidth = LEGEND_SWATCH + 6 + textWidth(text, NOTE_SIZE) + (cls === 'idle' ? 2 * 9 + 6 : 0);
    if (x > left && x + itemWidth > right) [row, x] = [row + 1, left];
    const item = { row, x };
    x = Math.ceil(x + itemWidth + 22);
    return item;
  });
}

function drawLegend(items: readonly LegendItem[], top: number): string[] {
  const out = [`<g class="legend">`];
  items.forEach(({ row, x }, i) => {
    const { cls, text } = LEGEND[i]!;
    const mid = top + row * LEGEND_ROW + LEGEND_ROW / 2;
    let textX = x + LEGEND_SWATCH + 6;
    if (cls === 'idle') {
      out.push(`<circle class="unit off" cx="${x + 9}" cy="${mid}" r="8"/>`);
      x += 2 * 9 + 6;
      textX += 2 * 9 + 6;
    }
    const d =
      cls === 'direct'
        ? `M${x} ${mid + 6}C${x + 12} ${mid + 6} ${x + LEGEND_SWATCH - 12} ${mid - 6} ${x + LEGEND_SWATCH} ${mid - 6}`
        : `M${x} ${mid}H${x + LEGEND_SWATCH}`;
    out.push(
      `<path class="swatch ${cls}" d="${d}"/>`,
      `<text class="note" x="${textX}" y="${coord(mid + NOTE_SIZE * 0.35)}">${escapeXml(text)}</text>`,
    );
  });
  out.push(`</g>`);
  return out;
}

/** Style rules that hold in both schemes. */
const RULES = [
  `text { font-family: ${FONT_FAMILY}; font-size: ${LABEL_SIZE}px; }`,
  `.degree { font-size: ${DEGREE_SIZE}px; font-weight: 600; text-anchor: middle; font-variant-numeric: tabular-nums; }`,
  `.math { text-anchor: middle; }`,
  `.var { font-style: italic; }`,
  `.sub { font-size: ${SUB_SIZE}px; }`,
  `.row { font-size: ${ROW_SIZE}px; font-weight: 600; }`,
  `.note, .aside { font-size: ${NOTE_SIZE}px; }`,
  `.aside { text-anchor: middle; }`,
  `.conn, .swatch { fill: none; stroke-linecap: round; }`,
  `.live { stroke-width: 1.5; }`,
  `.idle { stroke-width: 1.25; }`,
  `.direct { stroke-width: 1.25; stroke-dasharray: 4 4; }`,
  `.unit { stroke-width: 1.5; }`,
  `.unit.off { stroke-dasharray: 3 3; }`,
];

/** Halfway between two #rrggbb colours. */
function mix(a: string, b: string): string {
  const channel = (c: string, i: number) => parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2]
    .map((i) =>
      Math.round((channel(a, i) + channel(b, i)) / 2)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function schemeRules(c: FigureColours): string[] {
  return [
    `.bg { fill: ${c.background}; }`,
    `text { fill: ${c.text}; }`,
    `.note, .aside { fill: ${c.muted}; }`,
    `.live { stroke: ${c.series[0]}; stroke-opacity: 0.8; }`,
    `.direct { stroke: ${c.series[1]}; }`,
    `.idle { stroke: ${c.grid}; }`,
    `.unit { fill: ${c.background}; stroke: ${c.text}; }`,
    `.unit.off { fill: ${mix(c.grid, c.background)}; stroke: ${c.muted}; }`,
    `.degree.off { fill: ${c.muted}; }`,
  ];
}

/** A plain-text account of the diagram for screen readers. */
function describe(
  degrees: Degrees,
  rows: readonly (readonly number[])[],
  links: readonly Link[],
  live: (r: number, k: number) => boolean,
): string {
  const x = (i: number) => `x${i + 1}`;
  const dim = degrees.inputs.length;
  const ones = (l: Link) => l.mask.reduce((n, v) => n + v, 0);
  const through = links.filter((l) => l.name !== 'direct');
  const off: string[] = [];
  rows.forEach((row, r) =>
    row.forEach((degree, k) => {
      if (live(r, k)) return;
      const unit =
        r === 0 ? `input ${x(k)}` : r === rows.length - 1 ? `output ${x(k)}` : `unit ${k + 1} of hidden layer ${r}`;
      off.push(`${unit} (degree ${degree})`);
    }),
  );
  return (
    `Connectivity diagram of a MADE. Inputs ${x(0)} to ${x(dim - 1)} at the bottom with degrees ` +
    `${degrees.inputs.join(', ')}, from the ordering ${orderOf(degrees.inputs).map(x).join(', ')}; ` +
    degrees.hidden.map((l, i) => `hidden layer ${i + 1} with degrees ${l.join(', ')}; `).join('') +
    `the outputs at the top with the inputs' degrees. Each line is a one of a mask: ` +
    `${through.map(ones).join(' + ')} through the hidden layers and ${ones(links.at(-1)!)} direct. ` +
    (off.length ? `On no path from an input to an output: ${off.join(', ')}.` : 'Every unit lies on a path.')
  );
}
