/**
 * Drag a point over a 2-D latent space and see the decoder's digit for it, live. Until the model
 * is ready (or without JavaScript) the poster, a figure made at build time, stands in.
 */
import { useEffect, useState } from 'preact/hooks';
import { useModels } from './shared/use-model.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { Provenance } from './shared/Provenance.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import './shared/demo.css';
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

export default function LatentPad({ model, poster, posterAlt, extent = 3 }: LatentPadProps) {
  // Rendered at build time as 'idle': the poster and a note, which is what readers without JavaScript keep.
  const { status, retry, fail } = useModels([model]);
  const [z, setZ] = useState<[number, number]>([0, 0]);
  // The digit on show and the point it is decoded from.
  const [shown, setShown] = useState<{ z: [number, number]; digit: Float32Array } | null>(null);
  const handle = status.kind === 'ready' ? status.handles[0]! : null;

  useEffect(() => {
    if (!handle) return;
    void handle
      .runLatest({ z: { data: new Float32Array(z), dims: [1, 2] } })
      .then((result) => {
        if (result) setShown({ z, digit: result.outputs.probabilities!.data });
      })
      .catch(fail);
  }, [z, handle, fail]);

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
  // Busy until the digit on show is the current point's: through a drag, and after it until its
  // last decode has come back.
  const busy = ready && shown?.z !== z;
  const marker = { left: `${((z[0] / extent + 1) / 2) * 100}%`, top: `${((1 - z[1] / extent) / 2) * 100}%` };
  return (
    <div class="latent-pad" data-status={status.kind} data-busy={busy ? 'true' : 'false'}>
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
          {ready && shown ? (
            <ImageGrid images={shown.digit} n={1} columns={1} label="The decoded digit" />
          ) : (
            <img src={poster} alt={posterAlt} />
          )}
        </div>
      </div>
      <DemoStatus status={status} retry={retry}>
        z = ({z[0].toFixed(2)}, {z[1].toFixed(2)}): drag on the square, or use the arrow keys.
      </DemoStatus>
      {handle && <Provenance info={handle.info} />}
    </div>
  );
}
