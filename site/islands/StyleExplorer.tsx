/**
 * The semi-supervised VAE's (M2's) split of a digit into its class and its style, in the reader's
 * browser: draw a digit or take a test digit, and the classifier q(y | x) gives the class bars; the
 * encoder's mean of q(z | x, ŷ), ŷ the most probable class, is the digit's style z, which the
 * decoder draws as each of the ten digits (one batch of ten rows). Sliders move z along the style
 * directions the training run found (lib/demo/style-explorer.ts), and all ten digits change with it.
 * Decoding goes through `runLatest`: while a slider is dragged one run is in flight and only the
 * latest setting waits, so the digits follow the slider without a backlog.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { m2Classifier, m2Decoder, m2Encoder, oneHotRows } from '@bounded-rationality/core/m2/contract.ts';
import {
  argmax,
  everyClass,
  formatProbability,
  formatSlider,
  parseStyleData,
  SLIDER,
  styledCode,
  type StyleData,
} from '../lib/demo/style-explorer.ts';
import DigitCanvas from './DigitCanvas.tsx';
import { useModels } from './shared/use-model.ts';
import { useDataFile } from './shared/use-data-file.ts';
import { DemoStatus, modelsAndFile } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { ProvenanceLine } from './shared/Provenance.tsx';
import './shared/demo.css';
import './StyleExplorer.css';

export interface StyleExplorerProps {
  /** URLs of the run's ONNX classifier, encoder and decoder (core/src/m2/contract.ts). */
  classifier: string;
  encoder: string;
  decoder: string;
  /** URL of the run's style file (`{ experiment, inputDim, latentDim, classes, style }`). */
  style: string;
  /** Sliders shown: the file's first (most effective) directions. */
  sliders?: number;
  /** Shown over the ten digits' room until the demo is ready, e.g. the training run's analogies figure. */
  poster?: string;
  posterAlt?: string;
}

const CLASSES = 10;
const PIXELS = 784;
const DIGITS = Array.from({ length: CLASSES }, (_, c) => c);

/** A digit as the explorer read it: q(y | x), the most probable class, and z = mean of q(z | x, ŷ). */
interface Reading {
  digit: Float32Array;
  probabilities: Float32Array;
  top: number;
  code: Float32Array;
}

/** The ten digits decoded from one reading's code at one slider setting. */
interface Decoded {
  of: Reading;
  sliders: readonly number[];
  images: Float32Array;
}

const legend = (top: number) =>
  `Your digit’s style z, from q(z | x, y = ${top}) with ${top} the most probable class, drawn as every digit.`;
const LEGEND_ROOM = legend(0);
const PROMPT = 'Draw a digit, or use a test digit.';
const READING = 'Reading the digit…';

