import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { katexText } from './katex-text.ts';

const chars = (text: string) => [...new Set(text)].sort();

describe('katexText', () => {
  it("is the text of a formula's HTML, unescaped, and not its MathML copy or the prose around it", () => {
    const page = `<p>Prose words ${katex.renderToString('\\alpha + x_1 < \\text{\\&"}')} more prose.</p>`;
    // KaTeX sets α, +, x, the subscript 1, the zero-width space it puts in every subscript's vlist,
    // <, & and "; the LaTeX source (\alpha, \text) is only in the hidden MathML annotation.
    expect(chars(katexText(page))).toEqual(chars('α+x1\u200b<&"'));
  });

  it('reads every formula of a page, past the SVG of a root sign, and nothing between them', () => {
    const page = [
      '<p>Where',
      katex.renderToString('\\sqrt{y}', { displayMode: true }),
      'and then',
      katex.renderToString('\\mathbb{E}[z]'),
      'end.</p>',
    ].join(' ');
    expect(page).toContain('<svg');
    expect(chars(katexText(page))).toEqual(chars('y\u200bE[z]'));
  });

  it('is empty for a page without math', () => {
    expect(katexText('<p>No <span class="note">math</span> here.</p>')).toBe('');
  });
});
