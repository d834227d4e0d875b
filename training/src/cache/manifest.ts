/**
 * The artifacts manifest: for each experiment and profile, one small JSON file recording the hash
 * of everything that went in (code, config, data, profile) and the hash of every file that came
 * out. An entry is fresh when the inputs hash the same and every output is still there, unchanged.
 * One file per entry lets experiments run in parallel processes without sharing a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './hash.ts';
import { writeAtomic } from '../runtime/write-atomic.ts';

export interface ManifestEntry {
  experiment: string;
  profile: string;
  inputHash: string;
  /** Output path (relative to the artifact root) → sha256 of its content. */
  outputs: Record<string, string>;
  finishedAt: string;
  seconds: number;
}

export type Freshness = { state: 'fresh' } | { state: 'missing' } | { state: 'stale'; reason: string };

/** Where the entry for an experiment and profile lives under an artifact root. */
export function manifestPath(root: string, experiment: string, profile: string): string {
  return join(root, 'training', 'manifest', `${experiment}.${profile}.json`);
}

/** The recorded entry, or undefined if there is none. */
export function readEntry(path: string): ManifestEntry | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as ManifestEntry;
    if (typeof entry.inputHash !== 'string' || typeof entry.outputs !== 'object') throw new Error('unknown layout');
    return entry;
  } catch (error) {
    throw new Error(
      `The manifest entry ${path} cannot be read (${(error as Error).message}). ` +
        'Restore it from git, or delete it to retrain that experiment.',
      { cause: error },
    );
  }
}

export async function writeEntry(path: string, entry: ManifestEntry): Promise<void> {
  await writeAtomic(path, JSON.stringify(entry, null, 2) + '\n');
}

/** Whether the recorded outputs of an entry are still what the inputs would produce. */
export function freshness(entry: ManifestEntry | undefined, inputHash: string, root: string): Freshness {
  if (!entry) return { state: 'missing' };
  if (entry.inputHash !== inputHash) return { state: 'stale', reason: 'code, config or data changed' };
  for (const [path, hash] of Object.entries(entry.outputs)) {
    const file = join(root, path);
    if (!existsSync(file)) return { state: 'stale', reason: `${path} is missing` };
    if (sha256(readFileSync(file)) !== hash) return { state: 'stale', reason: `${path} was changed by hand` };
  }
  return { state: 'fresh' };
}

/** Hash the outputs of a finished run for its manifest entry. */
export function describeOutputs(root: string, paths: string[]): Record<string, string> {
  return Object.fromEntries([...paths].sort().map((p) => [p, sha256(readFileSync(join(root, p)))]));
}
