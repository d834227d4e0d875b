import { describe, expect, it } from 'vitest';
import type { Element, Properties, Root } from 'hast';
import rehypeCellAlign from './rehype-cell-align.ts';

const el = (tagName: string, properties: Properties, children: Element[] = []): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});

describe('rehype-cell-align', () => {
  it('turns the align attribute of table cells into an inline text-align', () => {
    const th = el('th', { align: 'right' });
    const plain = el('th', {});
    const td = el('td', { align: 'center', style: 'color:red' });
    const root: Root = { type: 'root', children: [el('table', {}, [el('tr', {}, [th, plain, td])])] };
    rehypeCellAlign()(root);
    expect(th.properties).toEqual({ style: 'text-align:right' });
    expect(plain.properties).toEqual({});
    expect(td.properties).toEqual({ style: 'text-align:center;color:red' });
  });

  it('leaves other elements alone', () => {
    const p = el('p', { align: 'right' });
    rehypeCellAlign()({ type: 'root', children: [p] });
    expect(p.properties).toEqual({ align: 'right' });
  });
});
