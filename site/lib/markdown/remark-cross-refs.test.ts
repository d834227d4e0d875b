import { describe, expect, it } from 'vitest';
import { renderMdx } from '../../../tests/support/compile-mdx.ts';
import { labelToId, refText } from './remark-cross-refs.ts';

const post = `
See <Ref to="fig:b" />, <Ref to="results" /> and equation <Ref to="elbo" />.

<Figure label="fig:a">first</Figure>

$$
a = b
$$

$$
\\log p(x) \\ge \\mathcal{L} \\label{elbo}
$$

<Figure label="fig:b">second</Figure>

<Table label="results">table</Table>

$$
c = d \\label{second}
$$
`;

describe('remark-cross-refs', () => {
  it('numbers figures, tables and labelled equations in document order', async () => {
    const { html } = await renderMdx(post);
    expect(html).toContain('<figure id="fig-a" data-kind="figure" data-number="1">');
    expect(html).toContain('<figure id="fig-b" data-kind="figure" data-number="2">');
    expect(html).toContain('<figure id="results" data-kind="table" data-number="1">');
    // The unlabelled equation is not numbered; the labelled ones are (1) and (2).
    expect(html.match(/class="tag"/g)).toHaveLength(2);
    expect(html).toMatch(/<div id="elbo" class="equation">[\s\S]*?\(1\)/);
    expect(html).toMatch(/<div id="second" class="equation">[\s\S]*?\(2\)/);
    expect(html).not.toContain('\\label');
  });

  it('turns references into links, forward references included', async () => {
    const { html } = await renderMdx(post);
    expect(html).toContain('<a href="#fig-b" class="xref">Figure 2</a>');
    expect(html).toContain('<a href="#results" class="xref">Table 1</a>');
    expect(html).toContain('<a href="#elbo" class="xref">(1)</a>');
  });

  it('fails on a reference to an unknown label, listing the known ones', async () => {
    await expect(renderMdx('<Figure label="a">x</Figure>\n\nSee <Ref to="b" />.')).rejects.toThrow(
      /<Ref to="b" \/> points at nothing\. Labels in this post: a\./,
    );
  });

  it('fails on a duplicate label, naming the file', async () => {
    const error = await renderMdx('<Figure label="a">x</Figure>\n\n$$\nx \\label{a}\n$$', 'posts/dup/index.mdx').catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/Duplicate label: The label "a" is defined more than once/);
    expect(String(error)).toContain('posts/dup/index.mdx');
  });

  it('fails on a label whose id a heading or the page layout already has', async () => {
    await expect(renderMdx('## Main results\n\n<Table label="main-results">x</Table>')).rejects.toThrow(
      /The label "main-results" becomes the id "main-results", which a heading already has/,
    );
    await expect(renderMdx('$$\nx \\label{main}\n$$')).rejects.toThrow(/id "main", which the page layout/);
    // Headings that merely resemble a label are fine.
    await expect(renderMdx('## Main results\n\n<Table label="results">x</Table>')).resolves.toBeTruthy();
  });

  it('fails on a reference whose target is an expression', async () => {
    await expect(renderMdx('See <Ref to={"a"} />.')).rejects.toThrow(/needs a literal string attribute `to`/);
  });

  it('makes readable ids and reference texts', () => {
    expect(labelToId('eq:elbo')).toBe('eq-elbo');
    expect(labelToId(' 2nd result ')).toBe('ref-2nd-result');
    expect(refText({ kind: 'figure', number: 3 })).toBe('Figure 3');
    expect(refText({ kind: 'table', number: 1 })).toBe('Table 1');
    expect(refText({ kind: 'equation', number: 2 })).toBe('(2)');
  });
});
