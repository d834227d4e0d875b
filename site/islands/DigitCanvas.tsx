/**
 * Draw a digit with a mouse, finger or pen, and get it as the model's input: cropped, scaled and
 * centred the way MNIST was made, then binarized (lib/demo/mnist-preprocess.ts). Undo, clear, and
 * test digits from the data set for readers who would rather not draw (or cannot, with a keyboard).
 * Beside the canvas, the 28 × 28 image the model sees.
 *
 * Usable on its own as an island, or inside another demo through `onDigit` (and `example`).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { preprocessDigit } from '@bounded-rationality/core/mnist/preprocess.ts';
import { visible, type Action, type Point } from '../lib/demo/drawing.ts';
import type { TestDigit } from '@bounded-rationality/core/mnist/test-digits.ts';
import { loadTestDigits } from './shared/test-digits.ts';
import { ImageGrid } from './shared/ImageGrid.tsx';
import './shared/demo.css';
import './DigitCanvas.css';

export interface DigitCanvasProps {
  /** Called with the 784 binarized pixels the model sees, or null when the canvas is empty. */
  onDigit?: (digit: Float32Array | null) => void;
  /**
   * Once true, the first test digit goes on the canvas as an example (once), unless the reader has
   * already used the canvas; their first stroke replaces it rather than adding to it. Pass `false`
   * while the parent gets ready: the test digits load meanwhile, so the example can come in the very
   * frame this turns true.
   */
  example?: boolean;
}

/** Drawing coordinates: a 280 × 280 square whatever the canvas's size on screen. */
const AREA = 280;
/** Pen width in drawing coordinates: after scaling a typical digit to 20 px, about MNIST's 2–3 px strokes. */
const PEN = 20;
const SIDE = 28;
const OPENING = 'Draw a digit from 0 to 9 in the square.';

type Scene = ReturnType<typeof visible>;

/** Paints a scene in drawing coordinates onto a context already scaled to them: white ink on black. */
function paint(ctx: CanvasRenderingContext2D, { digit, strokes }: Scene): void {
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, AREA, AREA);
  ctx.fillStyle = '#fff';
  if (digit) {
    const cell = AREA / SIDE;
    digit.pixels.forEach((v, i) => {
      if (v > 0) ctx.fillRect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
    });
  }
  for (const points of strokes) drawStroke(ctx, points);
}

function drawStroke(ctx: CanvasRenderingContext2D, points: readonly Point[]): void {
  const [first, ...rest] = points;
  if (!first) return;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = PEN;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(first.x, first.y);
  // A tap is a dot: a zero-length segment with round caps.
  for (const p of rest.length ? rest : [first]) ctx.lineTo(p.x, p.y);
  ctx.stroke();
}

/** The model's input for a scene: a test digit as it is, a drawing through the MNIST pipeline. */
function modelInput(scene: Scene): Float32Array | null {
  if (scene.strokes.length === 0) return scene.digit?.pixels ?? null;
  const canvas = document.createElement('canvas');
  canvas.width = AREA;
  canvas.height = AREA;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  paint(ctx, scene);
  const rgba = ctx.getImageData(0, 0, AREA, AREA).data;
  const ink = new Float32Array(AREA * AREA);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i]! / 255;
  return preprocessDigit(ink, AREA, AREA);
}

const named = (d: Pick<TestDigit, 'label' | 'index'>) => `a ${d.label} (image ${d.index} of the test split)`;
const KEEP_DRAWING = 'Keep drawing, or undo, clear, or try a test digit.';
const exampleMessage = (d: Pick<TestDigit, 'label' | 'index'>) =>
  `A test digit to start with: ${named(d)}. Draw your own to replace it.`;
/**
 * Room kept under the status line where an example will come (`example`): the example's message,
 * its longest, with the widest image number of the test split (10,000 images), so that the message
 * coming in with the example, which the reader did nothing to bring, moves nothing below.
 */
const EXAMPLE_ROOM = exampleMessage({ label: 0, index: 9999 });

/**
 * The status line for a canvas gone back to by Undo: what it now shows, as it would be described
 * had the reader just made it. (Not the example's message: the example is the reader's now, and
 * a stroke adds to it.)
 */
function describe(scene: Scene): string {
  if (scene.strokes.length > 0) return KEEP_DRAWING;
  if (scene.digit) return `A test digit: ${named(scene.digit)}.`;
  return OPENING;
}

