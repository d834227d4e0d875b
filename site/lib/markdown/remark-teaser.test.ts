import { describe, expect, it } from 'vitest';
import { renderMdx } from '../../../tests/support/compile-mdx.ts';

describe('remark-teaser', () => {
  it('renders the part before the marker, math included, and nothing after it', async () => {
    const { frontmatter, html } = await renderMdx(
      'export const meta = 1;\n\nIntro with $a^2$ and **bold**.\n\nSecond paragraph.\n\n{/* more */}\n\nThe rest, $b$.',
    );
    const teaser = String(frontmatter.teaserHtml);
    expect(teaser).toContain('<p>Intro with <span class="katex">');
    expect(teaser).toContain('<strong>bold</strong>');
    expect(teaser).toContain('<p>Second paragraph.</p>');
    expect(teaser).not.toContain('The rest');
    expect(teaser).not.toContain('meta');
    // The post itself still has everything.
    expect(html).toContain('The rest');
  });

  it('sets no teaser when there is no marker, so listings use the description', async () => {
    const { frontmatter } = await renderMdx('Just a post.');
    expect(frontmatter.teaserHtml).toBeUndefined();
  });

  it('drops components, footnote references and in-page links, keeping their words', async () => {
    const { frontmatter } = await renderMdx(
      'As <Ref to="f" /> shows, see [the setup](#setup) and [Astro](https://astro.build).[^1]\n\n<Figure label="f">img</Figure>\n\n{/* more */}\n\n## Setup\n\n[^1]: A note.',
    );
    const teaser = String(frontmatter.teaserHtml);
    expect(teaser).toBe('<p>As Figure 1 shows, see the setup and <a href="https://astro.build">Astro</a>.</p>');
  });

  it('fails on a second marker', async () => {
    await expect(renderMdx('a\n\n{/* more */}\n\nb\n\n{/* more */}')).rejects.toThrow(/More than one teaser marker/);
  });
});
