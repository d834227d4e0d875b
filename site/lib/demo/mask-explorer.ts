/**
 * What the mask explorer (islands/MaskExplorer.tsx) computes, apart from drawing it: a MADE with one
 * hidden layer built from the reader's settings (an ordering, the hidden units' degrees, the rule
 * for each layer, direct connections on or off) through core's `connect`, the verdict of core's
 * `findViolation` in words, and where each unit goes in the drawing. No DOM, so that it is tested
 * in Node.
 */
import {
  connect,
  findViolation,
  HIDDEN_RULE,
  inputDegrees,
  OUTPUT_RULE,
  pathCounts,
  type MaskSet,
  type Rule,
  type Violation,
} from '@bounded-rationality/core/made/masks.ts';

/** What the reader sets. */
export interface MadeSettings {
  /** `order[k]`: the input that comes k-th. */
  order: readonly number[];
  /** The hidden units' degrees, each in [1, D − 1]. */
  hidden: readonly number[];
  /** Input → hidden: MADE's is 'at-least'. */
  hiddenRule: Rule;
  /** Hidden → output, and the direct connections: MADE's is 'greater'. */
  outputRule: Rule;
  /** Input → output connections that skip the hidden layer (masked by the output rule). */
  direct: boolean;
}

/** The sizes the reader may pick (inputs D, hidden units H). */
export const DIM_RANGE = { min: 4, max: 8 } as const;
export const HIDDEN_RANGE = { min: 3, max: 10 } as const;

/**
 * The ordering the explorer starts with: the even-numbered inputs (x₂, x₄, …) first, then the
 * odd ones, so that from the first look an input's degree is its place in the ordering, not its
 * number.
 */
export function defaultOrdering(dim: number): number[] {
  const all = Array.from({ length: dim }, (_, i) => i);
  return [...all.filter((i) => i % 2 === 1), ...all.filter((i) => i % 2 === 0)];
}

/** The hidden degrees it starts with: 1, 2, …, D − 1 and round again, so that every degree is there. */
export const defaultHiddenDegrees = (dim: number, width: number): number[] =>
  Array.from({ length: width }, (_, u) => 1 + (u % (dim - 1)));

/**
 * Fixed, never random: the page as built shows these, and hydration must not change them. Throws
 * for a D or H outside the ranges the explorer offers.
 */
export function defaultSettings(dim: number, width: number): MadeSettings {
  const within = (n: number, { min, max }: { min: number; max: number }) => Number.isInteger(n) && n >= min && n <= max;
  if (!within(dim, DIM_RANGE)) throw new Error(`mask explorer: ${dim} inputs; D must be an integer in 4 … 8`);
  if (!within(width, HIDDEN_RANGE))
    throw new Error(`mask explorer: ${width} hidden units; H must be an integer in 3 … 10`);
  return {
    order: defaultOrdering(dim),
    hidden: defaultHiddenDegrees(dim, width),
    hiddenRule: HIDDEN_RULE,
    outputRule: OUTPUT_RULE,
    direct: true,
  };
}

/**
 * The settings for another D or H: a new D starts from the default ordering; the hidden units kept
 * keep their degrees (held to D − 1), and new ones get their default degree.
 */
export function resized(settings: MadeSettings, dim: number, width: number): MadeSettings {
  const defaults = defaultHiddenDegrees(dim, width);
  return {
    ...settings,
    order: dim === settings.order.length ? settings.order : defaultOrdering(dim),
    hidden: defaults.map((degree, u) => Math.min(settings.hidden[u] ?? degree, dim - 1)),
  };
}

/** One step up or down through 1 … n, wrapping around. */
const cycle = (value: number, by: 1 | -1, n: number) => 1 + ((value - 1 + by + n) % n);

/** Hidden unit `unit`'s degree one up (or down), wrapping around within 1 … D − 1. */
export function stepHiddenDegree(settings: MadeSettings, unit: number, by: 1 | -1): MadeSettings {
  const dim = settings.order.length;
  return { ...settings, hidden: settings.hidden.map((d, u) => (u === unit ? cycle(d, by, dim - 1) : d)) };
}

/**
 * Input `input`'s degree one up (or down), wrapping around within 1 … D: its place in the
 * ordering, so it swaps places with the input that had that degree.
 */
export function stepInputDegree(settings: MadeSettings, input: number, by: 1 | -1): MadeSettings {
  const order = [...settings.order];
  const from = order.indexOf(input);
  if (from < 0) throw new Error(`mask explorer: no input ${input} in the ordering ${JSON.stringify(order)}`);
  const to = cycle(from + 1, by, order.length) - 1;
  [order[from], order[to]] = [order[to]!, order[from]!];
  return { ...settings, order };
}

