/**
 * What an experiment is: named profiles of a plain config, the data it reads, the folder its
 * outputs belong to, and a run that trains, evaluates, exports and draws. The runner gives the run
 * its data and its output paths, so the cache key and what the run reads cannot drift apart.
 */
import type { Artifacts } from '../artifacts.ts';
import type { DatasetName, Splits } from '../data/index.ts';
import type { Progress } from '../train/progress.ts';

export const profileNames = ['smoke', 'full'] as const;
export type ProfileName = (typeof profileNames)[number];

/** Recorded in every artifact's metadata. */
export interface RunMetadata {
  experiment: string;
  profile: ProfileName;
  dataset: string;
  backend: string;
  backendVersion: string;
  /** The native BLAS behind the wasm backend's matrix products, or "none (why)". */
  blas: string;
  /** The fused wasm kernels in use (runtime/kernels/), or "none". */
  fused: string;
  /** The GPU adapter of a webgpu run (runtime/webgpu.ts#describeAdapter); absent on the CPU. */
  adapter?: string;
  commit: string;
  command: string;
}

export interface ExperimentContext<C> {
  config: C;
  metadata: RunMetadata;
  /** The splits of `experiment.dataset`, loaded once; an error for an experiment that declares none. */
  data(): Splits;
  /** Where this run's outputs go. */
  out: Artifacts;
  /** The outputs of an experiment named in `after`, to read. */
  upstream(name: string): Artifacts;
  /** Folder for this run's checkpoints (never committed). */
  checkpointDir: string;
  /** The run's cache key: a checkpoint made under another key is not resumed. */
  runKey: string;
  progress: Progress;
}

export interface Experiment<C> {
  name: string;
  /** One line on what the experiment does. */
  description: string;
  /** `import.meta.url` of the experiment module: its import closure is part of the cache key. */
  module: string;
  /** The folder of the post (or page) that uses the outputs, relative to the artifact root. */
  home: string;
  /** The data the run is given; its fingerprint is part of the cache key. None for a summary. */
  dataset?: DatasetName;
  /**
   * Experiments whose outputs this one reads (a summary over several runs): they run first, and
   * their recorded outputs are part of this one's cache key.
   */
  after?: readonly string[];
  profiles: Record<ProfileName, C>;
  /** Train, evaluate, export and draw; returns the written paths, relative to the artifact root. */
  run(ctx: ExperimentContext<C>): Promise<string[]>;
}
