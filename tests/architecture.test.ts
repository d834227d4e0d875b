/**
 * The boundaries of docs/ARCHITECTURE.md, checked over the files as they are: the site and the
 * training code never import each other (statically or dynamically), and core/ imports neither
 * half nor a runtime. The lint rule (eslint.config.js) reports the same at the line; this test also
 * covers dynamic imports, which the rule does not see, and shows that the rule fires.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /^(core|site|training)\/.*\.(ts|tsx|astro|mjs|js)$/.test(f));

/** Every module specifier in a file: `from '…'`, `import '…'`, `import('…')`, `export … from '…'`. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The top folder an import lands in: 'core', 'site', 'training', or the bare package name. */
function destination(file: string, specifier: string): string {
  if (specifier.startsWith('.')) return normalize(join(dirname(file), specifier)).split('/')[0]!;
  const core = '@bounded-rationality/core';
  if (specifier === core || specifier.startsWith(`${core}/`)) return 'core';
  if (specifier.startsWith('@bounded-rationality/training')) return 'training';
  return specifier;
}

const forbidden: Record<string, (to: string) => boolean> = {
  site: (to) => to === 'training',
  training: (to) => to === 'site',
  core: (to) =>
    to === 'site' ||
    to === 'training' ||
    /^(node:|@tensorflow\/|onnxruntime-|preact|astro)/.test(to) ||
    // A bare Node built-in without the node: prefix.
    ['fs', 'path', 'url', 'os', 'child_process', 'crypto', 'worker_threads'].includes(to.split('/')[0]!),
};

describe('import boundaries', () => {
  it('finds the files it checks', () => {
    for (const half of ['core', 'site', 'training']) expect(tracked.some((f) => f.startsWith(`${half}/`))).toBe(true);
  });

  it('no import crosses between site/ and training/, and core/ imports neither nor a runtime', () => {
    const crossings: string[] = [];
    for (const file of tracked) {
      const half = file.split('/')[0]!;
      // core's tests run under Node and may read fixtures with it.
      if (half === 'core' && file.endsWith('.test.ts')) continue;
      for (const s of specifiers(readFileSync(join(root, file), 'utf8'))) {
        if (forbidden[half]!(destination(file, s))) crossings.push(`${file} imports ${s}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('the scanner sees static, dynamic and re-export imports (so the check above can fail)', () => {
    const planted =
      "import a from '../../training/src/x.ts';\nconst b = await import('../../training/y.ts');\nexport { c } from \"../../training/z.ts\";";
    expect(specifiers(planted).map((s) => destination('site/lib/m.ts', s))).toEqual([
      'training',
      'training',
      'training',
    ]);
    expect(forbidden.core!(destination('core/src/a.ts', 'node:fs'))).toBe(true);
    expect(forbidden.core!(destination('core/src/a.ts', './b.ts'))).toBe(false);
  });

  it('the lint rule reports a cross import at its line', async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (filePath: string, code: string) =>
      (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);
    expect(
      await lint('site/lib/planted.ts', "import { a } from '../../training/src/a.ts';\nexport const b = a;\n"),
    ).toEqual(['no-restricted-imports']);
    expect(
      await lint('training/src/planted.ts', "import { a } from '../../site/lib/a.ts';\nexport const b = a;\n"),
    ).toEqual(['no-restricted-imports']);
    expect(await lint('core/src/planted.ts', "import { a } from 'node:fs';\nexport const b = a;\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(
      await lint(
        'site/lib/planted.ts',
        "import { a } from '@bounded-rationality/core/text/xml.ts';\nexport const b = a;\n",
      ),
    ).toEqual([]);
  }, 60_000);
});
