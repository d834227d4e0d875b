/**
 * Training throughput on every backend this machine can run: images per second of one baseline
 * VAE step (784-500-500-32 and mirror, batch 100, Adam) and the GFLOP/s of a 256×784×512 matmul.
 * `wasm` is measured twice: with its stock matrix product and with the native BLAS one.
 * Prints a table; with --json FILE also writes the numbers.
 *
 *   npm run bench:train [-- --steps 30 --json report.json]   (BR_BLAS_THREADS sets BLAS threads)
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backendNames, describeBlas, initBackend } from '../src/runtime/backend.ts';
import { createVae, elboTerms } from '../src/models/vae.ts';
import { Rng } from '../src/runtime/rng.ts';

interface Row {
  backend: string;
  available: boolean;
  note: string;
  imagesPerSecond?: number;
  msPerStep?: number;
  matmulGflops?: number;
}

async function timeIt(repeats: number, fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up: kernels compile, memory is allocated
  const started = performance.now();
  for (let i = 0; i < repeats; i++) await fn();
  return (performance.now() - started) / repeats / 1000;
}

async function measure(steps: number): Promise<Omit<Row, 'backend' | 'available' | 'note'>> {
  const a = tf.randomNormal([256, 784]);
  const b = tf.randomNormal([784, 512]);
  const matmul = await timeIt(20, async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  a.dispose();
  b.dispose();

  const batch = 100;
  const vae = createVae({ inputDim: 784, hidden: [500, 500], latentDim: 32, activation: 'relu' }, 1);
  const rng = new Rng(1);
  const x = tf.tensor2d(
    Float32Array.from({ length: batch * 784 }, () => (rng.uniform() < 0.13 ? 1 : 0)),
    [batch, 784],
  );
  const optimizer = tf.train.adam(1e-3);
  const step = await timeIt(steps, async () => {
    const cost = tf.tidy(() =>
      optimizer.minimize(
        () => {
          const eps = tf.tensor2d(rng.normals(batch * 32), [batch, 32]);
          return tf.neg(tf.mean(elboTerms(vae, x, eps).elbo));
        },
        true,
        vae.params.list(),
      )!,
    );
    await cost.data();
    cost.dispose();
  });
  optimizer.dispose();
  x.dispose();
  vae.params.dispose();
  return { imagesPerSecond: batch / step, msPerStep: step * 1000, matmulGflops: (2 * 256 * 784 * 512) / matmul / 1e9 };
}

const { values } = parseArgs({ options: { steps: { type: 'string', default: '30' }, json: { type: 'string' } } });
const runs = [
  { label: 'wasm', backend: 'wasm' as const, env: { ...process.env, BR_BLAS: 'off' } },
  { label: 'wasm+blas', backend: 'wasm' as const, env: { ...process.env, BR_BLAS: undefined } },
  ...backendNames.filter((b) => b !== 'wasm').map((backend) => ({ label: backend, backend, env: process.env })),
];
const rows: Row[] = [];
for (const run of runs) {
  try {
    const info = await initBackend(run.backend, undefined, run.env);
    if (run.label === 'wasm+blas' && 'none' in info.blas) throw new Error(`no BLAS: ${info.blas.none}`);
    const note = run.label === 'wasm+blas' ? describeBlas(info) : `${info.package}@${info.version}`;
    rows.push({ backend: run.label, available: true, note, ...(await measure(Number(values.steps))) });
  } catch (error) {
    rows.push({ backend: run.label, available: false, note: (error as Error).message.split('\n')[0]! });
  }
}

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits));
console.log(
  `${'backend'.padEnd(12)}${'images/s'.padStart(10)}${'ms/step'.padStart(10)}${'matmul GFLOP/s'.padStart(16)}  note`,
);
for (const r of rows) {
  console.log(
    `${r.backend.padEnd(12)}${fmt(r.imagesPerSecond, 0).padStart(10)}${fmt(r.msPerStep, 1).padStart(10)}${fmt(r.matmulGflops, 1).padStart(16)}  ${r.note}`,
  );
}
if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2) + '\n');
