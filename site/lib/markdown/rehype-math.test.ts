import { describe, expect, it } from 'vitest';
import { renderMdx } from '../../../tests/support/compile-mdx.ts';

describe('rehype-math', () => {
  it('renders inline and display math with the site macros', async () => {
    const { html } = await renderMdx('Inline $\\E[x]$.\n\n$$\n\\KL(q \\| p) \\ge 0\n$$');
    expect(html).toContain('<span class="katex">');
    // Focusable, so that a keyboard can scroll an equation wider than the column.
    expect(html).toContain('<span class="katex-display" tabindex="0">');
    expect(html).toContain('<mi mathvariant="double-struck">E</mi>');
    expect(html).toContain('<mi mathvariant="normal">KL</mi>');
    expect(html).not.toContain('katex-error');
  });

  it('tells the page whether it has math to set, so only math pages preload KaTeX fonts', async () => {
    expect((await renderMdx('Inline $x$ only.')).frontmatter.math).toBe(true);
    expect((await renderMdx('$$\nx\n$$')).frontmatter.math).toBe(true);
    expect((await renderMdx('No math, and `$x$` in code is not math.')).frontmatter.math).toBe(false);
  });

  it('fails the build on a parse error, naming the file, the line and the LaTeX', async () => {
    const error = await renderMdx('Fine.\n\nBroken $\\frac{1}{$ here.', 'posts/broken/index.mdx').catch(
      (e: unknown) => e,
    );
    const text = String(error);
    expect(text).toContain('Math could not be rendered');
    expect(text).toContain('\\frac{1}{');
    expect(text).toContain('posts/broken/index.mdx:3');
  });

  it('fails on an undefined macro', async () => {
    await expect(renderMdx('$$\n\\notamacro{x}\n$$')).rejects.toThrow(/Undefined control sequence: \\notamacro/);
  });

  it('keeps a macro defined in one post out of the next', async () => {
    await renderMdx('$\\gdef\\leaky{x}$ and $\\leaky$.', 'a.mdx');
    await expect(renderMdx('$\\leaky$', 'b.mdx')).rejects.toThrow(/Undefined control sequence: \\leaky/);
  });
});
