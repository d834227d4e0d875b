/**
 * Drag a point over a 2-D latent space and see the decoder's digit for it, live. Until the model
 * is ready (or without JavaScript) the poster, a figure made at build time, stands in.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ModelClient, type ModelHandle } from '../lib/model-runtime/client.ts';
import { probabilitiesToRgba } from '../lib/demo/raster.ts';
import './LatentPad.css';

export interface LatentPadProps {
  /** URL of an ONNX decoder: input `z` [batch, 2] → output `probabilities` [batch, 784]. */
  model: string;
  /** A static image shown until the demo is ready. */
  poster: string;
  posterAlt: string;
  /** Half-width of the square of latent space on the pad, in standard deviations. */
  extent?: number;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'loading'; percent: number | null }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

const SIDE = 28;

export default function LatentPad({ model, poster, posterAlt, extent = 3 }: LatentPadProps) {
  // Rendered at build time as 'idle': the poster and a note, which is what readers without JavaScript keep.
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [z, setZ] = useState<[number, number]>([0, 0]);
  const [attempt, setAttempt] = useState(0);
  const handle = useRef<ModelHandle | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let cancelled = false;
    setStatus({ kind: 'loading', percent: null });
    ModelClient.shared()
      .then((client) =>
        client.load(model, (loaded, total) => {
          if (!cancelled) setStatus({ kind: 'loading', percent: total ? Math.round((100 * loaded) / total) : null });
        }),
      )
      .then((h) => {
        if (cancelled) return;
        handle.current = h;
        setStatus({ kind: 'ready' });
      })
      .catch((error: unknown) => {
        if (!cancelled) setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [model, attempt]);

  useEffect(() => {
    const h = handle.current;
    if (status.kind !== 'ready' || !h) return;
    void h
      .runLatest({ z: { data: new Float32Array(z), dims: [1, 2] } })
      .then((result) => {
        const ctx = canvas.current?.getContext('2d');
        if (!result || !ctx) return;
        const image = probabilitiesToRgba(result.outputs.probabilities!.data, 1, SIDE, SIDE, 1);
        ctx.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
      })
      .catch((error: unknown) => setStatus({ kind: 'error', message: String(error) }));
  }, [z, status.kind]);

  const moveTo = (event: PointerEvent, pad: HTMLElement) => {
    const box = pad.getBoundingClientRect();
    const fx = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    const fy = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    setZ([(2 * fx - 1) * extent, (1 - 2 * fy) * extent]);
  };
  const onKey = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 0.5 : 0.1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const clamp = (v: number) => Math.min(extent, Math.max(-extent, v));
    setZ(([a, b]) => [clamp(a + move[0]), clamp(b + move[1])]);
  };

  const ready = status.kind === 'ready';
  const marker = { left: `${((z[0] / extent + 1) / 2) * 100}%`, top: `${((1 - z[1] / extent) / 2) * 100}%` };
  return (
    <div class="latent-pad" data-status={status.kind}>
      <div class="panes">
        <div
          class="pad"
          role="slider"
          tabIndex={ready ? 0 : -1}
          aria-label="Point in the latent space"
          aria-valuetext={`z₁ = ${z[0].toFixed(2)}, z₂ = ${z[1].toFixed(2)}`}
          aria-disabled={!ready}
          onPointerDown={(e) => {
            if (!ready) return;
            const pad = e.currentTarget as HTMLElement;
            pad.setPointerCapture(e.pointerId);
            moveTo(e as unknown as PointerEvent, pad);
          }}
          onPointerMove={(e) => {
            const pad = e.currentTarget as HTMLElement;
            if (ready && pad.hasPointerCapture(e.pointerId)) moveTo(e as unknown as PointerEvent, pad);
          }}
          onKeyDown={(e) => onKey(e as unknown as KeyboardEvent)}
        >
          <span class="marker" style={marker} />
        </div>
        <div class="output">
          {ready ? (
            <canvas ref={canvas} width={SIDE} height={SIDE} aria-label="The decoded digit" role="img" />
          ) : (
            <img src={poster} alt={posterAlt} />
          )}
        </div>
      </div>
      <p class="status" role="status">
        {status.kind === 'idle' && 'An interactive demo: it starts when JavaScript runs.'}
        {status.kind === 'loading' && `Loading the model${status.percent === null ? '…' : ` (${status.percent}%)`}`}
        {status.kind === 'ready' &&
          `z = (${z[0].toFixed(2)}, ${z[1].toFixed(2)}): drag on the square, or use the arrow keys.`}
        {status.kind === 'error' && (
          <>
            {status.message}{' '}
            <button type="button" onClick={() => setAttempt((a) => a + 1)}>
              Try again
            </button>
          </>
        )}
      </p>
    </div>
  );
}
