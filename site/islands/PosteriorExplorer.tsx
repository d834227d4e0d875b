/**
 * The posterior explorer: the reader draws a digit (or takes a test digit), and for each model the
 * browser evaluates the true posterior p(z|x) ∝ p(x|z) p(z) on a grid with the model's decoder
 * (batched ONNX runs: a wide grid to find the mass, then a fine one over it), draws it as a heat
 * map, and overlays samples from the model's own q(z|x) (its exported posterior sampler). From the
 * same numbers it estimates log p(x), the ELBO and their gap, KL(q ‖ p(z|x)). Moving over a panel
 * decodes the point under the pointer. Until the reader draws, it shows a test digit's posteriors,
 * so that the point is made before anyone picks up a pen.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ModelHandle } from '../lib/model-runtime/client.ts';
import {
  analysePosterior,
  exportedPosteriorModel,
  type PosteriorAnalysis,
} from '@bounded-rationality/core/posterior/grid.ts';
import { vaeDecoder, type RunModel } from '@bounded-rationality/core/models/contracts.ts';
import { heatmapRgba } from '@bounded-rationality/core/images/heatmap.ts';
import { standardNormals } from '@bounded-rationality/core/random.ts';
import { onPanel, panelAt, type LatentPoint } from '../lib/demo/latent-panel.ts';
import DigitCanvas from './DigitCanvas.tsx';
import { useModels } from './shared/use-model.ts';
import { panelInput } from './shared/panel-input.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { Provenance } from './shared/Provenance.tsx';
import './shared/demo.css';
import './PosteriorExplorer.css';

export interface ExplorerModel {
  /** Shown above the model's panel, e.g. "VAE: Gaussian q". */
  label: string;
  /** URL of the model's ONNX decoder (contracts.ts: `vaeDecoder`), 2-D latent. */
  decoder: string;
  /** URL of its ONNX posterior sampler (contracts.ts: `posteriorSampler`). */
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

/** A handle's one-off run, as the core's analysis calls a model. */
const runOf =
  (handle: ModelHandle): RunModel =>
  async (feeds) =>
    (await handle.run(feeds)).outputs;

const nats = (v: number) => v.toFixed(1).replace('-', '−');

const LEGEND =
  'Heat map: the true posterior. Dots: samples from each model’s q(z|x). Move over a map to decode a point.';

