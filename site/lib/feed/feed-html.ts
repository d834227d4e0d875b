/**
 * Turns a post's rendered HTML into HTML that reads well in a feed reader, which has neither our
 * stylesheet nor our base URL:
 * - math keeps only KaTeX's MathML (the HTML rendering needs KaTeX's CSS and shows twice without it);
 * - relative links and image sources become absolute, in-page anchors point into the post;
 * - scripts, styles and interactive islands are dropped (their static fallbacks stay).
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';

const dropped = new Set(['script', 'style', 'template', 'noscript', 'link']);
const urlAttributes = ['href', 'src', 'poster'] as const;

function classes(el: Element): string[] {
  const c = el.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
}

/** The <math> element inside a KaTeX rendering, if any. */
function findMath(el: Element): Element | undefined {
  for (const child of el.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'math') return child;
    const found = findMath(child);
    if (found) return found;
  }
  return undefined;
}

function absolutize(value: string, pageUrl: string): string {
  if (value.startsWith('#')) return `${pageUrl}${value}`;
  try {
    return new URL(value, pageUrl).href;
  } catch {
    return value;
  }
}

function rewrite(nodes: readonly (RootContent | ElementContent)[], pageUrl: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type === 'comment' || node.type === 'doctype') continue;
    if (node.type !== 'element') {
      out.push(node as ElementContent);
      continue;
    }
    if (dropped.has(node.tagName)) continue;
    const cls = classes(node);
    if (cls.includes('katex') || cls.includes('katex-display')) {
      const math = findMath(node);
      if (math) out.push(math);
      continue;
    }
    if (node.tagName === 'astro-island' || node.tagName === 'astro-slot') {
      // Islands cannot run in a reader: keep whatever static markup they rendered.
      out.push(...rewrite(node.children, pageUrl));
      continue;
    }
    for (const attr of urlAttributes) {
      const v = node.properties[attr];
      if (typeof v === 'string') node.properties[attr] = absolutize(v, pageUrl);
    }
    if (typeof node.properties.srcSet === 'string') {
      node.properties.srcSet = node.properties.srcSet
        .split(',')
        .map((part) => {
          const [url = '', ...rest] = part.trim().split(/\s+/);
          return [absolutize(url, pageUrl), ...rest].join(' ');
        })
        .join(', ');
    }
    node.children = rewrite(node.children, pageUrl);
    out.push(node);
  }
  return out;
}

const parser = unified().use(rehypeParse, { fragment: true });
const printer = unified().use(rehypeStringify);

/** `html`: the rendered post body; `pageUrl`: the post's absolute URL. */
export function toFeedHtml(html: string, pageUrl: string): string {
  const tree = parser.parse(html);
  const root: Root = { type: 'root', children: rewrite(tree.children, pageUrl) };
  return printer.stringify(root).trim();
}
