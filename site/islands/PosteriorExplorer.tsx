/**
 * The posterior explorer: the reader draws a digit (or takes a test digit), and for each model the
 * browser evaluates the true posterior p(z|x) ∝ p(x|z) p(z) on a grid with the model's decoder
 * (batched ONNX runs: a wide grid to find the mass, then a fine one over it), draws it as a heat
 * map, and overlays samples from the model's own q(z|x) (its exported posterior sampler). From the
 * same numbers it estimates log p(x), the ELBO and their gap, KL(q ‖ p(z|x)). Moving over a panel
 * decodes the point under the pointer.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ModelHandle } from '../lib/model-runtime/client.ts';
import { analysePosterior, type PosteriorAnalysis } from '@bounded-rationality/core/posterior/grid.ts';
import { heatmapRgba } from '@bounded-rationality/core/images/heatmap.ts';
import { standardNormals } from '@bounded-rationality/core/random.ts';
import DigitCanvas from './DigitCanvas.tsx';
import { useModels } from './shared/use-model.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { Provenance } from './shared/Provenance.tsx';
import './shared/demo.css';
import './PosteriorExplorer.css';

export interface ExplorerModel {
  /** Shown above the model's panel, e.g. "VAE: Gaussian q". */
  label: string;
  /** ONNX decoder: z [batch, 2] → probabilities [batch, 784]. */
  decoder: string;
  /** ONNX posterior sampler: x [batch, 784], eps [batch, 2] → z [batch, 2], log_q [batch]. */
  posterior: string;
}

export interface PosteriorExplorerProps {
  models: ExplorerModel[];
  /** Shown until the models are ready: the training run's own posterior figure. */
  poster: string;
  posterAlt: string;
  /** Samples drawn from each q(z|x). */
  samples?: number;
  /** Cells per side of the fine grid. */
  side?: number;
}

/** The wide grid the posterior's mass is looked for on: ±5 prior standard deviations, 32 cells a side. */
const SEARCH = { extent: 5, coarseSide: 32 };

function analyse(
  x: Float32Array,
  decoder: ModelHandle,
  posterior: ModelHandle,
  samples: number,
  side: number,
): Promise<PosteriorAnalysis> {
  const decode = async (z: Float32Array) =>
    (await decoder.run({ z: { data: z, dims: [z.length / 2, 2] } })).outputs.probabilities!.data;
  const sample = async () => {
    const tiled = new Float32Array(samples * x.length);
    for (let s = 0; s < samples; s++) tiled.set(x, s * x.length);
    const { outputs } = await posterior.run({
      x: { data: tiled, dims: [samples, x.length] },
      eps: { data: standardNormals(samples * 2), dims: [samples, 2] },
    });
    return { z: outputs.z!.data, logQ: outputs.log_q!.data };
  };
  return analysePosterior(x, { decode, sample }, { ...SEARCH, fineSide: side });
}

const nats = (v: number) => v.toFixed(1).replace('-', '−');