function Panel({
  model,
  analysis,
  busy,
  side,
  decoder,
  fail,
}: {
  model: ExplorerModel;
  analysis: PosteriorAnalysis | null;
  /** The explorer is evaluating a digit: with no analysis to show yet, the readout says so. */
  busy: boolean;
  side: number;
  /** Null until the models are ready: the panel is then the hidden room the poster takes. */
  decoder: ModelHandle | null;
  fail: (error: unknown) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // The probe and the digit decoded at it, each with the analysis it belongs to: in the render
  // that brings another analysis, or none after a clear, they are gone with the old one.
  const [probe, setProbe] = useState<{ of: PosteriorAnalysis; z: LatentPoint } | null>(null);
  const [decoded, setDecoded] = useState<{ of: PosteriorAnalysis; image: Float32Array } | null>(null);
  const z = analysis && probe?.of === analysis ? probe.z : null;

  // In the commit that brings the analysis (or takes it away), before the browser paints: the heat
  // map shows with the numbers and samples that go with it.
  useLayoutEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    if (analysis) ctx.putImageData(new ImageData(heatmapRgba(analysis.mass), side, side), 0, 0);
    else ctx.clearRect(0, 0, side, side);
  }, [analysis, side]);

  useEffect(() => {
    if (!z || !analysis || !decoder) return;
    decoder
      .runLatest(vaeDecoder.feeds(Float32Array.from(z), 2))
      .then((r) => {
        if (r) setDecoded({ of: analysis, image: vaeDecoder.probabilities(r.outputs) });
      })
      .catch(fail);
  }, [z, decoder, analysis, fail]);

  const w = analysis?.window ?? null;
  const input = panelInput({
    extent: w,
    follow: 'hover',
    point: z,
    // A twentieth of the (square) window per press.
    step: w ? (w.x[1] - w.x[0]) / 20 : 0,
    onPoint: (at) => analysis && setProbe({ of: analysis, z: at }),
  });
  const probeAt = w && z ? panelAt(w, z) : null;
  return (
    <figure class="panel">
      <figcaption>{model.label}</figcaption>
      <div
        class="map"
        role="slider"
        aria-label={`${model.label}: point in the latent space to decode`}
        aria-valuetext={z ? `z₁ = ${z[0].toFixed(2)}, z₂ = ${z[1].toFixed(2)}` : 'no point chosen'}
        {...input}
      >
        <canvas ref={canvas} width={side} height={side} />
        {analysis && w && (
          <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
            {Array.from({ length: analysis.z.length / 2 }, (_, s) => {
              const [cx, cy] = panelAt(w, [analysis.z[2 * s]!, analysis.z[2 * s + 1]!]);
              return onPanel([cx, cy]) ? <circle cx={cx} cy={cy} r={0.009} /> : null;
            })}
            {probeAt && <circle class="probe" cx={probeAt[0]} cy={probeAt[1]} r={0.02} />}
          </svg>
        )}
      </div>
      <div class="readout">
        <div class="decoded">
          <ImageGrid
            images={analysis && decoded?.of === analysis ? decoded.image : null}
            n={1}
            columns={1}
            label={`${model.label}: the digit decoded at the probe`}
          />
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
          ) : busy ? (
            'Evaluating the posterior…'
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
    Promise.all(
      models.map((_, i) => {
        const run = { decoder: runOf(handles[2 * i]!), posterior: runOf(handles[2 * i + 1]!) };
        const model = exportedPosteriorModel(digit, run, samples, standardNormals);
        return analysePosterior(digit, model, { ...SEARCH, fineSide: side });
      }),
    )
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
  // the previous digit's analyses (with none to keep, their readouts say they are evaluating, not
  // to draw); a cleared digit empties them at once. None without the models (after a failure):
  // the panels are hidden then.
  const busy = handles !== null && digit !== null && result?.digit !== digit;
  const analyses = handles && digit ? (result?.analyses ?? []) : [];
  const line = busy ? 'Evaluating the posteriors…' : digit ? LEGEND : 'Draw a digit, or use a test digit.';

  return (
    <div class="posterior-explorer" data-status={status.kind} data-busy={busy ? 'true' : 'false'}>
      <div class="layout">
        <DigitCanvas onDigit={setDigit} example={handles !== null} />
        {/* The panels from the page as built on, hidden (CSS) under the poster until the models are
            ready: the poster takes their room, so that they take its place without moving a thing. */}
        <div class="panels">
          {models.map((m, i) => (
            <Panel
              key={m.label}
              model={m}
              analysis={analyses[i] ?? null}
              busy={busy}
              side={side}
              decoder={handles?.[2 * i] ?? null}
              fail={fail}
            />
          ))}
          {!handles && <img class="poster" src={poster} alt={posterAlt} />}
        </div>
      </div>
      {/* Over a hidden copy of the legend, the longest line, in every state, so that no change of
          line (the models getting ready, the first analysis) moves what is below; keyed, so that a
          new line is new text, not old text moved, which would count as a layout shift. */}
      <DemoStatus status={status} retry={retry} room={LEGEND}>
        <span key={line}>{line}</span>
      </DemoStatus>
      {/* One line for each model's provenance (CSS), kept empty until the models are ready. */}
      <div class="provenance">
        {models.map((_, i) =>
          handles ? (
            <Provenance key={i} info={handles[2 * i + 1]!.info} />
          ) : (
            <p key={i} class="demo-provenance" aria-hidden="true" />
          ),
        )}
      </div>
    </div>
  );
}
