import { describe, expect, it } from 'vitest';
import { toFeedHtml } from './feed-html.ts';
import { renderMdx } from '../../../tests/support/compile-mdx.ts';

const pageUrl = 'https://example.org/posts/elbo/';

describe('feed HTML', () => {
  it('keeps only MathML from KaTeX output, inline and display', async () => {
    const { html } = await renderMdx('Inline $x^2$.\n\n$$\ny = \\frac{1}{2} \\label{half}\n$$');
    const feed = toFeedHtml(html, pageUrl);
    expect(feed).not.toContain('katex');
    expect(feed.match(/<math /g)).toHaveLength(2);
    expect(feed).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
    expect(feed).toContain('<div id="half" class="equation">');
  });

  it('makes links and sources absolute, and in-page anchors point into the post', () => {
    const feed = toFeedHtml(
      '<p><a href="/tags/vae/">t</a> <a href="#elbo">(1)</a> <a href="https://other.org/x">o</a></p><img src="/_astro/a.svg" srcset="/a.png 1x, /b.png 2x" alt="">',
      pageUrl,
    );
    expect(feed).toContain('href="https://example.org/tags/vae/"');
    expect(feed).toContain('href="https://example.org/posts/elbo/#elbo"');
    expect(feed).toContain('href="https://other.org/x"');
    expect(feed).toContain('src="https://example.org/_astro/a.svg"');
    expect(feed).toContain('srcset="https://example.org/a.png 1x, https://example.org/b.png 2x"');
  });

  it('drops scripts and styles and unwraps islands', () => {
    const feed = toFeedHtml(
      '<style>p{}</style><script>alert(1)</script><astro-island uid="1"><img src="poster.png" alt="Poster"></astro-island>',
      pageUrl,
    );
    expect(feed).toBe('<img src="https://example.org/posts/elbo/poster.png" alt="Poster">');
  });
});
