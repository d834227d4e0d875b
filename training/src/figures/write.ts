/**
 * Writing figures: folders created as needed, and every file written to a temporary name in the same
 * folder and then renamed over the target, so that a reader (the dev server, a build, git) sees the
 * old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';

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

/**
 * Writes a figure to `path`, relative to the artifact root `root` (for example
 * `content/posts/<slug>/figures/vae-z2.samples.png`), atomically.
 *
 * @returns `path`, as recorded in the artifact manifest.
 * @throws if `path` is absolute or climbs out of `root` with `..`.
 */
export async function writeFigure(root: string, path: string, contents: string | Uint8Array): Promise<string> {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw new Error(`writeFigure: ${JSON.stringify(path)} must be a path inside the artifact root, without "..".`);
  }
  await writeAtomic(join(root, path), contents);
  return path;
}
