import { describe, expect, it } from 'vitest';
import { tocTree } from './toc.ts';

const h = (depth: number, text: string) => ({ depth, text, slug: text.toLowerCase() });

describe('tocTree', () => {
  it('nests subsections under their section and drops deeper levels', () => {
    const tree = tocTree([h(2, 'A'), h(3, 'A1'), h(4, 'A1x'), h(3, 'A2'), h(2, 'B'), h(1, 'Title')]);
    expect(tree.map((e) => [e.text, e.children.map((c) => c.text)])).toEqual([
      ['A', ['A1', 'A2']],
      ['B', []],
    ]);
  });
  it('keeps a subsection that comes before any section', () => {
    expect(tocTree([h(3, 'Intro'), h(2, 'A')]).map((e) => e.text)).toEqual(['Intro', 'A']);
  });
});
