/**
 * A folder of files named by content hash, for what the build can make once and read back while
 * its inputs stay the same (link-preview cards, compiled posts). Writes go to a temporary file
 * that is then renamed, so a build that stops mid-write (or a second build writing the same entry)
 * never leaves a truncated file under a key.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './write-atomic.ts';

/** SHA-256 over the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ. */
export function contentKey(parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex');
}

/**
 * The bytes stored at `path`, or undefined when there are none. An empty file (which writeAtomic
 * never leaves) counts as missing. A hit renews the file's modification time, which is what
 * pruneUnused goes by.
 */
export function readCached(path: string): Buffer | undefined {
  try {
    const data = readFileSync(path);
    if (data.length === 0) return undefined;
    const now = new Date();
    utimesSync(path, now, now);
    return data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

/** The file stored under `name` in `dir`, or what `produce` makes, stored first. `hit` says which. */
export async function cachedFile(
  dir: string,
  name: string,
  produce: () => Promise<Uint8Array> | Uint8Array,
): Promise<{ data: Buffer; hit: boolean; path: string }> {
  const path = join(dir, name);
  const stored = readCached(path);
  if (stored) return { data: stored, hit: true, path };
  const data = Buffer.from(await produce());
  writeAtomic(path, data);
  return { data, hit: false, path };
}

/**
 * Deletes the files of `dir` (not its folders) unused for `maxAgeMs`: every entry made for another
 * SITE_URL (each e2e run has its own port) or an edited post stays otherwise.
 * Returns how many it deleted.
 */
export function pruneUnused(dir: string, maxAgeMs: number, now: number = Date.now()): number {
  let deleted = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile() && now - stat.mtimeMs > maxAgeMs) {
      rmSync(path, { force: true });
      deleted += 1;
    }
  }
  return deleted;
}

/** How long an entry of the build's caches may go unused before it is deleted. */
const MAX_UNUSED_MS = 14 * 24 * 3600_000;
const pruned = new Set<string>();

/** pruneUnused with MAX_UNUSED_MS, the first time this process asks it of `dir`. */
export function pruneUnusedOnce(dir: string): void {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  pruneUnused(dir, MAX_UNUSED_MS);
}
