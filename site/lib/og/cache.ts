/**
 * A folder of files named by content hash: a card whose inputs did not change is read back, not
 * rendered again. Writes go to a temporary file that is then renamed, so a build that stops
 * mid-write (or a second build writing the same card) never leaves a truncated file under a key.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../write-atomic.ts';

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
 * The file stored under `name` in `dir`, or what `produce` makes, stored first. `hit` says which.
 * An empty file (which writeAtomic never leaves) counts as missing. A hit renews the file's
 * modification time, which is what pruneUnused goes by.
 */
export async function cachedFile(
  dir: string,
  name: string,
  produce: () => Promise<Uint8Array> | Uint8Array,
): Promise<{ data: Buffer; hit: boolean; path: string }> {
  const path = join(dir, name);
  try {
    const data = readFileSync(path);
    if (data.length > 0) {
      const now = new Date();
      utimesSync(path, now, now);
      return { data, hit: true, path };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const data = Buffer.from(await produce());
  writeAtomic(path, data);
  return { data, hit: false, path };
}

/**
 * Deletes the files of `dir` (not its folders) unused for `maxAgeMs`: every card of a build made
 * for another SITE_URL (each e2e run has its own port) or of an edited post stays otherwise.
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
