/**
 * The robustness post's demo ("The Hard Thing about Machine Learning", issue 21): 500 test digits
 * shifted on the page by core's shifts (rotation, translation, noise, blur, …) at a severity the
 * reader sets, classified by the training run's ensemble of five networks in the page's worker
 * (one batched run per change), and scored as one network (member 0) or the ensemble, with raw or
 * temperature-scaled confidences: accuracy, mean confidence, ECE and a reliability diagram, the
 * digits it is most confidently wrong about, and a few of the shifted digits.
 *
 * A change of shift or severity is taken up once per frame (the layout effect schedules the next
 * frame and a later change in the same frame replaces it), and the run goes through `runLatest`,
 * so a held arrow key never queues runs. The toggles only rescore the last run's logits. The logic
 * is lib/demo/shift-explorer.ts; the numbers are core's.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import type { Outputs } from '@bounded-rationality/core/models/contracts.ts';
import type { ReliabilityDiagram } from '@bounded-rationality/core/calibration/metrics.ts';
import { SHIFTS, shiftById, type ShiftId } from '@bounded-rationality/core/shift/registry.ts';
import {
  BINS,
  digitShifter,
  formatAmount,
  formatShare,
  formatTemperature,
  gatherDigits,
  parseShiftData,
  PIXELS,
  sampleIndexes,
  SEVERITIES,
  temperatureOf,
  updateShift,
  WRONG_SHOWN,
  type Mistake,
  type Model,
  type Scaling,
  type Settings,
  type ShiftData,
  type ShiftUpdate,
} from '../lib/demo/shift-explorer.ts';
import { useModels } from './shared/use-model.ts';
import { useDataFile } from './shared/use-data-file.ts';
import { DemoStatus, modelsAndFile } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { ProvenanceLine } from './shared/Provenance.tsx';
import './shared/demo.css';
import './ShiftExplorer.css';

export interface ShiftExplorerProps {
  /** URL of the ensemble (core/src/classifier/contract.ts `ensembleClassifier`). */
  model: string;
  /** URL of the digits file (`{ experiment, members, classes, temperatures, digits }`), imported with `?url&no-inline`. */
  data: string;
}

/** The digits run through the model for one shift and severity, and what came back. */
interface Batch {
  shift: ShiftId;
  severity: number;
  images: Float32Array;
  outputs: Outputs;
  /** performance.now() when the shift started, and the milliseconds of the shift and the run. */
  start: number;
  shiftMs: number;
  runMs: number;
}

