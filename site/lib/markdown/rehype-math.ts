/**
 * Renders math with KaTeX at build time, and fails the build on a formula KaTeX cannot render.
 * rehype-katex alone only warns and leaves a red error in the page; here the first such warning
 * becomes an error that names the file, the line and the offending LaTeX.
 */
import type { Root, Nodes } from 'hast';
import type { VFile } from 'vfile';
import rehypeKatex from 'rehype-katex';
import { toText } from 'hast-util-to-text';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import { errors, formatError } from '../errors.ts';
import { katexOptions } from './katex-options.ts';
import { setFrontmatter } from './frontmatter.ts';

export default function rehypeMath() {
  return (tree: Root, file: VFile): void => {
    const before = file.messages.length;
    rehypeKatex(katexOptions())(tree, file);
    const failure = file.messages.slice(before).find((m) => m.source === 'rehype-katex');
    if (!failure) {
      // A display equation wider than the column scrolls sideways; a keyboard can only scroll
      // what it can focus (as code blocks are), so each one is a tab stop. A formula's own spans
      // (most of a math post's tree) are not walked.
      let math = false;
      visit(tree, 'element', (node) => {
        const classes = node.properties.className;
        if (!Array.isArray(classes)) return CONTINUE;
        if (classes.includes('katex-display')) node.properties.tabIndex = 0;
        else if (!classes.includes('katex')) return CONTINUE;
        math = true;
        return SKIP;
      });
      // The page preloads KaTeX's fonts only where there is math to set in them.
      setFrontmatter(file, 'math', math);
      return;
    }
    const ancestors = (failure.ancestors ?? []) as Nodes[];
    const element = ancestors.at(-1);
    const latex = element ? toText(element, { whitespace: 'pre' }).trim() : '(unknown)';
    // The code element KaTeX saw was synthesised by remark-math; its <pre> parent has the position.
    const place = [...ancestors].reverse().find((n) => n.position)?.position;
    const reason = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
    file.fail(formatError(errors.mathParse, latex, reason), place);
  };
}
