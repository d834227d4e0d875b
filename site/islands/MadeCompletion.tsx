/**
 * Completion with a MADE, in the reader's browser: take a test digit or draw one, erase part of it
 * (a preset region or with the pointer), and the model draws the missing pixels given the kept
 * ones, several times over. The kept pixels come first in the ordering, so that every missing pixel is drawn
 * from its conditional given all of them; the natural ordering is offered too, to show what
 * conditioning on only the pixels before each one does. The model is trained order-agnostic,
 * so it has conditionals for such an ordering.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { inputDegrees, masksFromDegrees } from '@bounded-rationality/core/made/masks.ts';
import { applyMasks, MadeSampler } from '@bounded-rationality/core/made/network.ts';
import type { TestDigit } from '@bounded-rationality/core/mnist/test-digits.ts';
import {
  along,
  completionOrder,
  erase,
  ink,
  keptOutside,
  missingBeforeKept,
  PIXELS,
  regionOf,
  REGIONS,
  SIDE,
  type CompletionOrdering,
  type Point,
  type Region,
} from '../lib/demo/completion.ts';
import { useMadeModel } from './shared/use-made-model.ts';
import { loadTestDigits } from './shared/test-digits.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { useReplay } from './shared/use-replay.ts';
import { ProvenanceLine } from './shared/Provenance.tsx';
import './shared/demo.css';
import './MadeCompletion.css';

export interface MadeCompletionProps {
  model: string;
  masks: string;
  /** Completions side by side. */
  count?: number;
}

const PENDING = 0.14;
const PER_FRAME = 8;
/** Image pixels per editor cell side, on its canvas (CSS scales it). */
const CELL = 8;
export const COMPLETE_MEASURE = 'made-completion:complete';

interface Completion {
  images: Float32Array;
  order: number[];
  /** 1 where a pixel was kept, as when the completion was drawn. */
  kept: Uint8Array;
  /** log p of the kept pixels, and of each completion's drawn pixels given them. */
  logKept: number;
  logDrawn: number[];
  ordering: CompletionOrdering;
  ignored: number;
}

