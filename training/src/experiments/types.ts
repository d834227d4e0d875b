/**
 * What an experiment is: named profiles of a plain config, and a run that trains, evaluates,
 * exports and draws, writing its files under the artifact root.
 */
import type { BackendInfo } from '../runtime/backend.ts';
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
  commit: string;
  command: string;
}

export interface ExperimentContext<C> {
  profile: ProfileName;
  config: C;
  backend: BackendInfo;
  metadata: RunMetadata;
  /** Folder the artifact paths are relative to (the repository root for `full`). */
  root: string;
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
  /** Names the data the experiment reads, for the cache key. */
  dataset: string;
  /**
   * Experiments whose outputs this one reads (a summary over several runs): they run first, and
   * their recorded outputs are part of this one's cache key.
   */
  after?: readonly string[];
  profiles: Record<ProfileName, C>;
  /** Train, evaluate, export and draw; returns the written paths, relative to `ctx.root`. */
  run(ctx: ExperimentContext<C>): Promise<string[]>;
}

/** Where an experiment writes, relative to the artifact root. */
export function artifactPaths(slug: string) {
  return {
    figures: `content/posts/${slug}/figures`,
    results: `content/posts/${slug}/results.json`,
    models: `content/posts/${slug}/models`,
  };
}
