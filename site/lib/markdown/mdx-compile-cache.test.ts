import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@mdx-js/mdx';
import { cachedTransform, compileSalt, reachableSources, type CompiledPost } from './mdx-compile-cache.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'br-mdx-cache-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('reachableSources', () => {
  const files = {
    'config.ts':
      "import {\n  a,\n  b,\n} from './lib/a.ts';\nimport pkg from 'some-package';\nimport './side-effect.ts';\n",
    'lib/a.ts':
      "import type { T } from '../types.ts';\nimport raw from './b.ts?raw';\nexport const c = () => import('./c.ts');\nimport data from './data.json';\n",
    'lib/b.ts': "import { a } from './a.ts';\n",
    'lib/c.ts': 'export {};\n',
    'lib/data.json': '{"import": "./not-followed.ts"}',
    'side-effect.ts': '',
    'types.ts': '',
    'unreached.ts': '',
    'package-lock.json': '{}',
  };

  it('follows static, multi-line, dynamic and ?raw imports, through cycles, but not type-only ones', () => {
    const dir = tree(files);
    expect(reachableSources(dir, 'config.ts')).toEqual([
      'config.ts',
      'lib/a.ts',
      'lib/b.ts',
      'lib/c.ts',
      'lib/data.json',
      'side-effect.ts',
    ]);
  });

  it("reaches this site's remark and rehype plugins and what they import from the Astro config", () => {
    const reached = reachableSources(repo, 'astro.config.ts');
    for (const file of [
      'site/lib/markdown/rehype-math.ts',
      'site/lib/markdown/katex-options.ts',
      'site/lib/markdown/remark-cross-refs.ts',
      'site/lib/markdown/remark-teaser.ts',
      'site/lib/errors.ts',
      'site/config.ts',
    ]) {
      expect(reached).toContain(file);
    }
  });

  it('makes a salt that changes with a reached file, the lockfile and the mode, and not with anything else', () => {
    const dir = tree(files);
    const salt = () => compileSalt(dir, 'config.ts', 'build');
    const first = salt();
    writeFileSync(join(dir, 'unreached.ts'), 'export const changed = 1;\n');
    expect(salt()).toBe(first);
    expect(compileSalt(dir, 'config.ts', 'dev')).not.toBe(first);
    writeFileSync(join(dir, 'lib', 'c.ts'), 'export const changed = 1;\n');
    const second = salt();
    expect(second).not.toBe(first);
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}');
    expect(salt()).not.toBe(second);
  });
});

describe('cachedTransform', () => {
  // The real MDX compiler as the transform, counting its calls.
  function compiler() {
    const calls: string[] = [];
    const transform = async (code: string, id: string): Promise<CompiledPost> => {
      calls.push(id);
      return { code: String(await compile(code)), map: null, meta: { id } };
    };
    return { calls, transform };
  }
  const post = '# Title\n\nSome *text*.\n';

  it('compiles a post once, then reads the same output back, for the same salt, id and source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-mdx-cache-'));
    const { calls, transform } = compiler();
    const counts = { compiled: 0, cached: 0 };
    const cached = cachedTransform(transform, dir, 'salt', counts);
    const first = await cached(post, '/posts/a.mdx');
    expect(first.code).toContain('Title');
    expect(await cached(post, '/posts/a.mdx')).toEqual(first);
    expect(calls).toEqual(['/posts/a.mdx']);
    expect(counts).toEqual({ compiled: 1, cached: 1 });

    // Each of the key's parts compiles anew.
    expect((await cached(`${post}More.\n`, '/posts/a.mdx')).code).toContain('More.');
    expect((await cached(post, '/posts/b.mdx')).meta).toEqual({ id: '/posts/b.mdx' });
    await cachedTransform(transform, dir, 'another salt', counts)(post, '/posts/a.mdx');
    expect(calls).toHaveLength(4);
    expect(counts).toEqual({ compiled: 4, cached: 1 });
  });

  it('compiles again over a damaged entry and repairs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-mdx-cache-'));
    const { calls, transform } = compiler();
    const counts = { compiled: 0, cached: 0 };
    const cached = cachedTransform(transform, dir, 'salt', counts);
    const first = await cached(post, '/posts/a.mdx');
    const [entry] = readdirSync(dir);
    for (const damage of ['{"code": "export default', '{"code": 42, "map": null}', 'null']) {
      writeFileSync(join(dir, entry!), damage);
      expect(await cached(post, '/posts/a.mdx')).toEqual(first);
      expect(JSON.parse(readFileSync(join(dir, entry!), 'utf8'))).toEqual(first);
    }
    expect(calls).toHaveLength(4);
    expect(await cached(post, '/posts/a.mdx')).toEqual(first);
    expect(calls).toHaveLength(4);
  });

  it('stores nothing when the compile fails, and fails the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-mdx-cache-'));
    const { transform } = compiler();
    const cached = cachedTransform(transform, dir, 'salt', { compiled: 0, cached: 0 });
    const broken = 'An unclosed <div> tag.\n';
    await expect(cached(broken, '/posts/broken.mdx')).rejects.toThrow(/closing tag/i);
    expect(readdirSync(dir)).toEqual([]);
    await expect(cached(broken, '/posts/broken.mdx')).rejects.toThrow(/closing tag/i);
  });
});
