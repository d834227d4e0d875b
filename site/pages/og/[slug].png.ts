import type { APIRoute, GetStaticPaths } from 'astro';
import { site } from '../../config.ts';
import { getPosts, type Post } from '../../lib/collection.ts';
import { defaultCacheDir, ogImage } from '../../lib/og/og-image.ts';
import { postCardInput } from '../../lib/og/post-card.ts';

/** A post's link-preview card (site/lib/og/): /og/<slug>.png, rendered at build time, cached. */
export const getStaticPaths = (async () =>
  (await getPosts()).map((post) => ({ params: { slug: post.id }, props: { post } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const root = process.cwd();
  const input = postCardInput((props as { post: Post }).post, site, root);
  const { png } = await ogImage(input, { root, cacheDir: defaultCacheDir(root) });
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
