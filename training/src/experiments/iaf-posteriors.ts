/**
 * The two-dimensional posterior study of the IAF post: for a few test digits, the true posterior of
 * each 2-D model on a grid beside samples from its q(z|x), and per digit log p(x), the ELBO and
 * their gap. Computed with the exported ONNX models in onnxruntime-web, the ones the demo runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../data/index.ts';
import { createSession, runModel } from '../onnx/run.ts';
import { mean } from '../train/evaluate.ts';
import { Rng } from '../runtime/rng.ts';
import { posteriorFigure, type PosteriorRow } from '../figures/posterior-grid.ts';
import { writeFigure } from '../figures/write.ts';
import { analysePosterior } from '@bounded-rationality/core/posterior/grid.ts';
import { spread, writeJson } from './latent-model.ts';
import type { Experiment } from './types.ts';
import { FIGURES, MODELS, RESULTS, runName } from './iaf.ts';

export interface IafPosteriorsConfig {
  /** Test digits shown, spread evenly over the test split. */
  digits: number;
  /** Cells per side of the coarse search grid and of the fine grid. */
  coarseSide: number;
  fineSide: number;
  /** Half-width of the coarse grid, in prior standard deviations. */
  coarseExtent: number;
  /** Samples drawn from each q(z|x): dots in the figure, and the Monte Carlo estimates. */
  samplesShown: number;
  samplesForEstimates: number;
  seed: number;
}

async function runBatched(
  session: Awaited<ReturnType<typeof createSession>>,
  feeds: (start: number, end: number) => Record<string, { data: Float32Array; dims: number[] }>,
  n: number,
  outputs: Record<string, number>,
  batch = 1024,
): Promise<Record<string, Float32Array>> {
  const out = Object.fromEntries(Object.entries(outputs).map(([name, width]) => [name, new Float32Array(n * width)]));
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const result = await runModel(session, feeds(start, end));
    for (const [name, width] of Object.entries(outputs)) out[name]!.set(result[name]!.data, start * width);
  }
  return out;
}

export const iafPosteriors: Experiment<IafPosteriorsConfig> = {
  name: 'iaf-z2-posteriors',
  description: 'True posteriors on a grid beside q(z|x) samples of the 2-D models, with per-digit gaps',
  module: import.meta.url,
  dataset: 'mnist-10k',
  after: [runName(2, 0), runName(2, 4)],
  profiles: {
    smoke: {
      digits: 2,
      coarseSide: 24,
      fineSide: 24,
      coarseExtent: 5,
      samplesShown: 50,
      samplesForEstimates: 100,
      seed: 1,
    },
    full: {
      digits: 5,
      coarseSide: 80,
      fineSide: 72,
      coarseExtent: 5,
      samplesShown: 300,
      samplesForEstimates: 4000,
      seed: 1,
    },
  },
  async run(ctx) {
    const { root, config } = ctx;
    const { test } = loadDataset('mnist-10k');
    const digits = spread(test, config.digits);
    const dim = test.height * test.width;
    const models = [0, 4].map((steps) => ({
      steps,
      label: steps === 0 ? 'VAE: Gaussian q' : `IAF, T = ${steps}`,
      decoder: join(root, `${MODELS}/${runName(2, steps)}.decoder.onnx`),
      posterior: join(root, `${MODELS}/${runName(2, steps)}.posterior.onnx`),
    }));
    const rng = new Rng(config.seed, 0x9057);
    const rows: PosteriorRow[] = [];
    const stats: { index: number; label: number; models: Record<string, unknown>[] }[] = [];
    const sessions = await Promise.all(
      models.map(async (m) => ({
        decoder: await createSession(new Uint8Array(readFileSync(m.decoder))),
        posterior: await createSession(new Uint8Array(readFileSync(m.posterior))),
      })),
    );
    try {
      for (let k = 0; k < digits.n; k++) {
        const x = digits.images.subarray(k * dim, (k + 1) * dim);
        const row: PosteriorRow = { digit: x, panels: [] };
        const digitStats: Record<string, unknown>[] = [];
        for (const [i, m] of models.entries()) {
          const { decoder, posterior } = sessions[i]!;
          const decode = async (z: Float32Array) =>
            (
              await runBatched(
                decoder,
                (s, e) => ({ z: { data: z.subarray(2 * s, 2 * e), dims: [e - s, 2] } }),
                z.length / 2,
                { probabilities: dim },
              )
            ).probabilities!;
          // Samples from q(z|x), with log q, through the exported sampler.
          const sample = async () => {
            const n = config.samplesForEstimates;
            const tiled = new Float32Array(n * dim);
            for (let s = 0; s < n; s++) tiled.set(x, s * dim);
            const eps = rng.normals(n * 2);
            const sampled = await runBatched(
              posterior,
              (s, e) => ({
                x: { data: tiled.subarray(s * dim, e * dim), dims: [e - s, dim] },
                eps: { data: eps.subarray(2 * s, 2 * e), dims: [e - s, 2] },
              }),
              n,
              { z: 2, log_q: 1 },
            );
            return { z: sampled.z!, logQ: sampled.log_q! };
          };
          const { massArea, window, mass, z, logEvidence, elbo } = await analysePosterior(
            x,
            { decode, sample },
            { extent: config.coarseExtent, coarseSide: config.coarseSide, fineSide: config.fineSide },
          );
          digitStats.push({
            model: m.label,
            steps: m.steps,
            window: massArea,
            logEvidence,
            elbo,
            gap: logEvidence - elbo,
          });
          row.panels.push({
            density: Float32Array.from(mass),
            side: config.fineSide,
            extent: window,
            samples: Array.from({ length: config.samplesShown }, (_, s) => [z[2 * s]!, z[2 * s + 1]!] as const),
          });
        }
        rows.push(row);
        stats.push({ index: k, label: digits.labels[k]!, models: digitStats });
      }
    } finally {
      for (const s of sessions) await Promise.all([s.decoder.release(), s.posterior.release()]);
    }
    const figure = await writeFigure(
      root,
      `${FIGURES}/posteriors.svg`,
      posteriorFigure({
        title: 'True posterior p(z|x) (heat map) and samples from q(z|x) (dots), latent dimension 2',
        heading: 'p(z|x) as heat map, q(z|x) samples as dots',
        description:
          'For each of several test digits, the true posterior of each 2-D model evaluated on a grid, with samples from that model’s approximate posterior drawn on top: a Gaussian for the VAE, a 4-step inverse autoregressive flow for the IAF model.',
        columnTitles: models.map((m) => m.label),
        rows,
      }),
    );
    const results = await writeJson(root, `${RESULTS}/iaf-z2-posteriors.json`, {
      ...ctx.metadata,
      config,
      digits: stats,
      meanGap: Object.fromEntries(
        models.map((m, i) => [m.label, mean(stats.map((d) => (d.models[i] as { gap: number }).gap))]),
      ),
    });
    return [figure, results];
  },
};
