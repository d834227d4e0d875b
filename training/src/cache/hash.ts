/**
 * Content hashes for the artifact cache. An experiment's code is the closure of the local modules
 * it imports (core/modules/import-closure.ts), so an edit to a shared helper invalidates every
 * experiment that uses it, while an edit elsewhere invalidates nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { importClosure, type ClosureFiles } from '@bounded-rationality/core/modules/import-closure.ts';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The file system, for the closure. */
const files: ClosureFiles = {
  read: (file) => readFileSync(file, 'utf8'),
  isFile: (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
  // A workspace package resolves through its `exports` to a file of the repository (the link in
  // node_modules is followed), whose content then counts like any local module's.
  resolvePackage: (from, specifier) => createRequire(from).resolve(specifier),
};

/** The entry module and every local module it imports, transitively; sorted absolute paths. */
export function sourceClosure(entry: string): string[] {
  return importClosure(resolve(entry), files);
}

/** One hash over files (by path relative to `root`, and content) and any extra named values. */
export function hashInputs(root: string, files: string[], values: Record<string, unknown>): string {
  const h = createHash('sha256');
  for (const file of [...files].sort()) {
    h.update(`file ${relative(root, file)}\n`);
    h.update(readFileSync(file));
    h.update('\n');
  }
  for (const key of Object.keys(values).sort()) h.update(`value ${key}=${JSON.stringify(values[key])}\n`);
  return h.digest('hex');
}
