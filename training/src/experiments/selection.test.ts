import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitsPost, defaultSelection } from './selection.ts';

const root = mkdtempSync(join(tmpdir(), 'selection-'));
for (const slug of ['written', 'markdown', 'unwritten'])
  mkdirSync(join(root, 'content/posts', slug), { recursive: true });
writeFileSync(join(root, 'content/posts/written/index.mdx'), '---\n---\n');
writeFileSync(join(root, 'content/posts/markdown/index.md'), '---\n---\n');
const all = [
  { name: 'a', home: 'content/posts/written' },
  { name: 'b', home: 'content/posts/markdown' },
  { name: 'c', home: 'content/posts/unwritten' },
  { name: 'd', home: 'content/posts/not-even-a-folder' },
  { name: 'e', home: 'tests/fixtures/posts/demo' },
];

describe('defaultSelection', () => {
  it('into the repository, leaves out the experiments of posts that do not exist yet', () => {
    const { selected, waiting } = defaultSelection(all, 'full', root);
    expect(selected.map((e) => e.name)).toEqual(['a', 'b', 'e']);
    expect(waiting.map((e) => e.name)).toEqual(['c', 'd']);
  });

  it('takes everything for other profiles, which write elsewhere', () => {
    expect(defaultSelection(all, 'smoke', root).selected).toHaveLength(all.length);
  });

  it('only post folders can await a post', () => {
    expect(awaitsPost(root, 'tests/fixtures/posts/demo')).toBe(false);
    expect(awaitsPost(root, 'site/data')).toBe(false);
    expect(awaitsPost(root, 'content/posts/unwritten')).toBe(true);
  });
});
