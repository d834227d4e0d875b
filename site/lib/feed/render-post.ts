/**
 * Renders a post's full body to an HTML string, outside of a page, for feeds. Astro has no stable
 * API for this with MDX, so the experimental Container API is confined to this one module.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import mdxRenderer from '@astrojs/mdx/server.js';
import preactRenderer from '@astrojs/preact/server.js';
import { render } from 'astro:content';
import type { Post } from '../collection.ts';
import { mdxComponents } from '../../components/mdx/index.ts';

let container: Promise<AstroContainer> | undefined;

async function createContainer(): Promise<AstroContainer> {
  const container = await AstroContainer.create();
  // Registered by hand: `loadRenderers` from astro:container exists only under Vite's dev server.
  container.addServerRenderer({ name: 'astro:jsx', renderer: mdxRenderer });
  container.addServerRenderer({ name: '@astrojs/preact', renderer: preactRenderer });
  return container;
}

/** The post body as HTML, exactly as its page renders it (math in KaTeX's HTML+MathML form). */
export async function renderPostHtml(post: Post): Promise<string> {
  container ??= createContainer();
  const { Content } = await render(post);
  return (await container).renderToString(Content, { props: { components: mdxComponents } });
}
