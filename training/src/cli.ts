/**
 * npm run train -- [experiment…] [--profile smoke|full] [--backend wasm|cpu|webgpu|tensorflow]
 *                  [--force] [--jobs N] [--out DIR] [--list]
 *
 * Runs the named experiments (by default all, but for `full` none whose post does not exist yet:
 * experiments/selection.ts), skipping those whose artifacts are up to date.
 * `full` writes into the repository (models, figures, results, committed); other profiles write
 * under training/.out/<profile>/ unless --out says otherwise. With more than one experiment to
 * run, each runs in its own process, `--jobs` at a time (default: one per core).
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { experiments, findExperiment } from './experiments/index.ts';
import { profileNames, type ProfileName } from './experiments/types.ts';
import { defaultSelection } from './experiments/selection.ts';
import { describeBlas, describeFused, initBackend, parseBackendName } from './runtime/backend.ts';
import { describeAdapter, installWebGpu } from './runtime/webgpu.ts';
import { setupBlas } from './runtime/blas-setup.ts';
import { defaultProgress } from './train/progress.ts';
import { repoRoot, runExperiment, upToDate } from './runner.ts';
import { childProcessRunner, runScheduled, withUpstream } from './schedule.ts';

const usage = `Usage: npm run train -- [experiment…] [--profile smoke|full] [--backend wasm|cpu|webgpu|tensorflow] [--force] [--jobs N] [--out DIR] [--list]`;

const command = (argv: string[]) => `npm run train -- ${argv.join(' ')}`.trim();

function parseProfile(value: string): ProfileName {
  if ((profileNames as readonly string[]).includes(value)) return value as ProfileName;
  throw new Error(`Unknown profile "${value}": choose one of ${profileNames.join(', ')}.`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: 'full' },
      backend: { type: 'string', default: 'wasm' },
      force: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      out: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.list) {
    for (const e of experiments) console.log(`${e.name.padEnd(16)} ${e.description}`);
    return 0;
  }
  const profile = parseProfile(values.profile);
  const backendName = parseBackendName(values.backend);
  const root = resolve(values.out ?? (profile === 'full' ? repoRoot : join(repoRoot, 'training', '.out', profile)));
  let named = positionals.map(findExperiment);
  if (!positionals.length) {
    const { selected, waiting } = defaultSelection(experiments, profile, repoRoot);
    for (const home of new Set(waiting.map((e) => e.home))) {
      const names = waiting.filter((e) => e.home === home).map((e) => e.name);
      console.error(
        `Not run: ${names.length} experiments for ${home}, which has no published post yet (name them to train them).`,
      );
    }
    named = selected;
  }
  const selected = withUpstream(named);
  // What is up to date is said here, before any process or backend starts: a build whose
  // training is all cached should cost hashes, not a TensorFlow.js start per experiment. An
  // experiment downstream of one that will run is left to its own run, which checks it afterwards.
  const pending: typeof selected = [];
  for (const e of selected) {
    const line =
      values.force || (e.after ?? []).some((n) => pending.some((p) => p.name === n))
        ? undefined
        : upToDate<unknown>(e, profile, root).line;
    if (line) console.error(line);
    else pending.push(e);
  }
  if (!pending.length) return 0;
  const jobs = Math.max(1, Number(values.jobs ?? availableParallelism()));
  if (!Number.isInteger(jobs)) throw new Error(`--jobs must be a whole number, got ${values.jobs}`);

  if (pending.length > 1 && jobs > 1) {
    // The OpenBLAS core is chosen here, once, and inherited through OPENBLAS_CORETYPE; each process
    // checks its own library's products when it loads it.
    if (backendName === 'wasm') {
      const { line } = setupBlas(process.env, { load: false });
      if (line) console.error(`${line}, for every training process`);
    }
    const args = ['--profile', profile, '--backend', backendName, '--out', root, '--jobs', '1'];
    const failed = await runScheduled({
      experiments: pending,
      jobs,
      done: selected.filter((e) => !pending.includes(e)).map((e) => e.name),
      runOne: childProcessRunner(process.argv[1]!, [...args, ...(values.force ? ['--force'] : [])], {
        ...process.env,
        BR_PROGRESS: 'lines',
        // The artifacts record the command the person typed, not this internal one.
        BR_COMMAND: command(argv),
      }),
      skipped: (name, upstream) => console.error(`${name}: skipped, because ${upstream.join(', ')} failed.`),
    });
    return failed.size ? 1 : 0;
  }

  // Before initBackend loads the library: the core is fixed at that load, for the whole process.
  const setup = backendName === 'wasm' ? setupBlas() : undefined;
  // Dawn and the adapter before the webgpu backend is imported (runtime/webgpu.ts says why).
  const adapter = backendName === 'webgpu' ? await installWebGpu() : undefined;
  const backend = await initBackend(backendName);
  const progress = defaultProgress();
  if (adapter) progress.log(`WebGPU adapter: ${describeAdapter(adapter)}`);
  if (backend.name === 'wasm') {
    progress.log(`BLAS for matrix products: ${describeBlas(backend)}`);
    progress.log(`Fused kernels: ${describeFused(backend)}`);
    if (setup?.line) progress.log(setup.line);
  }
  for (const experiment of pending) {
    // Each experiment has its own config type; the runner only passes configs through.
    await runExperiment<unknown>(experiment, {
      profile,
      backend,
      ...(adapter ? { adapter } : {}),
      root,
      force: values.force,
      progress,
      command: process.env.BR_COMMAND ?? command(argv),
    });
  }
  return 0;
}

process.on('SIGINT', () => {
  process.stderr.write('\nInterrupted. Finished epochs are checkpointed; run the same command to resume.\n');
  process.exit(130);
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
