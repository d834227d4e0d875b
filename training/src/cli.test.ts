/**
 * The training pipeline end to end, as `npm run train` runs it: the smoke profile of every
 * experiment, in parallel processes, into a temporary artifact root; then the cache at work.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, runModel } from './onnx/run.ts';
import { readTestDigits } from '@bounded-rationality/core/mnist/test-digits.ts';
import { decodeModel } from './onnx/encode.ts';
import { STEPS, seedsFor } from './experiments/iaf-plan.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'br-train-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function train(...args: string[]) {
  return trainWith({}, ...args);
}
function trainWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, '--profile', 'smoke', '--out', out, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Where the baseline VAEs' artifacts live: beside the demo fixture post that uses them. */
const fixture = 'tests/fixtures/posts/latent-pad-demo';
const files = (name: string) => [
  ...(name === 'vae-z2' ? [`${fixture}/figures/${name}.latent-grid.png`] : []),
  `${fixture}/models/${name}.decoder.onnx`,
  `${fixture}/figures/${name}.training-curve.svg`,
  `${fixture}/figures/${name}.samples.png`,
  `${fixture}/figures/${name}.reconstructions.png`,
  `${fixture}/results/${name}.json`,
  `training/manifest/${name}.smoke.json`,
];

describe('npm run train (smoke)', () => {
  it('trains, evaluates, exports and draws every experiment', { timeout: 900_000 }, async () => {
    const { code, output } = train('--jobs', '2');
    expect(code, output).toBe(0);
    for (const name of ['vae-z32', 'vae-z2']) {
      for (const file of files(name)) expect(existsSync(join(out, file)), file).toBe(true);
      const results = JSON.parse(readFileSync(join(out, `${fixture}/results/${name}.json`), 'utf8'));
      expect(results.profile).toBe('smoke');
      expect(results.backend).toBe('wasm');
      expect(results.epochs.trained).toBe(2);
      // An importance-sampled NLL is a tighter bound than the ELBO: −NLL ≥ ELBO (up to noise).
      expect(results.metrics.testNll).toBeLessThanOrEqual(-results.metrics.testElbo + 1);
      expect(results.metrics.testNll).toBeGreaterThan(50);
      expect(results.onnxParityMaxAbsDiff).toBeLessThan(1e-4);
    }
    // The IAF post: a summary over every configuration x seed of the plan, and the 2-D posterior study.
    const iaf = join(out, 'content/posts/vae-iaf');
    const summary = JSON.parse(readFileSync(join(iaf, 'results/iaf-z32-summary.json'), 'utf8'));
    expect(
      summary.rows.map((r: { steps: number; testNll: { values: number[] } }) => [r.steps, r.testNll.values.length]),
    ).toEqual(STEPS.map((steps) => [steps, seedsFor(steps).length]));
    // Every run puts its training-set estimates beside the test ones; the seed-1 runs of T = 0 and
    // T = 4 study the estimator; the 2-D runs split each test image's gap.
    const run = (name: string) => JSON.parse(readFileSync(join(iaf, `results/${name}.json`), 'utf8'));
    for (const name of ['iaf-z32-t1-s2', 'iaf-z2-t0']) {
      const { metrics, data } = run(name);
      expect(metrics.trainNll).toBeLessThanOrEqual(-metrics.trainElbo + 1);
      expect(data.trainEvaluated).toBe(data.test);
    }
    expect(run('iaf-z32-t1-s1').estimatorStudy).toBeUndefined();
    expect(run('iaf-z32-t0-s1').estimatorStudy.bySamples).toHaveLength(3);
    const gaps = run('iaf-z2-t4').inferenceGaps;
    expect(gaps.amortizationGap.values).toHaveLength(run('iaf-z2-t4').data.test);
    expect(gaps.logEvidence.mean).toBeGreaterThanOrEqual(gaps.optimizedElbo.mean - 1);
    const study = JSON.parse(readFileSync(join(iaf, 'results/iaf-z2-posteriors.json'), 'utf8'));
    for (const digit of study.digits) {
      for (const m of digit.models) expect(Number.isFinite(m.gap)).toBe(true);
    }
    for (const f of [
      'figures/iaf-z2-posteriors.heat-maps.svg',
      'figures/iaf-z32-summary.validation-curves.svg',
      'models/iaf-z2-t4.posterior.onnx',
    ]) {
      expect(existsSync(join(iaf, f)), f).toBe(true);
    }
    const digits = readTestDigits(JSON.parse(readFileSync(join(out, 'site/data/mnist-test-digits.json'), 'utf8')));
    expect(digits.digits).toHaveLength(20);
    // The exported decoder runs in onnxruntime-web and carries its provenance.
    const bytes = new Uint8Array(readFileSync(join(out, `${fixture}/models/vae-z2.decoder.onnx`)));
    const meta = Object.fromEntries(decodeModel(bytes).metadataProps.map((p) => [p.key, p.value]));
    expect(meta).toMatchObject({ experiment: 'vae-z2', profile: 'smoke', dataset: 'mnist-10k', backend: 'wasm' });
    const session = await createSession(bytes);
    const result = await runModel(session, { z: { data: new Float32Array([0, 0, 1, -1]), dims: [2, 2] } });
    expect(result.probabilities!.dims).toEqual([2, 784]);
    await session.release();
  });

  it('skips what is up to date, and retrains what changed', { timeout: 180_000 }, () => {
    // Everything trained above: the CLI says so without starting a backend or a process per experiment.
    const all = train('--jobs', '2');
    expect(all.code, all.output).toBe(0);
    expect(all.output).toMatch(/iaf-z32-summary \(smoke\): fresh/);
    expect(all.output).not.toMatch(/BLAS for matrix products|OpenBLAS core|: (stale|missing|forced)/);

    const fresh = train('vae-z2');
    expect(fresh.code, fresh.output).toBe(0);
    expect(fresh.output).toMatch(/vae-z2 \(smoke\): fresh, 6 files/);

    const results = join(out, `${fixture}/results/vae-z2.json`);
    writeFileSync(results, '{}');
    const stale = train('vae-z2');
    expect(stale.output).toMatch(
      /vae-z2 \(smoke\): stale \(tests\/fixtures\/posts\/latent-pad-demo\/results\/vae-z2\.json was changed by hand\)/,
    );
    expect(JSON.parse(readFileSync(results, 'utf8')).experiment).toBe('vae-z2');

    const forced = train('vae-z2', '--force');
    expect(forced.output).toMatch(/vae-z2 \(smoke\): forced/);
  });

  it('resumes a killed run from its last checkpoint', { timeout: 180_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-resume-'));
    const checkpoint = join(root, 'training/.checkpoints/vae-z2/smoke/train.ckpt');
    const child = spawn(process.execPath, [cli, 'vae-z2', '--profile', 'smoke', '--out', root], {
      env: { ...process.env, CI: 'true' },
      stdio: 'ignore',
    });
    const exited = new Promise((done) => child.on('exit', done));
    // Kill it as soon as the first epoch's checkpoint exists, as a power cut or kill -9 would.
    while (!existsSync(checkpoint)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(root, 'training/manifest/vae-z2.smoke.json'))).toBe(false);

    const result = spawnSync(process.execPath, [cli, 'vae-z2', '--profile', 'smoke', '--out', root], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/vae-z2: resuming after epoch 1 from .*train\.ckpt/);
    expect(output).not.toMatch(/vae-z2 epoch 1:/);
    expect(output).toMatch(/vae-z2 epoch 2:/);
    // A finished run leaves no checkpoint behind.
    expect(existsSync(checkpoint)).toBe(false);
    rmSync(root, { recursive: true, force: true });
  });

  it('rejects an unknown experiment, profile or backend with the choices', { timeout: 120_000 }, () => {
    expect(train('vae-z99').output).toMatch(
      /Unknown experiment "vae-z99": choose from vae-z32, vae-z2, mnist-test-digits, iaf-z2-t0/,
    );
    expect(train('--profile', 'huge').output).toMatch(/Unknown profile "huge": choose one of smoke, full\./);
    // An adapter that no machine has: Dawn's refusal (or, without the optional package, its absence).
    const gpu = trainWith({ BR_WEBGPU_FLAGS: 'adapter=no-such-adapter' }, 'vae-z2', '--backend', 'webgpu', '--force');
    expect(gpu.code).toBe(1);
    expect(gpu.output).toMatch(
      /WebGPU: Dawn found no adapter \(flags: adapter=no-such-adapter\)|"webgpu" \(Dawn for Node\) did not load/,
    );
    expect(gpu.output).not.toMatch(/running on webgpu/);
  });
});
