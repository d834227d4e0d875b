/**
 * Training throughput on every backend this machine can run: images per second of one baseline
 * VAE step (784-500-500-32 and mirror, batch 100 or --batch N, Adam), the GFLOP/s of a 256×784×512 matmul, and
 * the importance-sampled evaluation (ms per test image at k = 1000, as the experiments run it).
 * `wasm` is measured lever by lever: the stock kernels, the BLAS matrix product, then each fused
 * kernel added in turn (runtime/kernels/), and the whole at 1 and 2 BLAS threads. A second table
 * splits the step: the time in the BatchMatMul kernel (timed inside the step; the fused dense
 * kernel does the forward products itself) and the bare `cblas_sgemm` on all the step's products,
 * the ceiling: its share of the step says how close the step is to doing nothing but products.
 * Each figure is the median of --rounds rounds of --steps steps. Prints the tables and the BLAS
 * core in use; with --json FILE also writes the numbers.
 *
 *   npm run bench:train [-- --steps 20 --rounds 5 --batch 100 --json report.json]
 *
 * The webgpu row runs on the adapter runtime/webgpu.ts picks (named in its note); a larger --batch
 * is where a GPU can pay for its dispatch and transfer costs.
 *
 * BR_BLAS_THREADS sets BLAS threads for the rows that do not name their own. OpenBLAS's core is chosen as training chooses it (blas-setup.ts);
 * BR_BLAS_CORE=library runs the library's own, OPENBLAS_CORETYPE=<core> a given one (the core is
 * fixed once per process: compare two runs). The line above the tables names the core in use, who
 * chose it, when the CPU can run a faster one, and whether the library's products pass the check.
 */
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BackendName, backendNames, describeBlas, describeFused, initBackend } from '../src/runtime/backend.ts';
import { describeAdapter, installWebGpu } from '../src/runtime/webgpu.ts';
import { setupBlas } from '../src/runtime/blas-setup.ts';
import { type Blas, loadBlas } from '../src/runtime/blas.ts';
import { createVae, elboTerms, logImportanceWeights } from '../src/models/vae.ts';
import { importanceSampledLogLikelihood } from '../src/train/evaluate.ts';
import { adam } from '../src/train/adam.ts';
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
  /** The bare products' time as a share of the step: 100% would be a step of nothing but products. */
  ceilingShare?: number;
}

interface Measured {
  imagesPerSecond?: number;
  msPerStep?: number;
  matmulGflops?: number;
  /** The importance-sampled evaluation, k = 1000: ms per test image. */
  importanceMsPerImage?: number;
  split?: Split;
}

interface Row extends Measured {
  backend: string;
  available: boolean;
  note: string;
}

const flops = (p: Product) => 2 * p.m * p.n * p.k * p.batch;

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Median seconds per call over `rounds` rounds of `repeats` calls, after one warm-up call. */
async function timeIt(
  rounds: number,
  repeats: number,
  fn: () => Promise<void> | void,
  afterWarmUp = () => {},
): Promise<number> {
  await fn(); // warm-up: kernels compile, memory is allocated
  afterWarmUp();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < repeats; i++) await fn();
    perCall.push((performance.now() - started) / repeats / 1000);
  }
  return median(perCall);
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

interface Effort {
  steps: number;
  rounds: number;
  /** Whether to time the importance-sampled evaluation (minutes without the BLAS). */
  importance: boolean;
}

