/**
 * Runs experiments like a build system: each one is skipped when its manifest entry is fresh,
 * and otherwise trained, evaluated and exported, its outputs hashed into a new entry.
 */
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hashInputs, sourceClosure } from './cache/hash.ts';
import { describeOutputs, freshness, manifestPath, readEntry, writeEntry, type Freshness } from './cache/manifest.ts';
import { Artifacts } from './artifacts.ts';
import { datasetFingerprint, loadDataset, type Splits } from './data/index.ts';
import { findExperiment } from './experiments/index.ts';
import { describeBlas, describeFused, type BackendInfo } from './runtime/backend.ts';
import { describeAdapter, type AdapterDescription } from './runtime/webgpu.ts';
import { gitCommit } from './runtime/provenance.ts';
import type { Progress } from './train/progress.ts';
import type { Experiment, ProfileName } from './experiments/types.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const backendModule = fileURLToPath(new URL('./runtime/backend.ts', import.meta.url));
const dataModule = fileURLToPath(new URL('./data/index.ts', import.meta.url));

export interface RunOptions {
  profile: ProfileName;
  backend: BackendInfo;
  /** The GPU a webgpu run computes on. */
  adapter?: AdapterDescription;
  /** Artifact root; the repository root for `full`. */
  root: string;
  /** Retrain even when fresh. */
  force: boolean;
  progress: Progress;
  command: string;
}

export type Outcome = 'fresh' | 'trained';

/** Whether code computes with TensorFlow.js (and so with the backend the CLI starts for it). */
const usesTensorFlow = (files: string[]) =>
  files.some((f) => f.endsWith('.ts') && /from\s*['"]@tensorflow\//.test(readFileSync(f, 'utf8')));

/**
 * The files an experiment's results depend on: its import closure, the data loader if it reads
 * data, and the backend if it computes with TensorFlow.js. The runner loads the data and the CLI
 * starts the backend, so neither is imported by the experiment; a summary that only reads JSON and
 * draws is keyed on neither.
 */
export function experimentSources(experiment: Pick<Experiment<unknown>, 'module' | 'dataset'>): string[] {
  const own = sourceClosure(fileURLToPath(experiment.module));
  const files = [
    ...own,
    ...(experiment.dataset ? sourceClosure(dataModule) : []),
    ...(usesTensorFlow(own) ? sourceClosure(backendModule) : []),
  ];
  return [...new Set(files)].sort();
}

/**
 * The cache key of an experiment: its sources, config, profile and data, and the recorded outputs
 * of the experiments it reads (so a summary is redone when a run it summarises changes).
 */
export function inputHash<C>(experiment: Experiment<C>, profile: ProfileName, root: string): string {
  const files = experimentSources(experiment);
  const upstream = (experiment.after ?? []).map((name) => {
    const entry = readEntry(manifestPath(root, name, profile));
    if (!entry) throw new Error(`${experiment.name} reads the outputs of ${name}, which has not run (${profile}).`);
    return { name, outputs: entry.outputs };
  });
  return hashInputs(repoRoot, files, {
    experiment: experiment.name,
    profile,
    config: experiment.profiles[profile],
    ...(experiment.dataset ? { data: datasetFingerprint(experiment.dataset) } : {}),
    ...(upstream.length ? { upstream } : {}),
  });
}

function size(root: string, paths: string[]): string {
  const bytes = paths.reduce((n, p) => n + (statSync(join(root, p), { throwIfNoEntry: false })?.size ?? 0), 0);
  return bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/**
 * Whether an experiment's recorded outputs are what its inputs would produce now, and the line
 * that says so. Cheap (hashes, no backend), so the CLI asks it before starting any process.
 */
export function upToDate<C>(
  experiment: Experiment<C>,
  profile: ProfileName,
  root: string,
): { hash: string; state: Freshness; line?: string } {
  const hash = inputHash(experiment, profile, root);
  const entry = readEntry(manifestPath(root, experiment.name, profile));
  const state = freshness(entry, hash, root);
  if (state.state !== 'fresh') return { hash, state };
  const outputs = Object.keys(entry!.outputs);
  const line = `${experiment.name} (${profile}): fresh, ${outputs.length} files, ${size(root, outputs)}, trained ${entry!.finishedAt} in ${Math.round(entry!.seconds)} s`;
  return { hash, state, line };
}

export async function runExperiment<C>(experiment: Experiment<C>, options: RunOptions): Promise<Outcome> {
  const { profile, root, progress } = options;
  const entryPath = manifestPath(root, experiment.name, profile);
  const { hash, state, line } = upToDate(experiment, profile, root);
  if (line && !options.force) {
    progress.log(line);
    return 'fresh';
  }
  const why = options.force ? 'forced' : state.state === 'stale' ? `stale (${state.reason})` : 'missing';
  progress.log(`${experiment.name} (${profile}): ${why}; running on ${options.backend.name}`);
  const checkpointDir = join(root, 'training', '.checkpoints', experiment.name, profile);
  if (options.force) await rm(checkpointDir, { recursive: true, force: true });
  const started = performance.now();
  let splits: Splits | undefined;
  const { dataset } = experiment;
  const written = await experiment.run({
    config: experiment.profiles[profile],
    data: () => {
      if (!dataset) throw new Error(`${experiment.name} reads data but declares no dataset.`);
      return (splits ??= loadDataset(dataset));
    },
    out: new Artifacts(root, experiment.home, experiment.name),
    upstream: (name) => {
      if (!experiment.after?.includes(name)) {
        throw new Error(
          `${experiment.name} reads ${name}'s outputs: list it in "after" (it is part of the cache key).`,
        );
      }
      return new Artifacts(root, findExperiment(name).home, name);
    },
    metadata: {
      experiment: experiment.name,
      profile,
      dataset: dataset ?? 'none',
      backend: options.backend.name,
      backendVersion: `${options.backend.package}@${options.backend.version}`,
      blas: describeBlas(options.backend),
      fused: describeFused(options.backend),
      ...(options.adapter ? { adapter: describeAdapter(options.adapter) } : {}),
      commit: gitCommit(repoRoot),
      command: options.command,
    },
    checkpointDir,
    runKey: hash,
    progress,
  });
  // The run is complete and its outputs recorded below: its checkpoints have served.
  const seconds = (performance.now() - started) / 1000;
  await writeEntry(entryPath, {
    experiment: experiment.name,
    profile,
    inputHash: hash,
    outputs: describeOutputs(root, written),
    finishedAt: new Date().toISOString(),
    seconds,
  });
  await rm(checkpointDir, { recursive: true, force: true });
  progress.log(
    `${experiment.name} (${profile}): done in ${seconds.toFixed(0)} s, wrote ${written.length} files (${size(root, written)}) under ${relative(repoRoot, root) || '.'}`,
  );
  return 'trained';
}
