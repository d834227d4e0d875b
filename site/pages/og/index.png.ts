import type { APIRoute } from 'astro';
import { site } from '../../config.ts';
import { getPosts } from '../../lib/collection.ts';
import { defaultCacheDir, ogImage } from '../../lib/og/og-image.ts';
import { homeCardInput } from '../../lib/og/post-card.ts';

/** The home page's link-preview card (site/lib/og/), also shown for pages without their own. */
export const GET: APIRoute = async () => {
  const root = process.cwd();
  const { png } = await ogImage(homeCardInput(await getPosts(), site), { root, cacheDir: defaultCacheDir(root) });
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
