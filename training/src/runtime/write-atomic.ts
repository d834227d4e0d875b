/**
 * Atomic file writes for everything training produces (figures, models, results, checkpoints,
 * manifest entries): folders are created as needed, and each file is written to a temporary name in
 * the same folder and renamed over the target, so that a reader (the dev server, a build, git, a
 * resumed run) sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `contents` (a string as UTF-8) to `path` atomically, creating missing folders. */
export async function writeAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // Hidden and unique, so that concurrent writers and file watchers leave it alone.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, contents);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
