/**
 * Content hashes for the artifact cache. An experiment's code is the closure of the local modules
 * it imports (relative imports, and imports of the workspace's own packages such as
 * `@bounded-rationality/core/…`), so an edit to a shared helper invalidates every experiment that
 * uses it, while an edit elsewhere invalidates nothing. Type-only imports are not followed (they run nothing), and
 * files a module loads by a URL relative to itself (`new URL('./kernels.wat', import.meta.url)`)
 * are part of it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A local module: a relative path, or a file of one of the workspace's packages. */
const local = String.raw`\.{1,2}\/[^'"]+|@bounded-rationality\/[^'"]+`;
const importPattern = new RegExp(
  String.raw`(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s*['"](${local})['"]|import\(\s*['"](${local})['"]\s*\)` +
    // A bare import, run for its side effects.
    String.raw`|(?:^|\n)\s*import\s*['"](${local})['"]`,
  'g',
);
/** Files read at run time by a URL relative to the module; their content counts, they import nothing. */
const assetPattern = /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

function resolveLocal(from: string, specifier: string): string {
  // A workspace package resolves through its `exports` to a file of the repository (the link in
  // node_modules is followed), whose content then counts like any local module's.
  if (!specifier.startsWith('.')) return createRequire(from).resolve(specifier);
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  throw new Error(`${from} imports ${specifier}, which does not exist`);
}

/** The entry module and every local module it imports, transitively; sorted absolute paths. */
export function sourceClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.ts')) return;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importPattern)) visit(resolveLocal(file, (m[1] ?? m[2] ?? m[3])!));
    for (const m of text.matchAll(assetPattern)) {
      const asset = resolve(dirname(file), m[1]!);
      if (statSync(asset, { throwIfNoEntry: false })?.isFile()) visit(asset);
    }
  };
  visit(resolve(entry));
  return [...seen].sort();
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
