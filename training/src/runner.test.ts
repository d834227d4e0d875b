/**
 * Cache keys mean "this experiment's inputs": each experiment is keyed on the files it runs, and
 * only those. A site-only edit makes nothing stale; a summary that reads JSON and draws is not
 * keyed on the training loop or the backend.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeEntry, manifestPath } from './cache/manifest.ts';
import { experiments, findExperiment } from './experiments/index.ts';
import type { Experiment, ExperimentContext } from './experiments/types.ts';
import { initBackend } from './runtime/backend.ts';
import { silentProgress } from './train/progress.ts';
import { experimentSources, repoRoot, runExperiment } from './runner.ts';

const sources = (name: string) => experimentSources(findExperiment(name)).map((f) => relative(repoRoot, f));

describe('experiment sources (the code part of a cache key)', () => {
  it('never include the site', () => {
    for (const e of experiments) {
      const files = sources(e.name);
      expect(
        files.filter((f) => !/^(training|core)\//.test(f)),
        e.name,
      ).toEqual([]);
    }
  });

  it('follow imports into the core package', () => {
    expect(sources('vae-z2')).toContain('core/src/images/raster.ts');
    expect(sources('iaf-z2-posteriors')).toContain('core/src/posterior/grid.ts');
  });

  it('include the backend for experiments that compute with TensorFlow.js', () => {
    for (const name of ['vae-z2', 'iaf-z32-t4-s2']) {
      const files = sources(name);
      expect(files).toContain('training/src/runtime/backend.ts');
      expect(files).toContain('training/src/runtime/blas.ts');
      expect(files).toContain('training/src/train/loop.ts');
    }
  });

  it('key a summary and a study on what they read, not on training', () => {
    for (const name of ['iaf-z32-summary', 'iaf-z2-posteriors', 'mnist-test-digits']) {
      const files = sources(name);
      for (const heavy of [
        'training/src/train/loop.ts',
        'training/src/runtime/backend.ts',
        'training/src/models/iaf.ts',
      ]) {
        expect(files, `${name} is keyed on ${heavy}`).not.toContain(heavy);
      }
    }
    // The summary reads the runs' results (through the manifest) and draws: its own module, the
    // plan it shares with the runs, the stats, the plot.
    expect(sources('iaf-z32-summary')).toContain('training/src/figures/svg-plot.ts');
    expect(sources('iaf-z32-summary').length).toBeLessThan(15);
    expect(sources('iaf-z32-summary')).not.toContain('training/src/data/index.ts');
  });

  it('leave a run alone when seeds are added: the runs do not read which runs exist', () => {
    for (const name of ['iaf-z32-t4-s2', 'iaf-z2-t0'])
      expect(sources(name)).not.toContain('training/src/experiments/iaf-plan.ts');
    expect(sources('iaf-z32-summary')).toContain('training/src/experiments/iaf-plan.ts');
  });

  it('key only the 2-D runs on the inference-gap study', () => {
    expect(sources('iaf-z2-t4')).toContain('training/src/latent/inference-gaps.ts');
    expect(sources('iaf-z32-t4-s2')).not.toContain('training/src/latent/inference-gaps.ts');
    expect(sources('iaf-z32-t4-s2')).not.toContain('training/src/experiments/iaf-2d.ts');
  });

  it('include the data loader for experiments given data', () => {
    expect(sources('mnist-test-digits')).toContain('training/src/data/mnist10k.ts');
  });
});

describe('the context a run is given', () => {
  it('outputs under its own home, upstream outputs under theirs, and refuses what the key does not cover', async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-runner-'));
    // A recorded upstream run: the summary below reads vae-z2, whose home is the demo fixture post.
    await writeEntry(manifestPath(root, 'vae-z2', 'smoke'), {
      experiment: 'vae-z2',
      profile: 'smoke',
      inputHash: 'x',
      outputs: {},
      finishedAt: new Date(0).toISOString(),
      seconds: 1,
    });
    const seen: Record<string, unknown> = {};
    const summary: Experiment<{ n: number }> = {
      name: 'probe-summary',
      description: 'reads vae-z2',
      module: import.meta.url,
      home: 'content/posts/probe',
      after: ['vae-z2'],
      profiles: { smoke: { n: 1 }, full: { n: 2 } },
      async run(ctx: ExperimentContext<{ n: number }>) {
        seen.config = ctx.config;
        seen.upstream = ctx.upstream('vae-z2').results;
        seen.dataset = ctx.metadata.dataset;
        expect(() => ctx.upstream('iaf-z2-t0')).toThrow(/list it in "after"/);
        expect(() => ctx.data()).toThrow(/declares no dataset/);
        return [await ctx.out.writeJson(ctx.out.results, { ok: true })];
      },
    };
    const backend = await initBackend('cpu');
    const options = {
      profile: 'smoke' as const,
      backend,
      root,
      force: false,
      progress: silentProgress,
      command: 'test',
    };
    expect(await runExperiment(summary, options)).toBe('trained');
    expect(seen).toEqual({
      config: { n: 1 },
      upstream: 'tests/fixtures/posts/latent-pad-demo/results/vae-z2.json',
      dataset: 'none',
    });
    expect(JSON.parse(readFileSync(join(root, 'content/posts/probe/results/probe-summary.json'), 'utf8'))).toEqual({
      ok: true,
    });
    expect(await runExperiment(summary, options)).toBe('fresh');
  });
});
