/**
 * Renders the part of a post before the `{/* more *\/}` marker to HTML (math included) and
 * hands it to the page as `remarkPluginFrontmatter.teaserHtml`. Without a marker, no teaser is
 * set and listings fall back to the post's description.
 *
 * The teaser is shown away from its post, so what only makes sense inside the post is dropped:
 * MDX components and expressions, footnote references, and in-page links (kept as their text).
 */
import type { Root, RootContent, PhrasingContent } from 'mdast';
import type { VFile } from 'vfile';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeMath from './rehype-math.ts';
import rehypeStringify from 'rehype-stringify';
import { errors, formatError } from '../errors.ts';
import { setFrontmatter } from './frontmatter.ts';

const markerPattern = /^\s*\/\*\s*more\s*\*\/\s*$/;

/** Whether a top-level node is the `{/* more *\/}` marker. */
export function isMoreMarker(node: RootContent): boolean {
  return node.type === 'mdxFlowExpression' && markerPattern.test(node.value);
}

const droppedTypes = new Set([
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxJsxFlowElement',
  'mdxTextExpression',
  'footnoteReference',
  'footnoteDefinition',
]);

/** Deep-copy the nodes, leaving out what has no meaning outside the post. */
function portable<T extends RootContent | PhrasingContent>(nodes: readonly T[]): T[] {
  const out: T[] = [];
  for (const node of nodes) {
    if (droppedTypes.has(node.type)) continue;
    if (node.type === 'mdxJsxTextElement' || (node.type === 'link' && node.url.startsWith('#'))) {
      // Keep the words, drop the element or the in-page link around them.
      out.push(...portable(node.children as T[]));
      continue;
    }
    // Each level copies its own fields only: cloning whole subtrees at every level was quadratic.
    if (!('children' in node)) {
      out.push(structuredClone(node));
      continue;
    }
    const { children, ...fields } = node;
    const copy = structuredClone(fields) as unknown as T & { children: T[] };
    copy.children = portable(children as T[]);
    out.push(copy);
  }
  return out;
}

/** The nodes before the marker, or undefined when the post has no marker. */
export function teaserNodes(tree: Root, file?: VFile): RootContent[] | undefined {
  const markers = tree.children.filter(isMoreMarker);
  if (markers.length > 1) {
    const where = markers[1];
    if (file) file.fail(formatError(errors.duplicateMoreMarker), where);
    throw new Error(formatError(errors.duplicateMoreMarker));
  }
  const at = tree.children.findIndex(isMoreMarker);
  return at === -1 ? undefined : portable(tree.children.slice(0, at));
}

const toHtml = unified()
  .use(remarkRehype)
  .use(rehypeMath, { into: 'html' })
  .use(rehypeStringify, { allowDangerousHtml: true });

/** Render teaser nodes to an HTML string. */
export async function renderTeaser(nodes: RootContent[]): Promise<string> {
  const hast = await toHtml.run({ type: 'root', children: nodes });
  return toHtml.stringify(hast).trim();
}

export default function remarkTeaser() {
  return async (tree: Root, file: VFile): Promise<void> => {
    const nodes = teaserNodes(tree, file);
    if (nodes) setFrontmatter(file, 'teaserHtml', await renderTeaser(nodes));
  };
}
