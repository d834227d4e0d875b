/**
 * Digits drawn by a MADE in the reader's browser, pixel by pixel: each pixel from its conditional
 * given the pixels before it in the chosen ordering (the natural row-by-row one, or one of the
 * orderings the model was evaluated with). The draw itself takes O(H·D) per digit on the trained
 * weights (core/made/network.ts); the page then replays it in the ordering, so the reader sees in
 * which order a digit comes into being. The training run's own samples stand in until the weights
 * are in, and stay if they cannot load.
 */
import { useMemo, useState } from 'preact/hooks';
import { inputDegrees, masksFromDegrees, naturalOrdering, type Degrees } from '@bounded-rationality/core/made/masks.ts';
import { orderOf } from '@bounded-rationality/core/made/ordering.ts';
import { applyMasks, MadeSampler as Sampler } from '@bounded-rationality/core/made/network.ts';
import { useMadeModel, type MadeModel } from './shared/use-made-model.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { useReplay } from './shared/use-replay.ts';
import { ProvenanceLine } from './shared/Provenance.tsx';
import './shared/demo.css';
import './MadeSampler.css';

export interface MadeSamplerProps {
  /** URL of the model (core/made/contract.ts `madeConditionals`, one hidden layer). */
  model: string;
  /** URL of the degrees of the masks it was evaluated with (the run's data JSON). */
  masks: string;
  poster: string;
  posterAlt: string;
  /** Digits per draw. */
  count?: number;
  columns?: number;
}

/** What the reader picks: the natural ordering, or pool mask k. */
type Choice = 'natural' | number;

/** A pixel not yet drawn, in the replay: a faint grey, so the front of the draw shows. */
const PENDING = 0.14;
/** Pixels revealed per frame: the whole image in about a second and a half at 60 frames a second. */
const PER_FRAME = 9;
export const SAMPLE_MEASURE = 'made-sampler:sample';

function degreesFor(model: MadeModel, choice: Choice): Degrees {
  const pooled = model.masks[choice === 'natural' ? 0 : choice]!;
  return choice === 'natural'
    ? { inputs: inputDegrees(naturalOrdering(model.weights.dim)), hidden: pooled.hidden }
    : pooled;
}

interface Draw {
  number: number;
  choice: Choice;
  images: Float32Array;
  order: number[];
  logProb: Float64Array;
  ms: number;
}

export default function MadeSampler({ model, masks, poster, posterAlt, count = 16, columns = 4 }: MadeSamplerProps) {
  const { status, retry } = useMadeModel(model, masks);
  // A random ordering first: the model was trained on random orderings, and is much worse row by row.
  const [choice, setChoice] = useState<Choice>(0);
  const [request, setRequest] = useState(0);
  const ready = status.kind === 'ready' ? status.model : null;

  // Draw, timed without the replay.
  const draw = useMemo((): Draw | null => {
    if (!ready) return null;
    const degrees = degreesFor(ready, choice);
    const order = orderOf(degrees);
    const net = applyMasks(ready.weights, masksFromDegrees(degrees));
    const uniforms = new Float32Array(count * ready.weights.dim);
    for (let i = 0; i < uniforms.length; i++) uniforms[i] = Math.random();
    const started = performance.now();
    const sampler = new Sampler(net, order, uniforms);
    const images = sampler.finish();
    const ms = performance.now() - started;
    performance.measure(SAMPLE_MEASURE, { start: started, duration: ms, detail: { count, ms } });
    return { number: request, choice, images, order, logProb: sampler.logProb, ms };
  }, [ready, choice, request, count]);

  // The replay: the drawn pixels in the ordering, a few more each frame.
  const replay = useMemo(
    () =>
      draw && {
        start: new Float32Array(draw.images.length).fill(PENDING),
        images: draw.images,
        pixels: draw.order,
        dim: draw.order.length,
      },
    [draw],
  );
  const { shown, done } = useReplay(replay, PER_FRAME);

  const orderings = ready ? ready.masks.length : 0;
  const meanLogProb = draw ? draw.logProb.reduce((s, v) => s + v, 0) / draw.logProb.length : 0;
  const name = (c: Choice) => (c === 'natural' ? 'the natural ordering, row by row' : `trained ordering ${c + 1}`);

  return (
    <div class="made-sampler" data-status={status.kind} data-drawing={done ? 'false' : 'true'}>
      <div class="grid">
        {ready && shown ? (
          <ImageGrid
            images={shown}
            n={count}
            columns={columns}
            padding={1}
            label={`${count} digits sampled from the model in ${draw ? name(draw.choice) : ''}`}
          />
        ) : (
          <img src={poster} alt={posterAlt} />
        )}
      </div>
      <div class="demo-controls">
        <label>
          Ordering{' '}
          <select
            class="demo-select"
            value={String(choice)}
            disabled={!ready}
            onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value;
              setChoice(value === 'natural' ? 'natural' : Number(value));
            }}
          >
            <option value="natural">natural (row by row)</option>
            {Array.from({ length: orderings }, (_, k) => (
              <option key={k} value={String(k)}>
                trained ordering {k + 1}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" class="demo-button" disabled={!ready} onClick={() => setRequest((r) => r + 1)}>
          Sample again
        </button>
      </div>
      <DemoStatus
        status={status}
        retry={retry}
        room={`${count} digits drawn in 000.0 ms in your browser, in ${name('natural')}; mean log p(x) −000.0 nats.`}
      >
        {draw
          ? `${count} digits drawn in ${draw.ms.toFixed(1)} ms in your browser, in ${name(draw.choice)}; mean log p(x) ${meanLogProb.toFixed(1).replace('-', '−')} nats.`
          : 'Drawing…'}
      </DemoStatus>
      <ProvenanceLine info={ready?.info ?? null} />
    </div>
  );
}