function Panel({
  model,
  analysis,
  side,
  decoder,
}: {
  model: ExplorerModel;
  analysis: PosteriorAnalysis | null;
  side: number;
  decoder: ModelHandle | null;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [probe, setProbe] = useState<[number, number] | null>(null);
  const [decoded, setDecoded] = useState<Float32Array | null>(null);

  // In the commit that brings the analysis, before the browser paints: the heat map shows with
  // the numbers and samples that go with it.
  useLayoutEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !analysis) return;
    ctx.putImageData(new ImageData(heatmapRgba(analysis.mass), side, side), 0, 0);
    setProbe(null);
    setDecoded(null);
  }, [analysis, side]);

  useEffect(() => {
    if (!probe || !decoder || !analysis) return;
    const { x, y } = analysis.window;
    const z = Float32Array.of(x[0] + probe[0] * (x[1] - x[0]), y[1] - probe[1] * (y[1] - y[0]));
    void decoder.runLatest({ z: { data: z, dims: [1, 2] } }).then((r) => {
      if (r) setDecoded(r.outputs.probabilities!.data);
    });
  }, [probe, decoder, analysis]);

  const move = (event: PointerEvent) => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    setProbe([clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)]);
  };
  const onKey = (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-0.05, 0],
      ArrowRight: [0.05, 0],
      ArrowUp: [0, -0.05],
      ArrowDown: [0, 0.05],
    };
    const step = moves[event.key];
    if (!step) return;
    event.preventDefault();
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    setProbe((p) => {
      const [a, b] = p ?? [0.5, 0.5];
      return [clamp(a + step[0]), clamp(b + step[1])];
    });
  };

  const w = analysis?.window;
  const probeZ = probe && w ? [w.x[0] + probe[0] * (w.x[1] - w.x[0]), w.y[1] - probe[1] * (w.y[1] - w.y[0])] : null;
  return (
    <figure class="panel">
      <figcaption>{model.label}</figcaption>
      <div
        class="map"
        role="slider"
        tabIndex={analysis ? 0 : -1}
        aria-label={`${model.label}: point in the latent space to decode`}
        aria-valuetext={probeZ ? `z₁ = ${probeZ[0]!.toFixed(2)}, z₂ = ${probeZ[1]!.toFixed(2)}` : 'no point chosen'}
        onPointerMove={(e) => analysis && move(e as unknown as PointerEvent)}
        onPointerDown={(e) => analysis && move(e as unknown as PointerEvent)}
        onKeyDown={(e) => analysis && onKey(e as unknown as KeyboardEvent)}
      >
        <canvas ref={canvas} width={side} height={side} />
        {analysis && w && (
          <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
            {Array.from({ length: analysis.z.length / 2 }, (_, s) => {
              const cx = (analysis.z[2 * s]! - w.x[0]) / (w.x[1] - w.x[0]);
              const cy = (w.y[1] - analysis.z[2 * s + 1]!) / (w.y[1] - w.y[0]);
              return cx >= 0 && cx <= 1 && cy >= 0 && cy <= 1 ? <circle cx={cx} cy={cy} r={0.009} /> : null;
            })}
            {probe && <circle class="probe" cx={probe[0]} cy={probe[1]} r={0.02} />}
          </svg>
        )}
      </div>
      <div class="readout">
        <div class="decoded">
          <ImageGrid images={decoded} n={1} columns={1} label={`${model.label}: the digit decoded at the probe`} />
        </div>
        <p>
          {analysis ? (
            <>
              log p(x) ≈ {nats(analysis.logEvidence)}
              <br />
              ELBO ≈ {nats(analysis.elbo)}
              <br />
              gap ≈ <strong>{nats(analysis.logEvidence - analysis.elbo)}</strong> nats
            </>
          ) : (
            'Draw a digit to see its posterior.'
          )}
        </p>
      </div>
    </figure>
  );
}

export default function PosteriorExplorer({
  models,
  poster,
  posterAlt,
  samples = 200,
  side = 48,
}: PosteriorExplorerProps) {
  const urls = models.flatMap((m) => [m.decoder, m.posterior]);
  const { status, retry, fail } = useModels(urls);
  const handles = status.kind === 'ready' ? status.handles : null;
  const [digit, setDigit] = useState<Float32Array | null>(null);
  // The latest analyses and the digit they are of.
  const [result, setResult] = useState<{ digit: Float32Array; analyses: PosteriorAnalysis[] } | null>(null);

  useEffect(() => {
    if (!handles || !digit) {
      // Forgotten, so that the next digit starts from empty panels.
      setResult(null);
      return;
    }
    let current = true;
    Promise.all(models.map((_, i) => analyse(digit, handles[2 * i]!, handles[2 * i + 1]!, samples, side)))
      .then((analyses) => {
        if (current) setResult({ digit, analyses });
      })
      .catch(fail);
    return () => {
      current = false;
    };
  }, [handles, digit, samples, side]);

  // Busy from the render that brings a digit to the one that brings its analyses, so that the
  // status line and `data-busy` never describe panels not yet drawn. Meanwhile the panels keep
  // the previous digit's analyses; a cleared digit empties them at once.
  const busy = handles !== null && digit !== null && result?.digit !== digit;
  const analyses = digit ? (result?.analyses ?? []) : [];

  return (
    <div class="posterior-explorer" data-status={status.kind} data-busy={busy ? 'true' : 'false'}>
      <div class="layout">
        <DigitCanvas onDigit={setDigit} />
        {handles ? (
          <div class="panels">
            {models.map((m, i) => (
              <Panel key={m.label} model={m} analysis={analyses[i] ?? null} side={side} decoder={handles[2 * i]!} />
            ))}
          </div>
        ) : (
          <img class="poster" src={poster} alt={posterAlt} />
        )}
      </div>
      <DemoStatus status={status} retry={retry}>
        {busy
          ? 'Evaluating the posteriors…'
          : digit
            ? 'Heat map: the true posterior. Dots: samples from each model’s q(z|x). Move over a map to decode a point.'
            : 'Draw a digit, or use a test digit.'}
      </DemoStatus>
      {handles && (
        <div class="provenance">
          {models.map((_, i) => (
            <Provenance key={i} info={handles[2 * i + 1]!.info} />
          ))}
        </div>
      )}
    </div>
  );
}
