/**
 * Completion with a MADE, in the reader's browser: take a test digit, erase part of it (a preset
 * region or with the pointer), and the model draws the missing pixels given the kept ones, several
 * times over. The kept pixels come first in the ordering, so that every missing pixel is drawn
 * from its conditional given all of them; the natural ordering is offered too, to show what
 * conditioning on only the pixels before each one does. The model is trained order-agnostic,
 * so it has conditionals for such an ordering.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { inputDegrees, masksFromDegrees } from '@bounded-rationality/core/made/masks.ts';
import { applyMasks, MadeSampler } from '@bounded-rationality/core/made/network.ts';
import type { TestDigit } from '@bounded-rationality/core/mnist/test-digits.ts';
import {
  completionOrder,
  erase,
  keptOutside,
  missingBeforeKept,
  PIXELS,
  REGIONS,
  SIDE,
  type CompletionOrdering,
  type Region,
} from '../lib/demo/completion.ts';
import { useMadeModel } from './shared/use-made-model.ts';
import { loadTestDigits } from './shared/test-digits.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { useReplay } from './shared/use-replay.ts';
import { Provenance } from './shared/Provenance.tsx';
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
  const [kept, setKept] = useState<Uint8Array>(() => keptOutside('bottom half'));
  const [ordering, setOrdering] = useState<CompletionOrdering>('kept first');
  // Each request draws afresh: the first as soon as the model and the digits are in.
  const [request, setRequest] = useState(1);
  const complete = () => setRequest((r) => r + 1);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const editor = useRef<HTMLCanvasElement>(null);
  const erasing = useRef(false);
  const ready = status.kind === 'ready' ? status.model : null;
  const digit = digits?.[digitIndex % digits.length] ?? null;

  useEffect(() => {
    loadTestDigits().then(setDigits, () => setDigits([]));
  }, []);

  // The editor: kept pixels as they are, erased ones tinted.
  useLayoutEffect(() => {
    const ctx = editor.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, SIDE * CELL, SIDE * CELL);
    for (let i = 0; i < PIXELS; i++) {
      const ink = digit ? digit.pixels[i]! : 0;
      // Kept: white ink on black, as the model sees it; erased: the digit's ink faintly, on violet.
      ctx.fillStyle = kept[i] ? (ink ? '#f4f4f2' : '#111111') : ink ? '#8a76b8' : '#3b3350';
      ctx.fillRect((i % SIDE) * CELL, Math.floor(i / SIDE) * CELL, CELL, CELL);
    }
  }, [digit, kept]);

  // Draw the completions, then replay the missing pixels in the ordering.
  useEffect(() => {
    if (!ready || !digit) return;
    const pooled = ready.masks[0]!;
    const order = completionOrder(kept, ordering);
    const degrees = { inputs: inputDegrees(order), hidden: pooled.hidden };
    const net = applyMasks(ready.weights, masksFromDegrees(degrees));
    const values = new Float32Array(count * PIXELS);
    for (let i = 0; i < count; i++) values.set(digit.pixels, i * PIXELS);
    const uniforms = Float32Array.from({ length: count * PIXELS }, Math.random);
    const sampler = new MadeSampler(net, order, uniforms, { values, known: kept });
    const keptCount = kept.reduce((s, v) => s + v, 0);
    // In the kept-first ordering the first pixels are the kept ones: their log-probability first.
    sampler.step(ordering === 'kept first' ? keptCount : 0);
    const logKept = ordering === 'kept first' ? sampler.logProb[0]! : NaN;
    sampler.finish();
    setCompletion({
      images: sampler.images,
      order,
      kept: kept.slice(),
      logKept,
      logDrawn: Array.from(sampler.logProb, (v) => v - (Number.isNaN(logKept) ? 0 : logKept)),
      ordering,
      ignored: missingBeforeKept(kept, order),
    });
    // The kept pixels are read as they are when a completion is asked for (after an erasure ends).
  }, [ready, digit, ordering, request]);

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
  const { shown } = useReplay(replay, PER_FRAME);

  const eraseAt = (event: PointerEvent) => {
    const box = editor.current!.getBoundingClientRect();
    const column = ((event.clientX - box.left) / box.width) * SIDE - 0.5;
    const row = ((event.clientY - box.top) / box.height) * SIDE - 0.5;
    setKept((k) => erase(k, row, column));
  };
  const missing = PIXELS - kept.reduce((s, v) => s + v, 0);
  const summary = useMemo(() => {
    if (!completion) return 'Erase part of the digit, then complete it.';
    const drawn = completion.logDrawn.map((v) => v.toFixed(1).replace('-', '−')).join(', ');
    return completion.ordering === 'kept first'
      ? `Kept pixels first: log p(kept) ${completion.logKept.toFixed(1).replace('-', '−')} nats; each completion’s log p(missing | kept): ${drawn}.`
      : `Row by row: ${completion.ignored} missing pixels were drawn before some kept pixel and ignore it.`;
  }, [completion]);

  return (
    <div class="made-completion" data-status={status.kind}>
      <div class="made-completion-panels">
        <figure class="made-completion-editor">
          <canvas
            ref={editor}
            width={SIDE * CELL}
            height={SIDE * CELL}
            role="img"
            aria-label={`The digit with ${missing} of its ${PIXELS} pixels erased; drag over it to erase more.`}
            onPointerDown={(e) => {
              erasing.current = true;
              (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
              eraseAt(e);
            }}
            onPointerMove={(e) => erasing.current && eraseAt(e)}
            onPointerUp={() => {
              erasing.current = false;
              complete();
            }}
          />
          <figcaption>{digit ? `Test digit: a ${digit.label}` : 'Loading the test digits…'}</figcaption>
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
          <select
            class="demo-select"
            onChange={(e) => {
              setKept(keptOutside((e.target as HTMLSelectElement).value as Region));
              complete();
            }}
            aria-label="Erase a region"
          >
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
        <button
          type="button"
          class="demo-button"
          onClick={() => setDigitIndex((i) => i + 1)}
          disabled={!digits?.length}
        >
          Next test digit
        </button>
        <button type="button" class="demo-button" disabled={!ready || !digit || missing === 0} onClick={complete}>
          Complete again
        </button>
      </div>
      <DemoStatus
        status={status}
        retry={retry}
        room="Kept pixels first: log p(kept) −000.0 nats; each completion’s log p(missing | kept): −00.0, −00.0, −00.0, −00.0."
      >
        {summary}
      </DemoStatus>
      {ready && <Provenance info={ready.info} />}
    </div>
  );
}
