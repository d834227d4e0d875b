/**
 * Cache keys mean "this experiment's inputs": each experiment is keyed on the files it runs, and
 * only those. A site-only edit makes nothing stale; a summary that reads JSON and draws is not
 * keyed on the training loop or the backend.
 */
import { describe, expect, it } from 'vitest';
import { relative } from 'node:path';
import { experiments, findExperiment } from './experiments/index.ts';
import { experimentSources, repoRoot } from './runner.ts';

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
    for (const name of ['vae-z2', 'iaf-z32-t4-s1']) {
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

  it('include the data loader for experiments given data', () => {
    expect(sources('mnist-test-digits')).toContain('training/src/data/mnist10k.ts');
  });
});