/** The masks the settings imply: core's `connect` with the reader's rule for each layer. */
export function masksOf(settings: MadeSettings): MaskSet {
  const inputs = inputDegrees(settings.order);
  const dim = inputs.length;
  return {
    hidden: [connect(inputs, settings.hidden, settings.hiddenRule)],
    output: connect(settings.hidden, inputs, settings.outputRule),
    direct: settings.direct ? connect(inputs, inputs, settings.outputRule) : new Float32Array(dim * dim),
  };
}

/** Everything the explorer shows of one setting. */
export interface Analysis {
  settings: MadeSettings;
  /** `degrees[i]`: input i's (and output i's) degree, its place in the ordering from 1. */
  degrees: number[];
  masks: MaskSet;
  /** `paths[j * D + d]`: paths from input j to output d (core's `pathCounts`). */
  paths: Float64Array;
  /** The first connection that breaks the autoregressive property, with one path carrying it. */
  violation: Violation | undefined;
  /** Per hidden unit: why it is dead (no input reaches it, or it reaches no output), or null. */
  dead: (DeadReason | null)[];
  /** Per input: whether any output depends on it. */
  used: boolean[];
}

export type DeadReason = 'no input' | 'no output';

export function analyse(settings: MadeSettings): Analysis {
  const masks = masksOf(settings);
  const degrees = inputDegrees(settings.order);
  const dim = degrees.length;
  const width = settings.hidden.length;
  const [below] = masks.hidden as [Float32Array];
  const any = (n: number, at: (k: number) => number) => Array.from({ length: n }, (_, k) => at(k)).some((v) => v > 0);
  const dead = settings.hidden.map((_, u): DeadReason | null => {
    if (!any(dim, (j) => below[j * width + u]!)) return 'no input';
    if (!any(dim, (d) => masks.output[u * dim + d]!)) return 'no output';
    return null;
  });
  const paths = pathCounts(masks);
  return {
    settings,
    degrees,
    masks,
    paths,
    violation: findViolation(masks, settings.order),
    dead,
    used: degrees.map((_, j) => any(dim, (d) => paths[j * dim + d]!)),
  };
}

/** A connection of the drawing. `from` and `to` are unit indices within their layers. */
export interface Edge {
  kind: 'hidden' | 'output' | 'direct';
  from: number;
  to: number;
  /** On the path of the violation. */
  broken: boolean;
  /** To or from a dead hidden unit: it carries nothing. */
  idle: boolean;
}

/** Every connection the masks allow, the violation's path flagged. */
export function edgesOf({ masks, dead, violation, degrees }: Analysis): Edge[] {
  const dim = degrees.length;
  const width = dead.length;
  // The path's steps as (kind, from, to): [j, u, d] is j → u → d; [j, d] is the direct j → d.
  const path = violation?.path ?? [];
  const steps: [Edge['kind'], number, number][] =
    path.length === 3
      ? [
          ['hidden', path[0]!, path[1]!],
          ['output', path[1]!, path[2]!],
        ]
      : path.length === 2
        ? [['direct', path[0]!, path[1]!]]
        : [];
  const edges: Edge[] = [];
  const add = (
    kind: Edge['kind'],
    mask: Float32Array,
    rows: number,
    columns: number,
    unit: (from: number, to: number) => number | null,
  ) => {
    for (let from = 0; from < rows; from++) {
      for (let to = 0; to < columns; to++) {
        if (!mask[from * columns + to]) continue;
        const hiddenUnit = unit(from, to);
        edges.push({
          kind,
          from,
          to,
          broken: steps.some(([k, f, t]) => k === kind && f === from && t === to),
          idle: hiddenUnit !== null && dead[hiddenUnit] !== null,
        });
      }
    }
  };
  add('hidden', masks.hidden[0]!, dim, width, (_, to) => to);
  add('output', masks.output, width, dim, (from) => from);
  add('direct', masks.direct, dim, dim, () => null);
  return edges;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number) => [...String(n)].map((c) => SUBSCRIPTS[Number(c)]).join('');
/** Units by name, numbered from 1 as in the text: input x₃, hidden unit h₂, output x̂₃. */
export const inputName = (i: number) => `x${subscript(i + 1)}`;
export const hiddenName = (u: number) => `h${subscript(u + 1)}`;
export const outputName = (d: number) => `x̂${subscript(d + 1)}`;

/** The verdict in words: a headline, and what backs it. */
export interface Verdict {
  ok: boolean;
  headline: string;
  detail: string;
}

