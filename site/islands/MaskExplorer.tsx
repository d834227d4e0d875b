/**
 * The mask explorer: a tiny MADE with one hidden layer, drawn with the connections its masks allow.
 * The reader sets the ordering, each hidden unit's degree and the rule of each layer, and sees at
 * once whether every output still depends only on the inputs before it: the dependency matrix
 * (paths from each input to each output, in the ordering) and, when it breaks, one path that
 * breaks it, highlighted. No model: the masks are core's (made/masks.ts), the very code that masks
 * the trained networks; the logic is lib/demo/mask-explorer.ts.
 *
 * The page as built shows the default network, which is fixed (nothing random before the reader
 * asks for it), so hydration changes nothing.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { randomOrdering, sampleDegrees, type Rule } from '@bounded-rationality/core/made/masks.ts';
import {
  analyse,
  deadNote,
  defaultSettings,
  DIM_RANGE,
  directCurve,
  edgesOf,
  HIDDEN_RANGE,
  hiddenName,
  inputName,
  networkLayout,
  outputName,
  resized,
  stepHiddenDegree,
  stepInputDegree,
  summaryOf,
  verdictOf,
  type Analysis,
  type Edge,
  type MadeSettings,
  type NetworkLayout,
  type Point,
} from '../lib/demo/mask-explorer.ts';
import './shared/demo.css';
import './MaskExplorer.css';

export interface MaskExplorerProps {
  /** Inputs D to start with, 4 … 8. */
  dim?: number;
  /** Hidden units H to start with, 3 … 10. */
  hidden?: number;
}

const range = ({ min, max }: { min: number; max: number }) => Array.from({ length: max - min + 1 }, (_, i) => min + i);
const percent = (v: number, of: number) => `${(100 * v) / of}%`;

/** ArrowUp raises a degree, ArrowDown lowers it; any other key is left alone. */
const arrowStep = ({ key }: { key: string }): 1 | -1 | null =>
  key === 'ArrowUp' ? 1 : key === 'ArrowDown' ? -1 : null;

function EdgeLine({ edge, layout }: { edge: Edge; layout: NetworkLayout }) {
  const [from, to]: [Point, Point] =
    edge.kind === 'hidden'
      ? [layout.inputs[edge.from]!, layout.hidden[edge.to]!]
      : edge.kind === 'output'
        ? [layout.hidden[edge.from]!, layout.outputs[edge.to]!]
        : [layout.inputs[edge.from]!, layout.outputs[edge.to]!];
  const names = {
    hidden: [inputName(edge.from), hiddenName(edge.to)],
    output: [hiddenName(edge.from), outputName(edge.to)],
    direct: [inputName(edge.from), outputName(edge.to)],
  }[edge.kind];
  const props = {
    class: `edge ${edge.kind}${edge.broken ? ' broken' : ''}${edge.idle ? ' idle' : ''}`,
    'data-from': names[0],
    'data-to': names[1],
  };
  return edge.kind === 'direct' ? (
    <path {...props} d={directCurve(from, to, layout.radius * 1.6)} />
  ) : (
    <line {...props} x1={from.x} y1={from.y} x2={to.x} y2={to.y} />
  );
}

/**
 * An input or a hidden unit: showing its degree, raising it when pressed; ArrowUp and ArrowDown
 * raise and lower it.
 */
function UnitButton({
  kind,
  name,
  degree,
  flags,
  style,
  label,
  step,
}: {
  kind: 'input' | 'hidden';
  name: string;
  degree: number;
  /** Classes on or off: dead, unused, broken. */
  flags: Record<string, boolean>;
  style: Record<string, string>;
  /** What its accessible name says after the unit's name. */
  label: string;
  step: (by: 1 | -1) => void;
}) {
  const classes = ['unit', kind, ...Object.keys(flags).filter((flag) => flags[flag])];
  return (
    <button
      type="button"
      class={classes.join(' ')}
      data-name={name}
      style={style}
      aria-label={`${name}: ${label}`}
      aria-keyshortcuts="ArrowUp ArrowDown"
      onClick={() => step(1)}
      onKeyDown={(event) => {
        const by = arrowStep(event);
        if (by === null) return;
        event.preventDefault();
        step(by);
      }}
    >
      {degree}
    </button>
  );
}

