/**
 * Atomic file writes for what the site writes at build and run time (link-preview cards, the mail
 * outbox) and what the post scaffold writes: folders are created as needed, and the file is
 * written under a hidden temporary name in the same folder and renamed over the target, so that a
 * reader (a build, the dev server, a mail drop) sees the old file or the new one, never half of one.
 * (The training package has its own, asynchronous one: the two halves never import each other.)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeAtomic(path: string, contents: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    writeFileSync(temp, contents);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
