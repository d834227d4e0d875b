/**
 * A Markdown table's column alignment arrives as the `align` attribute on its cells. The MDX
 * build with `optimize` writes static HTML as it is, and `align`, an obsolete presentational hint,
 * loses to the stylesheet's `text-align` for cells; an inline style, as MDX's own JSX output
 * writes it, does not. So each aligned cell gets its alignment as a style.
 */
import type { Root } from 'hast';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';

export default function rehypeCellAlign() {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      // A formula's spans hold no table cells; they are most of a math post's tree.
      const classes = node.properties.className;
      if (Array.isArray(classes) && classes.includes('katex')) return SKIP;
      if (node.tagName !== 'td' && node.tagName !== 'th') return CONTINUE;
      const align = node.properties.align;
      if (typeof align !== 'string' || !align) return CONTINUE;
      const style = typeof node.properties.style === 'string' ? node.properties.style.trim() : '';
      node.properties.style = `text-align:${align}${style ? `;${style}` : ''}`;
      delete node.properties.align;
      return CONTINUE;
    });
  };
}
