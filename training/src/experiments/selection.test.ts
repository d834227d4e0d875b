import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitsPost, defaultSelection, isDraft } from './selection.ts';

const root = mkdtempSync(join(tmpdir(), 'selection-'));
for (const slug of ['written', 'markdown', 'unwritten', 'drafted'])
  mkdirSync(join(root, 'content/posts', slug), { recursive: true });
writeFileSync(join(root, 'content/posts/written/index.mdx'), '---\n---\n');
writeFileSync(join(root, 'content/posts/markdown/index.md'), '---\n---\n');
writeFileSync(
  join(root, 'content/posts/drafted/index.mdx'),
  "---\ntitle: 'x'\ndraft: true\n---\n\ndraft: true in the text\n",
);
const all = [
  { name: 'a', home: 'content/posts/written' },
  { name: 'b', home: 'content/posts/markdown' },
  { name: 'c', home: 'content/posts/unwritten' },
  { name: 'd', home: 'content/posts/not-even-a-folder' },
  { name: 'e', home: 'tests/fixtures/posts/demo' },
  { name: 'f', home: 'content/posts/drafted' },
];

describe('defaultSelection', () => {
  it('into the repository, leaves out the experiments of posts that do not exist yet', () => {
    const { selected, waiting } = defaultSelection(all, 'full', root);
    expect(selected.map((e) => e.name)).toEqual(['a', 'b', 'e']);
    expect(waiting.map((e) => e.name)).toEqual(['c', 'd', 'f']);
  });

  it('takes everything for other profiles, which write elsewhere', () => {
    expect(defaultSelection(all, 'smoke', root).selected).toHaveLength(all.length);
  });

  it('reads draft: true from the frontmatter only', () => {
    expect(isDraft("---\ntitle: 'a'\ndraft: true\n---\n")).toBe(true);
    expect(isDraft("---\ntitle: 'a'\ndraft: true # until the demo lands\n---\n")).toBe(true);
    expect(isDraft("---\ntitle: 'a'\ndraft: false\n---\n")).toBe(false);
    expect(isDraft("---\ntitle: 'a'\n---\n\ndraft: true\n")).toBe(false);
    expect(isDraft("---\ntitle: 'a'\nundraft: true\n---\n")).toBe(false);
  });

  it('only post folders can await a post', () => {
    expect(awaitsPost(root, 'tests/fixtures/posts/demo')).toBe(false);
    expect(awaitsPost(root, 'site/data')).toBe(false);
    expect(awaitsPost(root, 'content/posts/unwritten')).toBe(true);
  });
});
