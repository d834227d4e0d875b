import rss from '@astrojs/rss';
import { site } from '../../config';
import type { Post } from '../collection';
import { feedItem } from './feed-item';
import { renderPostHtml } from './render-post';

export interface FeedOptions {
  title: string;
  description: string;
  /** Newest first. */
  posts: Post[];
}

/** An RSS 2.0 response carrying the full content of every post, math as MathML. */
export async function feedResponse({ title, description, posts }: FeedOptions): Promise<Response> {
  const items = await Promise.all(posts.map(async (post) => feedItem(post, await renderPostHtml(post))));
  return rss({
    title,
    description,
    site: site.url,
    items,
    trailingSlash: true,
    xmlns: { dc: 'http://purl.org/dc/elements/1.1/' },
    customData: `<language>${site.lang}</language>`,
  });
}
