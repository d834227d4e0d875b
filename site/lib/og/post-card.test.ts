import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeCardInput, keyFigure, postCardInput } from './post-card.ts';

const site = { title: 'Bounded Rationality', tagline: 'Worked through', url: 'https://example.org', postsDir: 'posts' };
let root: string;
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000002000000030806000000', 'hex');
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'og-posts-'));
  mkdirSync(join(root, 'posts', 'a', 'figures'), { recursive: true });
  writeFileSync(join(root, 'posts', 'a', 'figures', 'grid.png'), png);
  writeFileSync(
    join(root, 'posts', 'a', 'figures', 'plot.svg'),
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
  );
  writeFileSync(join(root, 'posts', 'a', 'figures', 'fake.png'), '<svg/>');
  writeFileSync(join(root, 'posts', 'a', 'figures', 'fake.svg'), png);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const post = (image?: string) => ({
  id: 'a',
  filePath: 'posts/a/index.mdx',
  data: { title: 'A post', date: new Date('2026-12-01'), image },
});

describe('post cards', () => {
  it('carry the title, the date as the reader sees it, the site name and host', () => {
    expect(postCardInput(post(), site, root)).toEqual({
      title: 'A post',
      date: 'December 1, 2026',
      siteName: 'Bounded Rationality',
      host: 'example.org',
      figure: undefined,
    });
    expect(homeCardInput([post()], site)).toMatchObject({
      title: 'Worked through',
      date: 'Latest post: December 1, 2026',
    });
  });

  it('read the key figure relative to the post folder, PNG or SVG', () => {
    expect(keyFigure(post('./figures/grid.png'), site.postsDir, root)).toEqual({ bytes: png, kind: 'png' });
    expect(keyFigure(post('./figures/plot.svg'), site.postsDir, root)?.kind).toBe('svg');
    expect(keyFigure(post(), site.postsDir, root)).toBeUndefined();
  });

  it('fail the build with the post named when the figure is missing', () => {
    expect(() => keyFigure(post('./figures/gone.png'), site.postsDir, root)).toThrow(
      /Key figure not found: The post "a" names the key figure `image: .\/figures\/gone.png`, but posts\/a\/figures\/gone.png does not exist/,
    );
  });

  it.each(['./figures/fake.png', './figures/fake.svg'])('fail when %s is not what its name says', (image) => {
    expect(() => keyFigure(post(image), site.postsDir, root)).toThrow(/not a PNG or SVG file: The post "a"/);
  });
});