async function measure(effort: Effort, wasm: boolean, blas: Blas | undefined): Promise<Measured> {
  const a = tf.randomNormal([256, 784]);
  const b = tf.randomNormal([784, 512]);
  const matmul = await timeIt(effort.rounds, 5, async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  a.dispose();
  b.dispose();

  const batch = stepBatch;
  const vae = createVae({ inputDim: 784, hidden: [500, 500], latentDim: 32, activation: 'relu' }, 1);
  const rng = new Rng(1);
  const binary = (n: number) => Float32Array.from({ length: n * 784 }, () => (rng.uniform() < 0.13 ? 1 : 0));
  const x = tf.tensor2d(binary(batch), [batch, 784]);
  const optimizer = adam(1e-3);
  // On wasm, the matrix products are timed inside the steps; the warm-up step records their shapes.
  const tally = wasm ? tallyMatMul() : undefined;
  const step = await timeIt(
    effort.rounds,
    effort.steps,
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

  // The evaluation as latent/fit.ts runs it: batches of 25 images, k = 1000 in chunks of 100.
  const images = 25;
  const test = binary(images);
  const importance = effort.importance
    ? await timeIt(Math.min(effort.rounds, 3), 1, () => {
        importanceSampledLogLikelihood(
          test,
          784,
          { samples: 1000, batchSize: images, chunk: 100, latentDim: 32, seed: 3 },
          (xs, eps) => logImportanceWeights(vae, xs, eps),
        );
      })
    : undefined;
  // Each dense layer's weight [in, out]: one forward product x·W per layer and step.
  const weights = vae.params
    .names()
    .filter((name) => name.endsWith('.weight'))
    .map((name) => [...vae.params.get(name).shape]);
  vae.params.dispose();

  let split: Split | undefined;
  if (tally) {
    const { products, ms } = tally.tally;
    const matmulMsPerStep = ms / (effort.rounds * effort.steps);
    split = {
      calls: products.length,
      gflopPerStep: products.reduce((sum, p) => sum + flops(p), 0) / 1e9,
      matmulMsPerStep,
      matmulShare: matmulMsPerStep / (step * 1000),
    };
    if (blas) {
      // The ceiling counts every product of the step, including those inside the fused dense kernel.
      const bare = bareSgemm(blas, stepProducts(products, weights, batch));
      const bare256 = bareSgemm(blas, [{ transA: false, transB: false, m: 256, n: 512, k: 784, batch: 1 }]);
      Object.assign(split, {
        sgemmMsPerStep: bare.ms,
        sgemmGflops: bare.gflops,
        sgemm256Gflops: bare256.gflops,
        ceilingShare: bare.ms / (step * 1000),
      });
    }
  }
  return {
    imagesPerSecond: batch / step,
    msPerStep: step * 1000,
    matmulGflops: (2 * 256 * 784 * 512) / matmul / 1e9,
    ...(importance === undefined ? {} : { importanceMsPerImage: (importance * 1000) / images }),
    ...(split ? { split } : {}),
  };
}

/**
 * All matrix products of one VAE step: the backward ones the BatchMatMul kernel saw, and the
 * forward x·W of each layer (BatchMatMul's when dense is not fused, otherwise inside the fused kernel).
 */
function stepProducts(seen: Product[], weights: number[][], batch: number): Product[] {
  const forward = weights.map(([k, n]) => ({ transA: false, transB: false, m: batch, k: k!, n: n!, batch: 1 }));
  const backward = seen.filter((p) => p.transA || p.transB);
  return seen.length > backward.length ? seen : [...forward, ...backward];
}

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'string' },
    /** Images per VAE step (the experiments use 100). */
    batch: { type: 'string', default: '100' },
    /** Internal: measure one row and print it as JSON (the thread-layout runs). */
    row: { type: 'string' },
  },
});
const stepBatch = Number(values.batch);
if (!Number.isInteger(stepBatch) || stepBatch < 1)
  throw new Error(`--batch must be a positive integer, got ${values.batch}`);
const effort: Effort = { steps: Number(values.steps), rounds: Number(values.rounds), importance: true };
// The slow stock rows get one short round: their numbers are for scale, not for decimals.
const stockEffort: Effort = { steps: 3, rounds: 1, importance: false };
// A GPU's first steps compile its shaders (timeIt's warm-up step takes most of that); then a few rounds.
const gpuEffort: Effort = { steps: 10, rounds: 3, importance: false };
const threads = process.env.BR_BLAS_THREADS ?? '1';
// Both the stock kernel and BLAS are measured, whatever BR_BLAS says. The core is chosen, and the
// library loaded and checked, before the first initBackend: the core is fixed for the process then.
delete process.env.BR_BLAS;
const setup = setupBlas();
const coreLine = () => setup.line ?? `BLAS: none (${setup.reason})`;

interface Run {
  label: string;
  backend: BackendName;
  env: Record<string, string | undefined>;
  /** Whether the row uses the BLAS (and fails without it). */
  blas: boolean;
  effort: Effort;
}
const wasmRun = (label: string, fused: string, blasThreads = threads): Run => ({
  label,
  backend: 'wasm',
  env: { ...process.env, BR_BLAS: undefined, BR_FUSED: fused, BR_BLAS_THREADS: blasThreads },
  blas: true,
  effort,
});
const runs: Run[] = [
  {
    label: 'wasm',
    backend: 'wasm',
    env: { ...process.env, BR_BLAS: 'off', BR_FUSED: 'off' },
    blas: false,
    effort: stockEffort,
  },
  wasmRun('+blas', 'off'),
  wasmRun('+adam', 'adam'),
  wasmRun('+dense', 'adam,dense'),
  wasmRun('+bernoulli', 'adam,dense,bernoulli'),
  wasmRun(`+identity`, 'adam,dense,bernoulli,identity'),
  wasmRun(`all, 2 thr`, 'adam,dense,bernoulli,identity', '2'),
  ...backendNames
    .filter((b) => b !== 'wasm')
    .map((backend) => ({
      label: backend,
      backend,
      env: process.env,
      blas: false,
      effort: backend === 'webgpu' ? gpuEffort : stockEffort,
    })),
];

