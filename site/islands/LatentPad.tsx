/**
 * Drag a point over a 2-D latent space and see the decoder's digit for it, live. Until the model
 * is ready (or without JavaScript) the poster, a figure made at build time, stands in.
 */
import { useEffect, useState } from 'preact/hooks';
import { vaeDecoder } from '@bounded-rationality/core/models/contracts.ts';
import { panelAt, square, type LatentPoint } from '../lib/demo/latent-panel.ts';
import { useModels } from './shared/use-model.ts';
import { panelInput } from './shared/panel-input.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { Provenance } from './shared/Provenance.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import './shared/demo.css';
import './LatentPad.css';

export interface LatentPadProps {
  /** URL of an ONNX decoder with a 2-D latent space (contracts.ts: `vaeDecoder`). */
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
  const [z, setZ] = useState<LatentPoint>([0, 0]);
  // The digit on show and the point it is decoded from.
  const [shown, setShown] = useState<{ z: LatentPoint; digit: Float32Array } | null>(null);
  const handle = status.kind === 'ready' ? status.handles[0]! : null;

  useEffect(() => {
    if (!handle) return;
    void handle
      .runLatest(vaeDecoder.feeds(Float32Array.from(z), 2))
      .then((result) => {
        if (result) setShown({ z, digit: vaeDecoder.probabilities(result.outputs) });
      })
      .catch(fail);
  }, [z, handle, fail]);

  const ready = status.kind === 'ready';
  const pad = square(extent);
  const input = panelInput({
    extent: ready ? pad : null,
    follow: 'drag',
    point: z,
    step: 0.1,
    shiftStep: 0.5,
    onPoint: setZ,
  });
  // Busy until the digit on show is the current point's: through a drag, and after it until its
  // last decode has come back.
  const busy = ready && shown?.z !== z;
  const [left, top] = panelAt(pad, z);
  const marker = { left: `${left * 100}%`, top: `${top * 100}%` };
  return (
    <div class="latent-pad" data-status={status.kind} data-busy={busy ? 'true' : 'false'}>
      <div class="panes">
        <div
          class="pad"
          role="slider"
          aria-label="Point in the latent space"
          aria-valuetext={`z₁ = ${z[0].toFixed(2)}, z₂ = ${z[1].toFixed(2)}`}
          aria-disabled={!ready}
          {...input}
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
