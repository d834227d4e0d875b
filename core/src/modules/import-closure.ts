/**
 * The local modules a module runs, transitively: what a cache key has to cover so that an edit to
 * any helper invalidates what uses it, and an edit elsewhere invalidates nothing. Local means a
 * relative import or one of the workspace's own packages (`@bounded-rationality/…`); other
 * packages are pinned by the lockfile. Type-only imports are not followed (they run nothing);
 * a `?raw`/`?url` suffix is dropped (the file's content counts either way); files a module loads
 * by a URL relative to itself (`new URL('./kernels.wat', import.meta.url)`) count, and import
 * nothing. Pure: the caller brings the file system (the training cache and the site's compile
 * cache both use this, and neither may import the other).
 */

export interface ClosureFiles {
  /** The text of a module. */
  read(file: string): string;
  /** Whether `file` is a file. */
  isFile(file: string): boolean;
  /** The file a workspace package specifier names, as Node resolves it from `from`. */
  resolvePackage(from: string, specifier: string): string;
}

const local = String.raw`\.{1,2}\/[^'"?]+|@bounded-rationality\/[^'"?]+`;
const query = String.raw`(?:\?[^'"]*)?`;
const importPattern = new RegExp(
  String.raw`(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s*['"](${local})${query}['"]` +
    String.raw`|import\(\s*['"](${local})${query}['"]\s*\)` +
    // A bare import, run for its side effects.
    String.raw`|(?:^|\n)\s*import\s*['"](${local})${query}['"]`,
  'g',
);
const assetPattern = /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

/** `specifier` (relative) against the folder of the absolute POSIX path `from`. */
export function joinRelative(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function resolveLocal(files: ClosureFiles, from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return files.resolvePackage(from, specifier);
  const base = joinRelative(from, specifier);
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (files.isFile(candidate)) return candidate;
  }
  throw new Error(`${from} imports ${specifier}, which does not exist`);
}

/** The entry module (an absolute path) and every local module it imports, transitively; sorted. */
export function importClosure(entry: string, files: ClosureFiles): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.ts')) return;
    const text = files.read(file);
    for (const m of text.matchAll(importPattern)) visit(resolveLocal(files, file, (m[1] ?? m[2] ?? m[3])!));
    for (const m of text.matchAll(assetPattern)) {
      const asset = joinRelative(file, m[1]!);
      if (files.isFile(asset)) visit(asset);
    }
  };
  visit(entry);
  return [...seen].sort();
}
