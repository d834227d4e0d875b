/**
 * Samples from a VAE's generative model, drawn in the reader's browser: z ~ N(0, I), decoded to
 * pixel probabilities, a fresh batch at each press of the button. The poster (the training run's
 * own sample figure) stands in until the decoder is ready, and stays if it cannot load.
 */
import { useEffect, useState } from 'preact/hooks';
import { standardNormals } from '@bounded-rationality/core/random.ts';
import { useModels } from './shared/use-model.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { Provenance } from './shared/Provenance.tsx';
import './shared/demo.css';
import './SampleGrid.css';

export interface SampleGridProps {
  /** URL of an ONNX decoder: input `z` [batch, latentDim] → output `probabilities` [batch, 784]. */
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
  // The batch on show, with its number: the status line names the batch the grid shows, not the
  // one being drawn.
  const [shown, setShown] = useState<{ batch: number; images: Float32Array } | null>(null);
  const handle = status.kind === 'ready' ? status.handles[0]! : null;

  useEffect(() => {
    if (!handle) return;
    const z = standardNormals(count * latentDim);
    handle
      .runLatest({ z: { data: z, dims: [count, latentDim] } })
      .then((result) => {
        if (result) setShown({ batch, images: result.outputs.probabilities!.data });
      })
      .catch(fail);
  }, [handle, batch, count, latentDim, fail]);

  const onShow = shown?.batch ?? 0;
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
        {onShow === 0 ? 'Fresh samples, drawn in your browser.' : `Batch ${onShow + 1}, drawn in your browser.`}
      </DemoStatus>
      {handle && <Provenance info={handle.info} />}
    </div>
  );
}
