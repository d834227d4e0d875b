/**
 * Renders math with KaTeX at build time, and fails the build on a formula KaTeX cannot render,
 * naming the file, the line and the offending LaTeX.
 *
 * KaTeX's HTML goes into the post as a string: an Astro `<Fragment set:html>`, not as a hast tree.
 * Parsing hundreds of spans per formula into hast (as rehype-katex does) and serializing them back
 * was most of a math post's compile time, and nothing after this plugin looks inside a formula.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { MdxJsxTextElementHast } from 'mdast-util-mdx-jsx';
import type { VFile } from 'vfile';
import katex from 'katex';
import { toText } from 'hast-util-to-text';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import { errors, formatError } from '../errors.ts';
import { katexOptions, type MathOptions } from './katex-options.ts';
import { setFrontmatter } from './frontmatter.ts';

const displayOpen = '<span class="katex-display">';
const displayClose = '</span>';

export interface RehypeMathOptions {
  /**
   * `mdx` (a post): each formula becomes an Astro `<Fragment set:html>`. `html` (a teaser, which
   * rehype-stringify writes with `allowDangerousHtml`): each becomes a hast `raw` node.
   */
  into?: 'mdx' | 'html';
}

export default function rehypeMath({ into = 'mdx' }: RehypeMathOptions = {}) {
  const verbatim = into === 'mdx' ? fragment : raw;
  return (tree: Root, file: VFile): void => {
    const options = katexOptions();
    let math = false;
    visit(tree, 'element', (element, index, parent) => {
      const display = isDisplayMath(element);
      if ((!display && !isInlineMath(element)) || !parent || index === undefined) return CONTINUE;
      const latex = toText(element, { whitespace: 'pre' });
      const html = render(latex, display, options, file, element);
      parent.children[index] = display ? displayNode(html, latex, verbatim) : verbatim(html, latex);
      math = true;
      return SKIP;
    });
    // The page preloads KaTeX's fonts only where there is math to set in them.
    setFrontmatter(file, 'math', math);
  };
}

/** remark-math marks `$…$` as `code.math-inline`. */
function isInlineMath(element: Element): boolean {
  const classes = element.properties.className;
  return Array.isArray(classes) && classes.includes('math-inline');
}

/** `$$…$$` (remark-math) and a math code fence both become `pre > code.language-math`. */
function isDisplayMath(element: Element): boolean {
  const code = element.tagName === 'pre' ? element.children[0] : undefined;
  const classes = code?.type === 'element' ? code.properties.className : undefined;
  return Array.isArray(classes) && classes.includes('language-math');
}

function render(latex: string, displayMode: boolean, options: MathOptions, file: VFile, node: Element): string {
  try {
    return katex.renderToString(latex, { ...options, displayMode, throwOnError: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return file.fail(formatError(errors.mathParse, latex.trim(), reason), node.position);
  }
}

/**
 * KaTeX's markup, inserted verbatim. Whatever reads the tree's text (heading ids, the table of
 * contents) should read the formula's source: the child is an MDX expression whose value is the
 * LaTeX and whose program is empty, so it compiles to nothing. (A text child would not do:
 * Astro's static-HTML pass would turn it into a second `set:html` that wins.)
 */
function fragment(html: string, latex: string): MdxJsxTextElementHast {
  return {
    type: 'mdxJsxTextElement',
    name: 'Fragment',
    attributes: [{ type: 'mdxJsxAttribute', name: 'set:html', value: html }],
    children: [
      {
        type: 'mdxTextExpression',
        value: latex.trim(),
        data: { estree: { type: 'Program', body: [], sourceType: 'module', comments: [] } },
      },
    ],
  };
}

/** hast's node for HTML to write out as it is (mdast-util-to-hast declares it; we need only its shape). */
interface Raw {
  type: 'raw';
  value: string;
}

function raw(html: string): Raw {
  return { type: 'raw', value: html };
}

type Verbatim = (html: string, latex: string) => MdxJsxTextElementHast | Raw;

function displayNode(html: string, latex: string, verbatim: Verbatim): ElementContent {
  if (!html.startsWith(displayOpen) || !html.endsWith(displayClose)) {
    throw new Error(
      `KaTeX's display markup changed: expected ${displayOpen}…${displayClose}, got ${html.slice(0, 80)}`,
    );
  }
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['katex-display'], tabIndex: 0 },
    children: [verbatim(html.slice(displayOpen.length, -displayClose.length), latex)],
  };
}
