/** Writing figures under the artifact root, atomically (see runtime/write-atomic.ts). */
import { isAbsolute, join } from 'node:path';
import { writeAtomic } from '../runtime/write-atomic.ts';

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