export default function MadeCompletion({ model, masks, count = 4 }: MadeCompletionProps) {
  const { status, retry } = useMadeModel(model, masks);
  const [digits, setDigits] = useState<TestDigit[] | null>(null);
  const [digitIndex, setDigitIndex] = useState(0);
  // The image being completed: a test digit, or the reader's drawing (after "Blank canvas").
  const [drawn, setDrawn] = useState<Float32Array | null>(null);
  const [kept, setKept] = useState<Uint8Array>(() => keptOutside('bottom half'));
  const [tool, setTool] = useState<'erase' | 'draw'>('erase');
  const [ordering, setOrdering] = useState<CompletionOrdering>('kept first');
  // Each request draws afresh: the first as soon as the model and the digits are in.
  const [request, setRequest] = useState(1);
  const complete = () => setRequest((r) => r + 1);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const editor = useRef<HTMLCanvasElement>(null);
  // Where the pointer last brushed, in the stroke under way; null between strokes.
  const stroke = useRef<Point | null>(null);
  const ready = status.kind === 'ready' ? status.model : null;
  const testDigit = digits?.[digitIndex % digits.length] ?? null;
  const pixels = drawn ?? testDigit?.pixels ?? null;

  useEffect(() => {
    loadTestDigits().then(setDigits, () => setDigits([]));
  }, []);

  // The editor: kept pixels as they are, erased ones tinted.
  useLayoutEffect(() => {
    const ctx = editor.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, SIDE * CELL, SIDE * CELL);
    for (let i = 0; i < PIXELS; i++) {
      const ink = pixels ? pixels[i]! : 0;
      // Kept: white ink on black, as the model sees it; erased: the digit's ink faintly, on violet.
      ctx.fillStyle = kept[i] ? (ink ? '#f4f4f2' : '#111111') : ink ? '#8a76b8' : '#3b3350';
      ctx.fillRect((i % SIDE) * CELL, Math.floor(i / SIDE) * CELL, CELL, CELL);
    }
  }, [pixels, kept]);

  // Draw the completions, then replay the missing pixels in the ordering.
  useEffect(() => {
    if (!ready || !pixels) return;
    const pooled = ready.masks[0]!;
    const order = completionOrder(kept, ordering);
    const degrees = { inputs: inputDegrees(order), hidden: pooled.hidden };
    const net = applyMasks(ready.weights, masksFromDegrees(degrees));
    const values = new Float32Array(count * PIXELS);
    for (let i = 0; i < count; i++) values.set(pixels, i * PIXELS);
    const uniforms = Float32Array.from({ length: count * PIXELS }, Math.random);
    // Timed without the replay, as the sampler's draw is.
    const started = performance.now();
    const sampler = new MadeSampler(net, order, uniforms, { values, known: kept });
    const keptCount = kept.reduce((s, v) => s + v, 0);
    // In the kept-first ordering the first pixels are the kept ones: their log-probability first.
    sampler.step(ordering === 'kept first' ? keptCount : 0);
    const logKept = ordering === 'kept first' ? sampler.logProb[0]! : NaN;
    sampler.finish();
    const ms = performance.now() - started;
    performance.measure(COMPLETE_MEASURE, { start: started, duration: ms, detail: { count, ms } });
    setCompletion({
      images: sampler.images,
      order,
      kept: kept.slice(),
      logKept,
      logDrawn: Array.from(sampler.logProb, (v) => v - (Number.isNaN(logKept) ? 0 : logKept)),
      ordering,
      ignored: missingBeforeKept(kept, order),
    });
    // The image and the kept pixels are read as they are when a completion is asked for: a stroke
    // asks when it ends, not at every move.
  }, [ready, testDigit, ordering, request]);

  // The replay: the kept pixels as they are, the missing ones filling in, in the ordering.
  const replay = useMemo(() => {
    if (!completion) return null;
    const start = new Float32Array(completion.images.length);
    for (let i = 0; i < start.length; i++) start[i] = completion.kept[i % PIXELS] ? completion.images[i]! : PENDING;
    return {
      start,
      images: completion.images,
      pixels: completion.order.filter((p) => !completion.kept[p]),
      dim: PIXELS,
    };
  }, [completion]);
  const { shown, done } = useReplay(replay, PER_FRAME);

  const brushAt = (event: PointerEvent) => {
    const box = editor.current!.getBoundingClientRect();
    const at = {
      column: ((event.clientX - box.left) / box.width) * SIDE - 0.5,
      row: ((event.clientY - box.top) / box.height) * SIDE - 0.5,
    };
    // The whole way from the last event, not only where this one lands.
    const points = stroke.current ? along(stroke.current, at) : [at];
    stroke.current = at;
    if (tool === 'erase') return setKept((k) => points.reduce((out, p) => erase(out, p.row, p.column), k));
    if (!pixels) return;
    const next = points.reduce((image, p) => ink(image, p.row, p.column), { pixels, kept });
    setDrawn(next.pixels);
    setKept(next.kept);
  };
  const missing = PIXELS - kept.reduce((s, v) => s + v, 0);
  const region = useMemo(() => regionOf(kept), [kept]);
  const summary = useMemo(() => {
    if (!completion) return 'Erase part of the digit, or draw your own; the model completes what is missing.';
    const drawn = completion.logDrawn.map((v) => v.toFixed(1).replace('-', '−')).join(', ');
    return completion.ordering === 'kept first'
      ? `Kept pixels first: log p(kept) ${completion.logKept.toFixed(1).replace('-', '−')} nats; each completion’s log p(missing | kept): ${drawn}.`
      : `Row by row: ${completion.ignored} missing pixels were drawn before some kept pixel and ignore it.`;
  }, [completion]);

  return (
    <div class="made-completion" data-status={status.kind} data-drawing={done ? 'false' : 'true'}>
      <div class="made-completion-panels">
        <figure class="made-completion-editor">
          <canvas
            ref={editor}
            width={SIDE * CELL}
            height={SIDE * CELL}
            role="img"
            aria-label={`The digit with ${missing} of its ${PIXELS} pixels erased; drag over it to ${tool === 'erase' ? 'erase more' : 'draw'}.`}
            onPointerDown={(e) => {
              stroke.current = null;
              (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
              brushAt(e);
            }}
            onPointerMove={(e) => stroke.current && brushAt(e)}
            onPointerUp={() => {
              stroke.current = null;
              complete();
            }}
          />
          <figcaption>
            {drawn ? 'Your drawing' : testDigit ? `Test digit: a ${testDigit.label}` : 'Loading the test digits…'}
          </figcaption>
        </figure>
        <figure class="made-completion-results">
          <ImageGrid
            images={shown}
            n={count}
            columns={count}
            padding={1}
            label={completion ? `${count} completions of the erased pixels` : 'Completions appear here'}
          />
          <figcaption>{count} completions</figcaption>
        </figure>
      </div>
      <div class="demo-controls">
        <label>
          Erase{' '}
          {/* Shows the region erased, or none once the brush or a blank canvas changed that: then
              every region, the one shown before too, can be picked. */}
          <select
            class="demo-select"
            value={region ?? ''}
            onChange={(e) => {
              setKept(keptOutside((e.target as HTMLSelectElement).value as Region));
              complete();
            }}
            aria-label="Erase a region"
          >
            <option value="" disabled hidden>
              a region…
            </option>
            {Object.keys(REGIONS).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ordering{' '}
          <select
            class="demo-select"
            value={ordering}
            onChange={(e) => setOrdering((e.target as HTMLSelectElement).value as CompletionOrdering)}
          >
            <option value="kept first">kept pixels first</option>
            <option value="natural">row by row</option>
          </select>
        </label>
        <label>
          Brush{' '}
          <select
            class="demo-select"
            value={tool}
            onChange={(e) => setTool((e.target as HTMLSelectElement).value as 'erase' | 'draw')}
          >
            <option value="erase">erase</option>
            <option value="draw">draw ink</option>
          </select>
        </label>
        <button
          type="button"
          class="demo-button"
          onClick={() => {
            setDrawn(new Float32Array(PIXELS));
            setKept(new Uint8Array(PIXELS).fill(1));
            setTool('draw');
            complete();
          }}
        >
          Blank canvas
        </button>
        <button
          type="button"
          class="demo-button"
          onClick={() => {
            setDrawn(null);
            setDigitIndex((i) => (drawn ? i : i + 1));
            complete();
          }}
          disabled={!digits?.length}
        >
          {drawn ? 'Back to the test digits' : 'Next test digit'}
        </button>
        <button type="button" class="demo-button" disabled={!ready || !pixels || missing === 0} onClick={complete}>
          Complete again
        </button>
      </div>
      <DemoStatus
        status={status}
        retry={retry}
        room={`Kept pixels first: log p(kept) −0000.0 nats; each completion’s log p(missing | kept): ${Array(count).fill('−000.0').join(', ')}.`}
      >
        {summary}
      </DemoStatus>
      <ProvenanceLine info={ready?.info ?? null} />
    </div>
  );
}
