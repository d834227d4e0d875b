/**
 * Samples from a VAE's generative model, drawn in the reader's browser: z ~ N(0, I), decoded to
 * pixel probabilities, a fresh batch at each press of the button. The poster (the training run's
 * own sample figure) stands in until the decoder is ready, and stays if it cannot load.
 */
import { useEffect, useState } from 'preact/hooks';
import { standardNormals } from '@bounded-rationality/core/random.ts';
import { vaeDecoder } from '@bounded-rationality/core/models/contracts.ts';
import { useModels } from './shared/use-model.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { Provenance } from './shared/Provenance.tsx';
import './shared/demo.css';
import './SampleGrid.css';

export interface SampleGridProps {
  /** URL of an ONNX decoder (contracts.ts: `vaeDecoder`) with `latentDim` latent dimensions. */
  model: string;
  latentDim: number;
  /** A static image shown until the demo is ready: the same grid of samples, made at build time. */
  poster: string;
  posterAlt: string;
  /** Samples per batch. */
  count?: number;
  columns?: number;
}

export default function SampleGrid({ model, latentDim, poster, posterAlt, count = 64, columns = 8 }: SampleGridProps) {
  const { status, retry, fail } = useModels([model]);
  const [batch, setBatch] = useState(0);
  // The batch on show, with its number: the status line describes what the grid shows (the
  // poster until the first batch is in), not the batch being drawn.
  const [shown, setShown] = useState<{ batch: number; images: Float32Array } | null>(null);
  const handle = status.kind === 'ready' ? status.handles[0]! : null;

  useEffect(() => {
    if (!handle) return;
    handle
      .runLatest(vaeDecoder.feeds(standardNormals(count * latentDim), latentDim))
      .then((result) => {
        if (result) setShown({ batch, images: vaeDecoder.probabilities(result.outputs) });
      })
      .catch(fail);
  }, [handle, batch, count, latentDim, fail]);

  return (
    <div class="sample-grid" data-status={status.kind}>
      <div class="grid">
        {handle && shown ? (
          <ImageGrid
            images={shown.images}
            n={count}
            columns={columns}
            padding={1}
            label={`${count} digits sampled from the model`}
          />
        ) : (
          <img src={poster} alt={posterAlt} />
        )}
      </div>
      <DemoStatus status={status} retry={retry}>
        <button type="button" class="demo-button" onClick={() => setBatch((b) => b + 1)}>
          Sample again
        </button>{' '}
        {shown === null
          ? 'Samples from the training run; drawing fresh ones in your browser…'
          : shown.batch === 0
            ? 'Fresh samples, drawn in your browser.'
            : `Batch ${shown.batch + 1}, drawn in your browser.`}
      </DemoStatus>
      {handle && <Provenance info={handle.info} />}
    </div>
  );
}