/** Each change's update (shift + run + scoring), as a User Timing measure (read by bench:demos). */
export const UPDATE_MEASURE = 'shift-explorer:update';
const PROMPT = 'Pick a shift and move the severity: the digits are shifted and classified on this page.';
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One radio group of the toggles. */
function Toggle<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="toggle">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function Metrics({ update }: { update: ShiftUpdate | null }) {
  const c = update?.calibration;
  const rows: [string, string, number | undefined][] = [
    ['accuracy', 'Accuracy', c?.accuracy],
    ['confidence', 'Mean confidence', c?.confidence],
    ['ece', `Calibration error (ECE, ${BINS} bins)`, c?.ece],
  ];
  return (
    <dl class="metrics" aria-live="polite" aria-atomic="true">
      {rows.map(([key, label, value]) => {
        const text = value === undefined ? '–' : formatShare(value);
        return (
          <div key={key} class={key}>
            <dt>{label}</dt>
            {/* Keyed, so that a new value is new text, not old text moved (a layout shift). */}
            <dd key={text}>{text}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * The reliability diagram's layout, in the SVG's user units: the plot, and under it a band with
 * each bin's share of the predictions (a bin of two digits and one of two hundred look alike
 * in the plot).
 */
const PLOT = { left: 34, top: 8, size: 160 } as const;
const BAND = { top: PLOT.top + PLOT.size + 3, height: 14 } as const;
const VIEW = { width: PLOT.left + PLOT.size + 8, height: BAND.top + BAND.height + 30 };
const px = (v: number) => PLOT.left + v * PLOT.size;
const py = (v: number) => PLOT.top + (1 - v) * PLOT.size;

/** Accuracy against confidence per bin (empty bins left out), the gap to the diagonal shaded. */
function Reliability({ diagram, n }: { diagram: ReliabilityDiagram | null; n: number }) {
  const bins = diagram ? Array.from({ length: diagram.bins }, (_, b) => b).filter((b) => diagram.count[b]! > 0) : [];
  const most = diagram ? Math.max(...diagram.count) : 0;
  const ticks = [0, 0.5, 1];
  const filled = diagram ? ` The ${n} predictions fall in ${plural(bins.length, 'bin')}.` : '';
  return (
    <figure class="reliability">
      <svg
        viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
        role="img"
        aria-label={`Reliability diagram: for each of ${BINS} confidence bins, the share of its predictions that are right (bars) against the bin’s mean confidence, and under it how many predictions each bin holds; on the diagonal, confidence matches accuracy.${filled}`}
      >
        <rect class="frame" x={PLOT.left} y={PLOT.top} width={PLOT.size} height={PLOT.size} />
        {bins.map((b) => {
          const x = px(diagram!.lower[b]!) + 0.5;
          const width = PLOT.size / diagram!.bins - 1;
          const accuracy = diagram!.accuracy[b]!;
          const confidence = diagram!.confidence[b]!;
          // On a square-root scale: at a strong shift most digits sit in the top bin, and the rest would vanish.
          const count = BAND.height * Math.sqrt(diagram!.count[b]! / most);
          return (
            <g key={b}>
              <rect class="bar" x={x} y={py(accuracy)} width={width} height={PLOT.size * accuracy} />
              <rect
                class="gap"
                x={x}
                y={py(Math.max(accuracy, confidence))}
                width={width}
                height={PLOT.size * Math.abs(accuracy - confidence)}
              />
              <rect class="count" x={x} y={BAND.top + BAND.height - count} width={width} height={count} />
            </g>
          );
        })}
        <line class="diagonal" x1={px(0)} y1={py(0)} x2={px(1)} y2={py(1)} />
        <line class="baseline" x1={px(0)} y1={BAND.top + BAND.height} x2={px(1)} y2={BAND.top + BAND.height} />
        {ticks.map((t) => (
          <g key={t} class="tick">
            <text x={px(t)} y={BAND.top + BAND.height + 11} text-anchor="middle">
              {t}
            </text>
            <text x={PLOT.left - 4} y={py(t) + 3.5} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        <text x={PLOT.left - 4} y={BAND.top + BAND.height - 3} text-anchor="end">
          n
        </text>
        <text class="axis" x={px(0.5)} y={VIEW.height - 4} text-anchor="middle">
          confidence
        </text>
        <text class="axis" x={10} y={py(0.5)} text-anchor="middle" transform={`rotate(-90 10 ${py(0.5)})`}>
          accuracy
        </text>
      </svg>
      <figcaption>
        Accuracy per confidence bin, <span class="gap-key">shaded</span> the gap to the diagonal; under it, how many
        digits each bin holds (square-root scale)
      </figcaption>
    </figure>
  );
}

function Mistakes({ update, images }: { update: ShiftUpdate | null; images: Float32Array | null }) {
  const slots = Array.from({ length: WRONG_SHOWN }, (_, k) => update?.mistakes[k] ?? null);
  const caption = !update
    ? 'The digits the model is most confidently wrong about appear here.'
    : update.wrong === 0
      ? 'The model gets every digit right.'
      : `Most confidently wrong: ${update.mistakes.length === update.wrong ? `all ${update.wrong}` : `${update.mistakes.length} of the ${update.wrong}`} digits it gets wrong, with what it says and how sure it is.`;
  const label = (m: Mistake) => `A ${m.label} taken for a ${m.predicted}, with ${formatShare(m.confidence)} confidence`;
  return (
    <figure class="mistakes">
      <figcaption>{caption}</figcaption>
      <ol>
        {slots.map((m, k) => (
          <li key={k} class={m ? undefined : 'empty'}>
            <ImageGrid
              images={m && images ? images.subarray(m.index * PIXELS, (m.index + 1) * PIXELS) : null}
              n={1}
              columns={1}
              label={m ? label(m) : 'No digit'}
            />
            <span class="said" aria-hidden="true">
              {m ? (
                <>
                  says <strong>{m.predicted}</strong>
                </>
              ) : (
                ' '
              )}
            </span>
            <span class="confidence" aria-hidden="true">
              {m ? formatShare(m.confidence) : ' '}
            </span>
            <span class="truth" aria-hidden="true">
              {m ? `is a ${m.label}` : ' '}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

export default function ShiftExplorer({ model, data: dataUrl }: ShiftExplorerProps) {
  const models = useModels([model]);
  const file = useDataFile(dataUrl, 'digits file', parseShiftData);
  const state = modelsAndFile(models.status, file.status);
  const handle = state.kind === 'ready' && models.status.kind === 'ready' ? models.status.handles[0]! : null;
  const data: ShiftData | null = handle && file.status.kind === 'ready' ? file.status.value : null;
  const [shift, setShift] = useState<ShiftId>('rotate');
  const [severity, setSeverity] = useState(0);
  const [settings, setSettings] = useState<Settings>({ model: 'single', scaling: 'raw' });
  const [batch, setBatch] = useState<Batch | null>(null);
  const { fail } = models;
  const id = useId();
  const retry = () => {
    models.retry();
    file.retry();
  };
  const shifter = useMemo(() => data && digitShifter(data), [data]);
  const samples = useMemo(() => data && sampleIndexes(data.labels, data.classes), [data]);

  // The batch for the current shift and severity, once per frame: a later change in the same frame
  // cancels this one's frame. Every result that comes in is shown, so the numbers follow a drag.
  useLayoutEffect(() => {
    if (!handle || !shifter) return;
    const frame = requestAnimationFrame(() => {
      const start = performance.now();
      try {
        const images = shifter(shift, severity);
        const shiftMs = performance.now() - start;
        handle
          .runLatest(ensembleClassifier.feeds(images, PIXELS))
          .then((r) => {
            if (r) setBatch({ shift, severity, images, outputs: r.outputs, start, shiftMs, runMs: r.ms });
          })
          .catch(fail);
      } catch (error) {
        fail(error);
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [handle, shifter, shift, severity]);

  const measured = useRef<Batch | null>(null);
  const scored = useMemo((): { update: ShiftUpdate } | { error: unknown } | null => {
    if (!batch || !data) return null;
    const start = performance.now();
    try {
      const update = updateShift(batch.outputs, data, settings);
      if (measured.current !== batch) {
        measured.current = batch;
        const { shift, severity, shiftMs, runMs } = batch;
        performance.measure(UPDATE_MEASURE, {
          start: batch.start,
          detail: { shift, severity, shiftMs, runMs, scoreMs: performance.now() - start },
        });
      }
      return { update };
    } catch (error) {
      return { error };
    }
  }, [batch, data, settings]);
  useEffect(() => {
    if (scored && 'error' in scored) fail(scored.error);
  }, [scored]);

  const update = handle && scored && 'update' in scored ? scored.update : null;
  const shown = update ? batch : null;
  const busy = handle !== null && (shown?.shift !== shift || shown.severity !== severity);
  const sampleImages = useMemo(() => shown && samples && gatherDigits(shown.images, samples), [shown, samples]);
  const ready = handle !== null && data !== null;
  const members = data?.members ?? 5;
  const temperature = (model: Model) => (data ? temperatureOf(data, { model, scaling: 'scaled' }) : null);
  const scaledLabel = (t: number | null) => `Temperature-scaled${t === null ? '' : ` (${formatTemperature(t)})`}`;
  const { label } = shiftById(shift);
  const amount = formatAmount(shift, severity);
  const sampleCount = samples?.length ?? 10;

  return (
    <div class="shift-explorer" data-status={state.kind} data-busy={busy ? 'true' : 'false'}>
      <fieldset class="controls" disabled={!ready}>
        <legend class="visually-hidden">The shift and the model</legend>
        <div class="shift">
          <label for={`${id}-shift`}>Shift</label>
          <select
            id={`${id}-shift`}
            class="demo-select"
            value={shift}
            onChange={(e) => setShift((e.target as HTMLSelectElement).value as ShiftId)}
          >
            {SHIFTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div class="severity">
          <label for={`${id}-severity`}>Severity</label>
          <input
            id={`${id}-severity`}
            type="range"
            min={SEVERITIES.min}
            max={SEVERITIES.max}
            step={1}
            value={severity}
            aria-valuetext={`${severity} of ${SEVERITIES.max}: ${amount}`}
            onInput={(e) => setSeverity(Number((e.target as HTMLInputElement).value))}
          />
          <output for={`${id}-severity`}>
            <span class="level">
              {severity} of {SEVERITIES.max}
            </span>{' '}
            <span class="amount">{amount}</span>
          </output>
        </div>
        <Toggle<Model>
          legend="Model"
          name={`${id}-model`}
          value={settings.model}
          options={[
            { value: 'single', label: 'One network' },
            { value: 'ensemble', label: `Ensemble of ${members}` },
          ]}
          onChange={(model) => setSettings((s) => ({ ...s, model }))}
        />
        <Toggle<Scaling>
          legend="Confidences"
          name={`${id}-scaling`}
          value={settings.scaling}
          options={[
            { value: 'raw', label: 'Raw' },
            { value: 'scaled', label: scaledLabel(temperature(settings.model)) },
          ]}
          onChange={(scaling) => setSettings((s) => ({ ...s, scaling }))}
        />
      </fieldset>
      <figure class="samples">
        <ImageGrid
          images={sampleImages}
          n={sampleCount}
          columns={sampleCount}
          padding={2}
          label={
            shown
              ? `${sampleCount} test digits, one of each class, under ${shiftById(shown.shift).label.toLowerCase()} at severity ${shown.severity}`
              : 'The shifted test digits appear here'
          }
        />
        <figcaption>
          {label} at severity {severity}: one test digit of each class, as the model sees it
        </figcaption>
      </figure>
      <div class="results">
        <Metrics update={update} />
        <Reliability diagram={update?.calibration.reliability ?? null} n={data?.n ?? 0} />
      </div>
      <Mistakes update={update} images={shown?.images ?? null} />
      <DemoStatus status={state} retry={retry} room={PROMPT}>
        <span>{PROMPT}</span>
      </DemoStatus>
      <ProvenanceLine info={handle?.info ?? null} />
    </div>
  );
}
