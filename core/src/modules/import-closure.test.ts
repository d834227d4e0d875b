import { describe, expect, it } from 'vitest';
import { importClosure, joinRelative, type ClosureFiles } from './import-closure.ts';

/** A file system in a map: the closure is pure, so this is the real function on real text. */
function filesOf(tree: Record<string, string>): ClosureFiles {
  return {
    read: (file) => tree[file]!,
    isFile: (file) => file in tree,
    resolvePackage: (_from, specifier) => `/repo/core/src/${specifier.replace('@bounded-rationality/core/', '')}`,
  };
}

describe('importClosure', () => {
  it('follows local imports with a ?raw or ?url suffix, workspace packages and assets, and nothing else', () => {
    const files = filesOf({
      '/repo/a.ts':
        "import src from './b.ts?raw';\nimport { x } from '@bounded-rationality/core/x.ts';\n" +
        "import type { T } from './types.ts';\nimport lodash from 'lodash';\n" +
        "const wasm = new URL('./k.wat', import.meta.url);\nexport * from '../repo/lib';\n",
      '/repo/b.ts': "import './a.ts';\n",
      '/repo/core/src/x.ts': "export const lazy = () => import('./y.ts?url');\n",
      '/repo/core/src/y.ts': '',
      '/repo/k.wat': "(module) import './not-followed.ts'",
      '/repo/lib/index.ts': '',
      '/repo/types.ts': '',
    });
    expect(importClosure('/repo/a.ts', files)).toEqual([
      '/repo/a.ts',
      '/repo/b.ts',
      '/repo/core/src/x.ts',
      '/repo/core/src/y.ts',
      '/repo/k.wat',
      '/repo/lib/index.ts',
    ]);
  });

  it('names the importer and the specifier of a local import that does not exist', () => {
    const files = filesOf({ '/repo/a.ts': "import { gone } from './gone.ts?raw';\n" });
    expect(() => importClosure('/repo/a.ts', files)).toThrow('/repo/a.ts imports ./gone.ts, which does not exist');
  });
});

describe('joinRelative', () => {
  it('resolves against the importing file’s folder', () => {
    expect(joinRelative('/repo/site/lib/a.ts', './b.ts')).toBe('/repo/site/lib/b.ts');
    expect(joinRelative('/repo/site/lib/a.ts', '../../c/./d.ts')).toBe('/repo/c/d.ts');
  });
});
