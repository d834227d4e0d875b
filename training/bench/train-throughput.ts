/**
 * Training throughput on every backend this machine can run: images per second of one baseline
 * VAE step (784-500-500-32 and mirror, batch 100, Adam) and the GFLOP/s of a 256×784×512 matmul.
 * `wasm` is measured twice: with its stock matrix product and with the native BLAS one. For both,
 * a second table splits the step: the time in matrix products (the BatchMatMul kernel, timed
 * inside the step) and, with BLAS, the bare `cblas_sgemm` on the same shapes: the ceiling.
 * Prints the tables and the BLAS core in use; with --json FILE also writes the numbers.
 *
 *   npm run bench:train [-- --steps 30 --json report.json]
 *
 * BR_BLAS_THREADS sets BLAS threads. OpenBLAS's core is chosen as training chooses it (blas-setup.ts);
 * BR_BLAS_CORE=library runs the library's own, OPENBLAS_CORETYPE=<core> a given one (the core is
 * fixed once per process: compare two runs). The line above the tables names the core in use, who
 * chose it, when the CPU can run a faster one, and whether the library's products pass the check.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backendNames, describeBlas, initBackend } from '../src/runtime/backend.ts';
import { setupBlas } from '../src/runtime/blas-setup.ts';
import { type Blas, loadBlas } from '../src/runtime/blas.ts';
import { createVae, elboTerms } from '../src/models/vae.ts';
import { Rng } from '../src/runtime/rng.ts';

/** One BatchMatMul call: op(A) is m×k, op(B) k×n, `batch` times. */
interface Product {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  batch: number;
}

interface Split {
  /** BatchMatMul calls per step, and their GFLOP. */
  calls: number;
  gflopPerStep: number;
  /** Time in the BatchMatMul kernel per step, and its share of the step. */
  matmulMsPerStep: number;
  matmulShare: number;
  /** The bare cblas_sgemm on the step's products: ms per step and GFLOP/s (BLAS only). */
  sgemmMsPerStep?: number;
  sgemmGflops?: number;
  /** The bare cblas_sgemm on 256×784×512 (BLAS only). */
  sgemm256Gflops?: number;
}

interface Row {
  backend: string;
  available: boolean;
  note: string;
  imagesPerSecond?: number;
  msPerStep?: number;
  matmulGflops?: number;
  split?: Split;
}

const flops = (p: Product) => 2 * p.m * p.n * p.k * p.batch;

async function timeIt(repeats: number, fn: () => Promise<void>, afterWarmUp = () => {}): Promise<number> {
  await fn(); // warm-up: kernels compile, memory is allocated
  afterWarmUp();
  const started = performance.now();
  for (let i = 0; i < repeats; i++) await fn();
  return (performance.now() - started) / repeats / 1000;
}

/** The shapes of a BatchMatMul call, as the kernel sees them. */
function product(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Product {
  const [a, b] = [args.inputs.a!, args.inputs.b!];
  const transA = Boolean(args.attrs?.transposeA);
  const transB = Boolean(args.attrs?.transposeB);
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const batch = Math.max(...[a, b].map((t) => t.shape.slice(0, -2).reduce((x, y) => x * y, 1)));
  return { transA, transB, m: transA ? ca : ra, k: transA ? ra : ca, n: transB ? rb : cb, batch };
}

/**
 * Time every call of the wasm backend's BatchMatMul kernel (whichever is registered: stock or
 * BLAS) until `stop` is called; both run synchronously, so the wall time of the call is its cost.
 */
function tallyMatMul() {
  const kernel = tf.getKernel('BatchMatMul', 'wasm')!;
  const tally = { ms: 0, products: [] as Product[], record: true };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...kernel,
    kernelFunc: (args) => {
      const started = performance.now();
      const out = kernel.kernelFunc(args);
      tally.ms += performance.now() - started;
      if (tally.record) tally.products.push(product(args));
      return out;
    },
  });
  const stop = () => {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(kernel);
  };
  return { tally, stop };
}

/** The bare cblas_sgemm on a list of products, repeated for at least `seconds`: ms per list, GFLOP/s. */
function bareSgemm(blas: Blas, products: Product[], seconds = 0.5): { ms: number; gflops: number } {
  const rng = new Rng(2);
  const operands = products.map((p) => ({
    p,
    a: rng.normals(p.m * p.k * p.batch),
    b: rng.normals(p.k * p.n * p.batch),
    c: new Float32Array(p.m * p.n * p.batch),
  }));
  const once = () => {
    for (const { p, a, b, c } of operands) {
      for (let i = 0; i < p.batch; i++) {
        blas.sgemm(
          p.transA,
          p.transB,
          p.m,
          p.n,
          p.k,
          a.subarray(i * p.m * p.k, (i + 1) * p.m * p.k),
          p.transA ? p.m : p.k,
          b.subarray(i * p.k * p.n, (i + 1) * p.k * p.n),
          p.transB ? p.k : p.n,
          c.subarray(i * p.m * p.n, (i + 1) * p.m * p.n),
          p.n,
        );
      }
    }
  };
  once();
  let repeats = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000 || repeats < 3) {
    once();
    repeats++;
  }
  const ms = (performance.now() - started) / repeats;
  return { ms, gflops: products.reduce((sum, p) => sum + flops(p), 0) / ms / 1e6 };
}