function ClassBars({ reading }: { reading: Reading | null }) {
  return (
    <figure class="class-bars">
      <figcaption>q(y | x), the class of the digit</figcaption>
      <ol aria-label="Probability of each class under q(y | x)">
        {DIGITS.map((c) => {
          const p = reading?.probabilities[c];
          const top = reading?.top === c;
          const text = p === undefined ? '–' : formatProbability(p);
          return (
            <li key={c} class={top ? 'top' : undefined}>
              <span class="class">{c}</span>
              <span class="bar" aria-hidden="true">
                <span style={{ width: `${p === undefined ? 0 : 100 * p}%` }} />
              </span>
              {/* Keyed, so that a new value is new text, not old text moved (a layout shift). */}
              <span class="value" key={text}>
                {text}
                {top && <span class="visually-hidden"> (most probable)</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

function DigitStrip({ decoded, placeholder }: { decoded: Decoded | null; placeholder: ComponentChildren }) {
  return (
    <div class="strip">
      <ol aria-label="The style decoded as each digit">
        {DIGITS.map((c) => (
          <li key={c}>
            <ImageGrid
              images={decoded ? decoded.images.subarray(c * PIXELS, (c + 1) * PIXELS) : null}
              n={1}
              columns={1}
              label={decoded ? `The style drawn as a ${c}` : `No digit yet: a ${c} appears here`}
            />
            <span class="label" aria-hidden="true">
              {c}
            </span>
          </li>
        ))}
      </ol>
      {placeholder}
    </div>
  );
}

export default function StyleExplorer({
  classifier,
  encoder,
  decoder,
  style: styleUrl,
  sliders: count = 4,
  poster,
  posterAlt = '',
}: StyleExplorerProps) {
  const models = useModels([classifier, encoder, decoder]);
  const styleFile = useDataFile(styleUrl, 'style file', parseStyleData);
  const state = modelsAndFile(models.status, styleFile.status);
  const handles = state.kind === 'ready' && models.status.kind === 'ready' ? models.status.handles : null;
  const data: StyleData | null = handles && styleFile.status.kind === 'ready' ? styleFile.status.value : null;
  const [digit, setDigit] = useState<Float32Array | null>(null);
  const [reading, setReading] = useState<Reading | null>(null);
  const [sliders, setSliders] = useState<readonly number[]>(() => new Array<number>(count).fill(0));
  const [decoded, setDecoded] = useState<Decoded | null>(null);
  const { fail } = models;
  const id = useId();
  const retry = () => {
    models.retry();
    styleFile.retry();
  };

  useEffect(() => {
    if (!data) return;
    if (data.inputDim !== PIXELS || data.classes !== CLASSES || data.directions.length < count) {
      fail(
        new Error(
          `The style file ${styleUrl} does not fit the demo: ${data.inputDim} pixels, ${data.classes} classes and ${data.directions.length} directions, where it needs ${PIXELS}, ${CLASSES} and ${count}.`,
        ),
      );
    }
  }, [data]);

  // The digit's reading: q(y | x), then the mean of q(z | x, ŷ). A digit overtaken by another
  // before its reading is in is dropped.
  useEffect(() => {
    if (!handles || !data || !digit) {
      setReading(null);
      return;
    }
    let current = true;
    const [classify, encode] = handles;
    (async () => {
      const classified = await classify!.runLatest(m2Classifier.feeds(digit, PIXELS));
      if (!classified || !current) return;
      const probabilities = m2Classifier.probabilities(classified.outputs);
      const top = argmax(probabilities);
      const encoded = await encode!.runLatest(m2Encoder.feeds(digit, oneHotRows([top], CLASSES), PIXELS, CLASSES));
      if (!encoded || !current) return;
      const code = m2Encoder.mean(encoded.outputs);
      if (code.length !== data.latentDim) {
        throw new Error(
          `The encoder gives codes of ${code.length} dimensions, the style file ${styleUrl} ${data.latentDim}: they are not from one run.`,
        );
      }
      setReading({ digit, probabilities, top, code });
    })().catch(fail);
    return () => {
      current = false;
    };
  }, [handles, data, digit]);

  // The ten digits at the current setting. Every result that comes in is shown, for the reading it
  // belongs to: while a slider moves, the digits follow it.
  useEffect(() => {
    if (!handles || !data || !reading) return;
    const z = styledCode(reading.code, data.directions.slice(0, count), sliders);
    const batch = everyClass(z, CLASSES);
    handles[2]!
      .runLatest(m2Decoder.feeds(batch.z, batch.y, data.latentDim, CLASSES))
      .then((r) => {
        if (r) setDecoded({ of: reading, sliders, images: m2Decoder.probabilities(r.outputs) });
      })
      .catch(fail);
  }, [handles, data, reading, sliders]);

  // Busy from the render that brings a digit or a setting to the one that shows its digits. What
  // is shown meanwhile is the last reading's (none after a clear).
  const shownReading = handles && digit ? reading : null;
  const shownDecoded = shownReading && decoded?.of === shownReading ? decoded : null;
  const busy =
    handles !== null &&
    digit !== null &&
    (reading?.digit !== digit || decoded?.of !== reading || decoded.sliders !== sliders);
  const line = !digit ? PROMPT : !shownReading ? READING : legend(shownReading.top);
  const disabled = !shownReading;

  return (
    <div class="style-explorer" data-status={state.kind} data-busy={busy ? 'true' : 'false'}>
      <div class="reading">
        <DigitCanvas onDigit={setDigit} example={handles !== null} />
        <ClassBars reading={shownReading} />
      </div>
      <DigitStrip
        decoded={shownDecoded}
        placeholder={
          !handles &&
          (poster ? (
            <img class="poster" src={poster} alt={posterAlt} />
          ) : (
            <p class="placeholder">The ten digits in your digit’s style appear here.</p>
          ))
        }
      />
      <fieldset class="sliders" disabled={disabled}>
        <legend>Style directions, in standard deviations of the test digits’ codes</legend>
        {sliders.map((s, k) => (
          <div class="slider" key={k}>
            <label for={`${id}-style-${k}`}>Style {k + 1}</label>
            <input
              id={`${id}-style-${k}`}
              type="range"
              min={SLIDER.min}
              max={SLIDER.max}
              step={SLIDER.step}
              value={s}
              aria-valuetext={formatSlider(s)}
              onInput={(e) => {
                const value = Number((e.target as HTMLInputElement).value);
                setSliders((old) => old.map((v, i) => (i === k ? value : v)));
              }}
            />
            <output for={`${id}-style-${k}`}>{formatSlider(s)}</output>
          </div>
        ))}
        <button
          type="button"
          class="demo-button"
          disabled={sliders.every((s) => s === 0)}
          onClick={() => setSliders(new Array<number>(count).fill(0))}
        >
          Reset the style
        </button>
      </fieldset>
      <DemoStatus status={state} retry={retry} room={LEGEND_ROOM}>
        <span key={line}>{line}</span>
      </DemoStatus>
      <ProvenanceLine info={handles?.[0]?.info ?? null} />
    </div>
  );
}