/** The network: connections in an SVG, units as HTML over it (the inputs and hidden units are buttons). */
function Network({
  analysis,
  onSettings,
}: {
  analysis: Analysis;
  onSettings: (update: (s: MadeSettings) => MadeSettings) => void;
}) {
  const { settings, degrees, dead, used, violation } = analysis;
  const dim = degrees.length;
  const layout = networkLayout(dim, settings.hidden.length);
  const edges = edgesOf(analysis);
  // The violation's path last, so that it is drawn over everything else.
  const ordered = [...edges.filter((e) => !e.broken), ...edges.filter((e) => e.broken)];
  const path = violation?.path ?? [];
  const onPath = {
    input: (j: number) => path[0] === j,
    hidden: (u: number) => path.length === 3 && path[1] === u,
    output: (d: number) => path[path.length - 1] === d,
  };
  const at = (p: Point) => ({ left: percent(p.x, layout.width), top: percent(p.y, layout.height) });
  const size = percent(2 * layout.radius, layout.width);
  const unit = (p: Point) => ({ ...at(p), width: size });
  return (
    <div class="network">
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={summaryOf(analysis)}>
        {ordered.map((edge) => (
          <EdgeLine key={`${edge.kind} ${edge.from} ${edge.to}`} edge={edge} layout={layout} />
        ))}
      </svg>
      {layout.outputs.map((p, d) => (
        <span
          key={`output ${d}`}
          class={`unit output${onPath.output(d) ? ' broken' : ''}`}
          data-name={outputName(d)}
          style={unit(p)}
          aria-hidden="true"
        >
          {degrees[d]}
        </span>
      ))}
      {settings.hidden.map((degree, u) => (
        <UnitButton
          key={`hidden ${u}`}
          kind="hidden"
          name={hiddenName(u)}
          degree={degree}
          flags={{ dead: dead[u] !== null, broken: onPath.hidden(u) }}
          style={unit(layout.hidden[u]!)}
          label={`degree ${degree} of 1 to ${dim - 1}${dead[u] ? `, dead (${dead[u]})` : ''}. Press to raise it`}
          step={(by) => onSettings((s) => stepHiddenDegree(s, u, by))}
        />
      ))}
      {layout.inputs.map((p, j) => (
        <UnitButton
          key={`input ${j}`}
          kind="input"
          name={inputName(j)}
          degree={degrees[j]!}
          flags={{ unused: !used[j], broken: onPath.input(j) }}
          style={unit(p)}
          label={`degree ${degrees[j]}, its place in the ordering. Press to move it one place later`}
          step={(by) => onSettings((s) => stepInputDegree(s, j, by))}
        />
      ))}
      {layout.outputLabels.map((p, d) => (
        <span key={`output label ${d}`} class="label" style={at(p)} aria-hidden="true">
          {outputName(d)}
        </span>
      ))}
      {layout.hiddenLabels.map((p, u) => (
        <span key={`hidden label ${u}`} class="label small" style={at(p)} aria-hidden="true">
          {hiddenName(u)}
        </span>
      ))}
      {layout.inputLabels.map((p, j) => (
        <span key={`input label ${j}`} class="label" style={at(p)} aria-hidden="true">
          {inputName(j)}
        </span>
      ))}
    </div>
  );
}

/**
 * Which outputs depend on which inputs, both in the ordering: the number of paths in each cell,
 * the cells an output must not depend on (its own input and every later one) outlined.
 */