async function runRow(run: Run): Promise<Row> {
  try {
    if (run.blas && setup.state !== 'ok') throw new Error(`no BLAS: ${setup.reason}`);
    // Dawn and its adapter first (runtime/webgpu.ts says why).
    const adapter = run.backend === 'webgpu' ? await installWebGpu() : undefined;
    const info = await initBackend(run.backend, undefined, run.env);
    let blas: Blas | undefined;
    if (run.blas) {
      if ('none' in info.blas) throw new Error(`no BLAS: ${info.blas.none}`);
      // The library initBackend loaded (the same handle): for the bare calls.
      blas = loadBlas(run.env).blas!;
    }
    const note = run.blas
      ? `${describeBlas(info)}; fused: ${describeFused(info)}`
      : `${info.package}@${info.version}${adapter ? ` on ${describeAdapter(adapter)}` : ''}`;
    return { backend: run.label, available: true, note, ...(await measure(run.effort, run.backend === 'wasm', blas)) };
  } catch (error) {
    return { backend: run.label, available: false, note: (error as Error).message.split('\n')[0]! };
  }
}

if (values.row !== undefined) {
  const run = runs.find((r) => r.label === values.row);
  if (!run) throw new Error(`--row: no row "${values.row}"`);
  console.log(JSON.stringify(await runRow(run)));
  process.exit(0);
}

const rows: Row[] = [];
for (const run of runs) rows.push(await runRow(run));

/**
 * The thread layout for `--jobs 2`: two one-thread processes side by side, each training its own
 * model, against the one two-thread process above. Their images/s add up.
 */
async function layout(): Promise<{ processes: Row[]; imagesPerSecond: number } | undefined> {
  if (setup.state !== 'ok') return undefined;
  const script = fileURLToPath(import.meta.url);
  const child = () =>
    new Promise<Row>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          script,
          '--row',
          '+identity',
          '--steps',
          String(effort.steps),
          '--rounds',
          String(effort.rounds),
          '--batch',
          String(stepBatch),
        ],
        { env: { ...process.env, BR_BLAS_THREADS: '1' }, maxBuffer: 1 << 20 },
        (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Row)),
      );
    });
  const processes = await Promise.all([child(), child()]);
  return { processes, imagesPerSecond: processes.reduce((sum, r) => sum + (r.imagesPerSecond ?? 0), 0) };
}
const twoProcesses = await layout();

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits));
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(0)}%`);
console.log(`${coreLine()}\n`);
console.log(
  `${'wasm row'.padEnd(12)}${'images/s'.padStart(10)}${'ms/step'.padStart(10)}${'matmul GFLOP/s'.padStart(16)}${'IS ms/image'.padStart(13)}  note`,
);
for (const r of rows) {
  console.log(
    `${r.backend.padEnd(12)}${fmt(r.imagesPerSecond, 0).padStart(10)}${fmt(r.msPerStep, 1).padStart(10)}${fmt(r.matmulGflops, 1).padStart(16)}` +
      `${fmt(r.importanceMsPerImage, 1).padStart(13)}  ${r.note}`,
  );
}
const splits = rows.filter((r) => r.split);
if (splits.length) {
  console.log(
    "\nMatrix products in one step: BatchMatMul kernel time; bare: cblas_sgemm alone on all the step's products " +
      '(the ceiling; its share of the step), and on 256×784×512',
  );
  console.log(
    `${'wasm row'.padEnd(12)}${'matmul ms'.padStart(10)}${'share'.padStart(8)}${'bare ms'.padStart(10)}` +
      `${'ceiling share'.padStart(15)}${'bare GFLOP/s'.padStart(14)}${'bare 256×784×512'.padStart(18)}`,
  );
  for (const r of splits) {
    const s = r.split!;
    console.log(
      `${r.backend.padEnd(12)}${fmt(s.matmulMsPerStep, 1).padStart(10)}${pct(s.matmulShare).padStart(8)}` +
        `${fmt(s.sgemmMsPerStep, 1).padStart(10)}${pct(s.ceilingShare).padStart(15)}` +
        `${fmt(s.sgemmGflops, 1).padStart(14)}${fmt(s.sgemm256Gflops, 1).padStart(18)}`,
    );
  }
}
if (twoProcesses) {
  const one = rows.find((r) => r.backend === 'all, 2 thr');
  console.log(
    `\nThread layout, all levers: two 1-thread processes side by side ${twoProcesses.imagesPerSecond.toFixed(0)} images/s ` +
      `(${twoProcesses.processes.map((r) => fmt(r.msPerStep, 1)).join(' and ')} ms/step); one 2-thread process ${fmt(one?.imagesPerSecond, 0)} images/s`,
  );
}
if (values.json) writeFileSync(values.json, JSON.stringify({ core: coreLine(), rows, twoProcesses }, null, 2) + '\n');
