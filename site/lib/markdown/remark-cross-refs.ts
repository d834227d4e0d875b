/**
 * Numbers figures, tables and labelled display equations in document order, and turns
 * `<Ref to="label" />` into a link reading "Figure 2", "Table 1" or "(3)".
 *
 * Authoring:
 *   <Figure label="samples">…</Figure>     numbered "Figure n" (label optional)
 *   <Table label="results">…</Table>       numbered "Table n" (label optional)
 *   $$ … \label{elbo} $$                   numbered "(n)"; unlabelled equations stay unnumbered
 *   <Ref to="elbo" />                      link to any of the above, forward references allowed
 *
 * The components receive the resolved `id` and `number` as attributes, so they hold no
 * numbering logic of their own.
 */
import type { Link, Parent, Root, RootContent } from 'mdast';
import type { Math } from 'mdast-util-math';
import type { VFile } from 'vfile';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import { errors, formatError } from '../errors.ts';
import { setMathValue } from './math-node.ts';
import { type MdxJsxElement, setStringAttribute, stringAttribute, hasAttribute } from './mdx-jsx.ts';

export type RefKind = 'figure' | 'table' | 'equation';

export interface RefTarget {
  kind: RefKind;
  number: number;
  id: string;
}

const componentKinds: Record<string, RefKind> = { Figure: 'figure', Table: 'table' };
const labelPattern = /\\label\{([^}]*)\}/g;

/** HTML id for a label: "eq:elbo" → "eq-elbo". Kept readable so that URLs stay meaningful. */
export function labelToId(label: string): string {
  const id = label
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[A-Za-z]/.test(id) ? id : `ref-${id}`;
}

/** The text a reference shows. */
export function refText(target: Pick<RefTarget, 'kind' | 'number'>): string {
  switch (target.kind) {
    case 'figure':
      return `Figure ${target.number}`;
    case 'table':
      return `Table ${target.number}`;
    case 'equation':
      return `(${target.number})`;
  }
}

function isJsx(node: { type: string }): node is MdxJsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/** Ids the layout around every post uses (components/layout, components/newsletter). */
export const LAYOUT_IDS: ReadonlySet<string> = new Set(['main', 'subscribe', 'toc-title']);

/** The ids headings get, as Astro's heading-id step makes them (GitHub's slugs, in order). */
function headingIds(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  visit(tree, 'heading', (node) => {
    ids.add(slugger.slug(toString(node)));
  });
  return ids;
}

/** First pass: number every target in document order and collect the labels. */
function numberTargets(tree: Root, file: VFile): Map<string, RefTarget> {
  const targets = new Map<string, RefTarget>();
  const counts: Record<RefKind, number> = { figure: 0, table: 0, equation: 0 };
  const headings = headingIds(tree);

  const define = (label: string, target: RefTarget, node: RootContent) => {
    if (targets.has(label)) file.fail(formatError(errors.duplicateLabel, label), node);
    // The sidebar's signup form prefixes all its ids with "sidebar-subscribe".
    const layout = LAYOUT_IDS.has(target.id) || target.id.startsWith('sidebar-subscribe');
    const owner = layout ? 'the page layout' : headings.has(target.id) ? 'a heading' : null;
    if (owner) file.fail(formatError(errors.idCollision, label, target.id, owner), node);
    targets.set(label, target);
  };

  visit(tree, (node, index, parent) => {
    if (isJsx(node) && node.name && node.name in componentKinds) {
      const kind = componentKinds[node.name]!;
      const number = ++counts[kind];
      setStringAttribute(node, 'number', String(number));
      if (hasAttribute(node, 'label')) {
        const label = stringAttribute(node, 'label');
        if (!label) file.fail(formatError(errors.badLabel, `<${node.name}>`), node);
        const id = labelToId(label);
        setStringAttribute(node, 'id', id);
        define(label, { kind, number, id }, node);
      }
      return undefined;
    }
    if (node.type === 'math' && parent && index !== undefined) {
      const labels = [...node.value.matchAll(labelPattern)].map((m) => m[1]!.trim());
      if (labels.length === 0) return undefined;
      if (labels.length > 1 || !labels[0]) {
        file.fail(formatError(errors.badLabel, 'A display equation (one \\label each)'), node);
      }
      const label = labels[0];
      const number = ++counts.equation;
      const id = labelToId(label);
      setMathValue(node, `${node.value.replace(labelPattern, '').trim()}\n\\tag{${number}}`);
      define(label, { kind: 'equation', number, id }, node);
      // Wrap in a block carrying the anchor: KaTeX replaces the math element itself.
      const wrapper = {
        type: 'equationBlock',
        data: { hName: 'div', hProperties: { id, className: ['equation'] } },
        children: [node],
      } as unknown as Math;
      (parent as Parent).children[index] = wrapper;
      return SKIP;
    }
    return undefined;
  });
  return targets;
}

/** Second pass: replace every <Ref> with a link to its target. */
function resolveRefs(tree: Root, file: VFile, targets: Map<string, RefTarget>): void {
  visit(tree, (node, index, parent) => {
    if (!isJsx(node) || node.name !== 'Ref' || !parent || index === undefined) return undefined;
    const label = stringAttribute(node, 'to');
    if (!label) return file.fail(formatError(errors.badRef), node);
    const target = targets.get(label);
    if (!target) return file.fail(formatError(errors.unknownRef, label, [...targets.keys()]), node);
    const link: Link = {
      type: 'link',
      url: `#${target.id}`,
      children: [{ type: 'text', value: refText(target) }],
      data: { hProperties: { className: ['xref'] } },
    };
    if (node.type === 'mdxJsxFlowElement') {
      (parent as Parent).children[index] = { type: 'paragraph', children: [link] };
    } else {
      (parent as Parent).children[index] = link;
    }
    return SKIP;
  });
}

export default function remarkCrossRefs() {
  return (tree: Root, file: VFile): void => {
    resolveRefs(tree, file, numberTargets(tree, file));
  };
}