function Dependencies({ analysis, id }: { analysis: Analysis; id: string }) {
  const { settings, paths, violation } = analysis;
  const { order } = settings;
  const dim = order.length;
  const most = Math.max(1, ...paths);
  return (
    <div class="matrix">
      <p class="matrix-title" id={`${id}-title`}>
        Paths from input to output
      </p>
      <table class="dependencies" aria-labelledby={`${id}-title`} aria-describedby={`${id}-key`}>
        <thead>
          <tr>
            <td />
            {order.map((j) => (
              <th key={j} scope="col">
                {inputName(j)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {order.map((d, row) => (
            <tr key={d}>
              <th scope="row">{outputName(d)}</th>
              {order.map((j, column) => {
                const count = paths[j * dim + d]!;
                const forbidden = column >= row;
                const classes = [
                  forbidden ? 'forbidden' : 'allowed',
                  column === row && 'diagonal',
                  count > 0 && (forbidden ? 'violates' : 'depends'),
                  violation?.input === j && violation.output === d && 'shown',
                ].filter(Boolean);
                return (
                  <td key={j} class={classes.join(' ')} style={count > 0 ? { '--share': count / most } : undefined}>
                    {count > 0 ? count : null}
                    {count > 0 && forbidden && <span class="visually-hidden"> (not allowed)</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="matrix-key" id={`${id}-key`}>
        Inputs across, outputs down, both in the ordering. Hatched: inputs that do not come before the output.
      </p>
    </div>
  );
}

/** A size of the network: D or H. */
function SizeChoice({
  label,
  value,
  sizes,
  onChange,
}: {
  label: string;
  value: number;
  sizes: { min: number; max: number };
  onChange: (size: number) => void;
}) {
  return (
    <label class="field">
      {label}
      <select class="demo-button" value={value} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {range(sizes).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The choices for each layer's rule: [rule, its symbol, a note]. */
const RULES: { key: 'hiddenRule' | 'outputRule'; legend: string; options: [Rule, string, string][] }[] = [
  {
    key: 'hiddenRule',
    legend: 'Input → hidden',
    options: [
      ['at-least', '≥', 'MADE'],
      ['greater', '>', ''],
    ],
  },
  {
    key: 'outputRule',
    legend: 'Hidden → output',
    options: [
      ['greater', '>', 'MADE'],
      ['at-least', '≥', 'a common bug'],
    ],
  },
];

/** Two choices for one layer's rule. */
function RuleChoice({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: Rule;
  options: [Rule, string, string][];
  onChange: (rule: Rule) => void;
}) {
  return (
    <fieldset class="rule">
      <legend>{legend}</legend>
      {options.map(([rule, symbol, note]) => (
        <label key={rule}>
          <input type="radio" name={name} checked={value === rule} onChange={() => onChange(rule)} />
          <span class="symbol">{symbol}</span>
          {note && (
            <>
              {' '}
              <span class="note">{note}</span>
            </>
          )}
        </label>
      ))}
    </fieldset>
  );
}

export default function MaskExplorer({ dim = 5, hidden = 6 }: MaskExplorerProps) {
  const [settings, setSettings] = useState(() => defaultSettings(dim, hidden));
  const analysis = useMemo(() => analyse(settings), [settings]);
  const verdict = verdictOf(analysis);
  const note = deadNote(analysis);
  const id = useId();
  const D = settings.order.length;
  const H = settings.hidden.length;
  const set =
    <K extends keyof MadeSettings>(key: K) =>
    (value: MadeSettings[K]) =>
      setSettings((s) => ({ ...s, [key]: value }));
  return (
    <div class="mask-explorer" data-verdict={verdict.ok ? 'autoregressive' : 'broken'}>
      <div class="controls">
        <div class="sizes">
          <SizeChoice
            label="Inputs"
            value={D}
            sizes={DIM_RANGE}
            onChange={(n) => setSettings((s) => resized(s, n, H))}
          />
          <SizeChoice
            label="Hidden units"
            value={H}
            sizes={HIDDEN_RANGE}
            onChange={(n) => setSettings((s) => resized(s, D, n))}
          />
          <label class="check">
            <input type="checkbox" checked={settings.direct} onChange={(e) => set('direct')(e.currentTarget.checked)} />
            Direct connections
          </label>
        </div>
        <div class="rules">
          {RULES.map(({ key, legend, options }) => (
            <RuleChoice
              key={key}
              legend={legend}
              name={`${id}-${key}`}
              value={settings[key]}
              options={options}
              onChange={set(key)}
            />
          ))}
        </div>
        <div class="actions">
          <button
            type="button"
            class="demo-button"
            onClick={() => setSettings((s) => ({ ...s, order: randomOrdering(D, Math.random) }))}
          >
            Shuffle ordering
          </button>
          <button
            type="button"
            class="demo-button"
            onClick={() => setSettings((s) => ({ ...s, hidden: sampleDegrees(s.order, [H], Math.random).hidden[0]! }))}
          >
            Resample degrees
          </button>
          <button type="button" class="demo-button" onClick={() => setSettings(defaultSettings(dim, hidden))}>
            Reset
          </button>
        </div>
      </div>
      <div class="stage">
        <div class="drawing">
          <Network analysis={analysis} onSettings={setSettings} />
          <p class="legend">
            <span class="how">
              Numbers are degrees. Press an input or a hidden unit to raise its degree (↑ ↓ from the keyboard).
            </span>
            <span class="keys" aria-hidden="true">
              <span class="key through">through the hidden layer</span>
              <span class="key direct">direct</span>
              <span class="key broken">breaks the ordering</span>
              <span class="key dead">used by no output, or dead</span>
            </span>
          </p>
        </div>
        <div class="verdict" role="status" aria-live="polite">
          <p class="headline">
            <span class="mark" aria-hidden="true">
              {verdict.ok ? '✓' : '✗'}
            </span>
            {verdict.headline}
          </p>
          <p class="detail">{verdict.detail}</p>
          {note && <p class="detail">{note}</p>}
        </div>
        <Dependencies analysis={analysis} id={`${id}-matrix`} />
      </div>
    </div>
  );
}