export default function DigitCanvas({ onDigit, example }: DigitCanvasProps) {
  const [actions, setActions] = useState<Action[]>([]);
  const [nextTest, setNextTest] = useState(0);
  const [message, setMessage] = useState(OPENING);
  const canvas = useRef<HTMLCanvasElement>(null);
  // `replaces`: the stroke started on the example, which it takes the place of.
  const stroke = useRef<{ id: number; points: Point[]; replaces: boolean } | null>(null);
  // Who has had the canvas: no one yet, the example, or the reader (from their first action on).
  const stage = useRef<'blank' | 'example' | 'reader'>('blank');
  const scene = useMemo(() => visible(actions), [actions]);
  // Computed in the render that changes the actions and the message, so that the model's view, the
  // drawing and the status line change in one commit. (The server has no strokes to rasterize.)
  const digit = useMemo(() => modelInput(scene), [scene]);

  // Painted before the browser paints that commit.
  useLayoutEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(AREA * ratio);
    c.height = Math.round(AREA * ratio);
    ctx.setTransform(c.width / AREA, 0, 0, c.height / AREA, 0, 0);
    paint(ctx, scene);
  }, [scene]);

  // Before paint too, so that what a parent makes of the digit shows in the same frame.
  useLayoutEffect(() => {
    onDigit?.(digit);
  }, [digit]);

  const putTestDigit = (digit: TestDigit, message: string) => {
    setNextTest((n) => n + 1);
    setActions((a) => [...a, { kind: 'test', digit }]);
    setMessage(message);
  };

  // A layout effect: with the digits already loaded, the example is on the canvas (and the parent's
  // view of it) before the browser paints the commit that asked for it.
  useLayoutEffect(() => {
    if (example === undefined) return;
    // Loading from the first render, so that the digits are here once `example` turns true.
    const digits = loadTestDigits();
    if (!example) return;
    digits
      .then(([first]) => {
        if (first && stage.current === 'blank') {
          stage.current = 'example';
          putTestDigit(first, exampleMessage(first));
        }
      })
      // No example then: the canvas works as ever, and the button says what failed if asked.
      .catch(() => {});
  }, [example]);

  const change = (update: (actions: Action[]) => Action[]) => {
    stage.current = 'reader';
    setActions(update);
  };

  const toArea = (event: PointerEvent): Point => {
    const box = canvas.current!.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * AREA, y: ((event.clientY - box.top) / box.height) * AREA };
  };
  const onPointerDown = (event: PointerEvent) => {
    if (stroke.current || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const replaces = stage.current === 'example';
    stage.current = 'reader';
    canvas.current!.setPointerCapture(event.pointerId);
    stroke.current = { id: event.pointerId, points: [toArea(event)], replaces };
    const ctx = canvas.current!.getContext('2d')!;
    if (replaces) paint(ctx, { digit: null, strokes: [] });
    drawStroke(ctx, stroke.current.points);
  };
  const onPointerMove = (event: PointerEvent) => {
    const live = stroke.current;
    if (!live || live.id !== event.pointerId) return;
    const ctx = canvas.current!.getContext('2d')!;
    // Coalesced events keep fast strokes smooth; draw only the new segment.
    const events = event.getCoalescedEvents?.() ?? [event];
    for (const e of events.length ? events : [event]) {
      const last = live.points[live.points.length - 1]!;
      const point = toArea(e);
      live.points.push(point);
      drawStroke(ctx, [last, point]);
    }
  };
  const onPointerUp = (event: PointerEvent) => {
    const live = stroke.current;
    if (!live || live.id !== event.pointerId) return;
    stroke.current = null;
    setActions((a) => [...(live.replaces ? [] : a), { kind: 'stroke', points: live.points }]);
    setMessage(KEEP_DRAWING);
  };

  const useTestDigit = () => {
    stage.current = 'reader';
    loadTestDigits()
      .then((digits) => {
        const chosen = digits[nextTest % digits.length]!;
        putTestDigit(chosen, `A test digit: ${named(chosen)}.`);
      })
      .catch((error: unknown) => setMessage(`The test digits could not be loaded: ${String(error)}`));
  };

  const empty = scene.digit === null && scene.strokes.length === 0;
  return (
    <div class="digit-canvas">
      <div class="panes">
        <canvas
          ref={canvas}
          class="drawing"
          width={AREA}
          height={AREA}
          aria-label="Drawing area: draw a digit with a mouse, finger or pen, or use a test digit"
          onPointerDown={(e) => onPointerDown(e as unknown as PointerEvent)}
          onPointerMove={(e) => onPointerMove(e as unknown as PointerEvent)}
          onPointerUp={(e) => onPointerUp(e as unknown as PointerEvent)}
          onPointerCancel={(e) => onPointerUp(e as unknown as PointerEvent)}
        />
        <figure class="seen">
          <ImageGrid
            images={digit}
            n={1}
            columns={1}
            label="The drawing as the model sees it: cropped, scaled to 20 × 20, centred by mass in 28 × 28, binarized"
          />
          <figcaption>What the model sees</figcaption>
        </figure>
      </div>
      <div class="controls">
        <button
          type="button"
          class="demo-button"
          disabled={actions.length === 0}
          onClick={() => {
            // The line said what the undone action did: say what the canvas shows now instead.
            const undone = actions.slice(0, -1);
            change(() => undone);
            setMessage(describe(visible(undone)));
          }}
        >
          Undo
        </button>
        <button
          type="button"
          class="demo-button"
          disabled={empty}
          onClick={() => {
            change((a) => [...a, { kind: 'clear' }]);
            setMessage(OPENING);
          }}
        >
          Clear
        </button>
        <button type="button" class="demo-button" onClick={useTestDigit}>
          {nextTest === 0 ? 'Use a test digit' : 'Next test digit'}
        </button>
      </div>
      <p class="demo-status" role="status">
        {example === undefined ? (
          message
        ) : (
          // Keyed, so that a new line is new text, not old text moved (a layout shift).
          <span class="demo-lines">
            <span key={message}>{message}</span>
            <span class="demo-room" aria-hidden="true">
              {EXAMPLE_ROOM}
            </span>
          </span>
        )}
      </p>
    </div>
  );
}