async function measure(
  steps: number,
  wasm: boolean,
  blas: Blas | undefined,
): Promise<Omit<Row, 'backend' | 'available' | 'note'>> {
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
  // On wasm, the matrix products are timed inside the steps; the warm-up step records their shapes.
  const tally = wasm ? tallyMatMul() : undefined;
  const step = await timeIt(
    steps,
    async () => {
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
    },
    () => {
      if (!tally) return;
      tally.tally.record = false;
      tally.tally.ms = 0;
    },
  );
  tally?.stop();
  optimizer.dispose();
  x.dispose();
  vae.params.dispose();

  let split: Split | undefined;
  if (tally) {
    const { products, ms } = tally.tally;
    const matmulMsPerStep = ms / steps;
    split = {
      calls: products.length,
      gflopPerStep: products.reduce((sum, p) => sum + flops(p), 0) / 1e9,
      matmulMsPerStep,
      matmulShare: matmulMsPerStep / (step * 1000),
    };
    if (blas) {
      const bare = bareSgemm(blas, products);
      const bare256 = bareSgemm(blas, [{ transA: false, transB: false, m: 256, n: 512, k: 784, batch: 1 }]);
      Object.assign(split, { sgemmMsPerStep: bare.ms, sgemmGflops: bare.gflops, sgemm256Gflops: bare256.gflops });
    }
  }
  return {
    imagesPerSecond: batch / step,
    msPerStep: step * 1000,
    matmulGflops: (2 * 256 * 784 * 512) / matmul / 1e9,
    ...(split ? { split } : {}),
  };
}

const { values } = parseArgs({ options: { steps: { type: 'string', default: '30' }, json: { type: 'string' } } });
// Both the stock kernel and BLAS are measured, whatever BR_BLAS says. The core is chosen, and the
// library loaded and checked, before the first initBackend: the core is fixed for the process then.
delete process.env.BR_BLAS;
const setup = setupBlas();
const runs = [
  { label: 'wasm', backend: 'wasm' as const, env: { ...process.env, BR_BLAS: 'off' } },
  { label: 'wasm+blas', backend: 'wasm' as const, env: { ...process.env, BR_BLAS: undefined } },
  ...backendNames.filter((b) => b !== 'wasm').map((backend) => ({ label: backend, backend, env: process.env })),
];
const rows: Row[] = [];
const coreLine = setup.line ?? `BLAS: none (${setup.reason})`;
for (const run of runs) {
  try {
    if (run.label === 'wasm+blas' && setup.state !== 'ok') throw new Error(`no BLAS: ${setup.reason}`);
    const info = await initBackend(run.backend, undefined, run.env);
    let blas: Blas | undefined;
    if (run.label === 'wasm+blas') {
      if ('none' in info.blas) throw new Error(`no BLAS: ${info.blas.none}`);
      // The library initBackend loaded (the same handle): for the bare calls.
      blas = loadBlas(run.env).blas!;
    }
    const note = run.label === 'wasm+blas' ? describeBlas(info) : `${info.package}@${info.version}`;
    rows.push({
      backend: run.label,
      available: true,
      note,
      ...(await measure(Number(values.steps), run.backend === 'wasm', blas)),
    });
  } catch (error) {
    rows.push({ backend: run.label, available: false, note: (error as Error).message.split('\n')[0]! });
  }
}

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits));
console.log(`${coreLine}\n`);
console.log(
  `${'backend'.padEnd(12)}${'images/s'.padStart(10)}${'ms/step'.padStart(10)}${'matmul GFLOP/s'.padStart(16)}  note`,
);
for (const r of rows) {
  console.log(
    `${r.backend.padEnd(12)}${fmt(r.imagesPerSecond, 0).padStart(10)}${fmt(r.msPerStep, 1).padStart(10)}${fmt(r.matmulGflops, 1).padStart(16)}  ${r.note}`,
  );
}
const splits = rows.filter((r) => r.split);
if (splits.length) {
  const s0 = splits[0]!.split!;
  console.log(
    `\nMatrix products in one step (${s0.calls} BatchMatMul calls, ${s0.gflopPerStep.toFixed(2)} GFLOP); ` +
      'bare sgemm: cblas_sgemm alone on the same shapes, and on 256×784×512',
  );
  console.log(
    `${'backend'.padEnd(12)}${'matmul ms'.padStart(10)}${'share'.padStart(8)}${'GFLOP/s'.padStart(9)}` +
      `${'bare ms'.padStart(10)}${'bare GFLOP/s'.padStart(14)}${'bare 256×784×512'.padStart(18)}`,
  );
  for (const r of splits) {
    const s = r.split!;
    console.log(
      `${r.backend.padEnd(12)}${fmt(s.matmulMsPerStep, 1).padStart(10)}${`${fmt(s.matmulShare * 100, 0)}%`.padStart(8)}` +
        `${fmt(s.gflopPerStep / (s.matmulMsPerStep / 1000), 1).padStart(9)}${fmt(s.sgemmMsPerStep, 1).padStart(10)}` +
        `${fmt(s.sgemmGflops, 1).padStart(14)}${fmt(s.sgemm256Gflops, 1).padStart(18)}`,
    );
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2) + '\n');
