/**
 * Compiles and renders MDX through the same remark/rehype plugins, in the same order, as the
 * site's Astro config, and renders it with Astro's own JSX runtime (so `set:html` and `Fragment`
 * behave as on a page), so that plugin tests exercise the real pipeline end to end.
 */
import { evaluate } from '@mdx-js/mdx';
import { VFile } from 'vfile';
import * as runtime from 'astro/jsx-runtime';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import mdxRenderer from '@astrojs/mdx/server.js';
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
  children?: unknown;
}
// Stand-ins with the same props as the site's Astro components, rendering them visibly.
const numbered = (kind: string) => (p: FigureProps) =>
  runtime.jsx('figure', { id: p.id, 'data-kind': kind, 'data-number': p.number, children: p.children });
const components = {
  Fragment: runtime.Fragment,
  Figure: numbered('figure'),
  Table: numbered('table'),
  Aside: numbered('aside'),
};

let container: Promise<AstroContainer> | undefined;
async function createContainer(): Promise<AstroContainer> {
  const created = await AstroContainer.create();
  created.addServerRenderer({ name: 'astro:jsx', renderer: mdxRenderer });
  return created;
}

export async function renderMdx(source: string, path = 'post/index.mdx'): Promise<Rendered> {
  const file = new VFile({ value: source, path });
  const { default: Content } = await evaluate(file, {
    ...runtime,
    // Astro's MDX integration adds GFM (footnotes, tables) before the configured plugins.
    remarkPlugins: [remarkGfm, remarkMath, remarkCrossRefs, remarkTeaser, remarkReadingTime],
    rehypePlugins: [rehypeMath, rehypeCellAlign],
    // As Astro compiles MDX: attributes in HTML's spelling (`tabindex`, not React's `tabIndex`).
    elementAttributeNameCase: 'html',
  } as Parameters<typeof evaluate>[1]);
  // Astro's MDX integration marks compiled posts so its renderer claims them.
  Object.assign(Content, { [Symbol.for('mdx-component')]: true });
  container ??= createContainer();
  const html = await (await container).renderToString(Content as never, { props: { components } });
  const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
  return { html, frontmatter: data.astro?.frontmatter ?? {} };
}