export function verdictOf({ violation, degrees, settings }: Analysis): Verdict {
  if (!violation) {
    return {
      ok: true,
      headline: 'Autoregressive: every output depends only on inputs that come before it in the ordering.',
      detail: 'Every path from an input to an output ends on a strictly higher degree than it starts from.',
    };
  }
  const { input, output, path } = violation;
  const headline =
    input === output
      ? `Broken: output ${outputName(output)} depends on ${inputName(input)} itself, which does not come before it.`
      : `Broken: output ${outputName(output)} depends on ${inputName(input)}, which does not come before ${inputName(output)} in the ordering.`;
  const through = path.length === 3 ? [{ name: hiddenName(path[1]!), degree: settings.hidden[path[1]!]! }] : [];
  const units = [
    { name: inputName(input), degree: degrees[input]! },
    ...through,
    { name: outputName(output), degree: degrees[output]! },
  ];
  const route = units.map((u) => `${u.name} (${u.degree})`).join(' → ');
  // Degrees never fall into a hidden unit (≥ or >), so the step that breaks the property is the
  // last one, into the output: there the ≥ rule lets degree k reach output k, and with it input k.
  const [before, last] = units.slice(-2) as [(typeof units)[number], (typeof units)[number]];
  return {
    ok: false,
    headline,
    detail:
      `Path${through.length === 0 ? ', direct' : ''}: ${route}. Its last step joins degree ${before.degree} to ` +
      `degree ${last.degree}: the ≥ rule lets that through, MADE’s > rule for outputs would not.`,
  };
}

/** Which hidden units are dead, in words (null when none is). */
export function deadNote({ dead }: Analysis): string | null {
  const list = (reason: DeadReason) => dead.flatMap((r, u) => (r === reason ? [hiddenName(u)] : []));
  const [noInput, noOutput] = [list('no input'), list('no output')];
  const said = [
    noInput.length > 0 && `${noInput.join(', ')} ${noInput.length === 1 ? 'sees' : 'see'} no input`,
    noOutput.length > 0 && `${noOutput.join(', ')} ${noOutput.length === 1 ? 'reaches' : 'reach'} no output`,
  ].filter((part) => part !== false);
  return said.length > 0 ? `Dimmed units are dead: ${said.join('; ')}.` : null;
}

/** A point of the drawing, in its viewBox units. */
export interface Point {
  x: number;
  y: number;
}

export interface NetworkLayout {
  /** The viewBox: width × height. */
  width: number;
  height: number;
  /** Radius of a unit's circle. */
  radius: number;
  inputs: Point[];
  hidden: Point[];
  outputs: Point[];
  /** Where each unit's name goes: under an input or a hidden unit, over an output. */
  inputLabels: Point[];
  hiddenLabels: Point[];
  outputLabels: Point[];
}

const VIEW = { width: 480, height: 280 };
/** Rows from the top: output names, outputs, hidden units and their names, inputs, input names. */
const ROWS = { outputLabel: 16, output: 52, hidden: 136, hiddenLabel: 170, input: 228, inputLabel: 264 };

/**
 * Where the units go: inputs on the bottom row, hidden units in the middle, outputs on top, each
 * row spread evenly over the width (so input i and output i share a column). The radius leaves a
 * gap between neighbours in the fullest row.
 */
export function networkLayout(dim: number, width: number): NetworkLayout {
  const row = (n: number, y: number) => Array.from({ length: n }, (_, i) => ({ x: (VIEW.width * (i + 0.5)) / n, y }));
  const spacing = VIEW.width / Math.max(dim, width);
  return {
    ...VIEW,
    radius: Math.min(18, 0.38 * spacing),
    inputs: row(dim, ROWS.input),
    hidden: row(width, ROWS.hidden),
    outputs: row(dim, ROWS.output),
    inputLabels: row(dim, ROWS.inputLabel),
    hiddenLabels: row(width, ROWS.hiddenLabel),
    outputLabels: row(dim, ROWS.outputLabel),
  };
}

/**
 * The SVG path of a direct connection from an input up to an output: a curve that bows to the
 * left of the straight line, so that it reads apart from the connections through the hidden layer.
 */
export function directCurve(from: Point, to: Point, bow: number): string {
  const mid = (from.y + to.y) / 2;
  const f = (v: number) => Math.round(v * 10) / 10;
  return `M ${f(from.x)} ${f(from.y)} C ${f(from.x - bow)} ${f(mid)}, ${f(to.x - bow)} ${f(mid)}, ${f(to.x)} ${f(to.y)}`;
}

/** One line for a screen reader: the network, its rules and its verdict. */
export function summaryOf(analysis: Analysis): string {
  const { settings, degrees } = analysis;
  const dim = degrees.length;
  const rule = (r: Rule) => (r === 'at-least' ? '≥' : '>');
  const order = settings.order.map(inputName).join(', ');
  return (
    `A MADE with ${dim} inputs and ${settings.hidden.length} hidden units. Ordering: ${order}. ` +
    `Hidden degrees: ${settings.hidden.join(', ')}. Hidden rule ${rule(settings.hiddenRule)}, ` +
    `output rule ${rule(settings.outputRule)}, direct connections ${settings.direct ? 'on' : 'off'}. ` +
    verdictOf(analysis).headline
  );
}
