/**
 * Compiles and renders MDX through the same remark/rehype plugins, in the same order, as the
 * site's Astro config, so that plugin tests exercise the real pipeline end to end.
 */
import { evaluate } from '@mdx-js/mdx';
import { VFile } from 'vfile';
import { h, type ComponentChildren } from 'preact';
import * as runtime from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkCrossRefs from '../../site/lib/markdown/remark-cross-refs.ts';
import remarkTeaser from '../../site/lib/markdown/remark-teaser.ts';
import remarkReadingTime from '../../site/lib/markdown/remark-reading-time.ts';
import rehypeMath from '../../site/lib/markdown/rehype-math.ts';
import rehypeCellAlign from '../../site/lib/markdown/rehype-cell-align.ts';

export interface Rendered {
  html: string;
  /** What the plugins handed to the page (`remarkPluginFrontmatter`). */
  frontmatter: Record<string, unknown>;
}

interface FigureProps {
  id?: string;
  number?: string;
  children?: ComponentChildren;
}
// Stand-ins with the same props as the site's Astro components, rendering them visibly.
const numbered = (kind: string) => (p: FigureProps) =>
  h('figure', { id: p.id, 'data-kind': kind, 'data-number': p.number }, p.children);
const components = { Figure: numbered('figure'), Table: numbered('table'), Aside: numbered('aside') };

export async function renderMdx(source: string, path = 'post/index.mdx'): Promise<Rendered> {
  const file = new VFile({ value: source, path });
  const { default: Content } = await evaluate(file, {
    ...runtime,
    // Astro's MDX integration adds GFM (footnotes, tables) before the configured plugins.
    remarkPlugins: [remarkGfm, remarkMath, remarkCrossRefs, remarkTeaser, remarkReadingTime],
    rehypePlugins: [rehypeMath, rehypeCellAlign],
  } as Parameters<typeof evaluate>[1]);
  const html = renderToString(h(Content, { components }));
  const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
  return { html, frontmatter: data.astro?.frontmatter ?? {} };
}
