import rss, { type RSSFeedItem } from '@astrojs/rss';
import { site } from '../../config.ts';
import type { Post } from '../collection.ts';
import { absoluteUrl } from '../urls.ts';
import { feedItem } from './feed-item.ts';
import { feedWindow } from './feed-window.ts';
import { renderPostHtml } from './render-post.ts';

export interface FeedOptions {
  title: string;
  description: string;
  /** Newest first. */
  posts: Post[];
  /** Where this feed is served, e.g. `/rss.xml`. */
  path: string;
}

/** The items of a feed: the newest `site.feedLength` of `posts` (newest first), in full. */
export const feedItems = feedWindow<Post, RSSFeedItem>(site.feedLength, async (post: Post) =>
  feedItem(post, await renderPostHtml(post)),
);

/** An RSS 2.0 response carrying the full content of the newest posts, math as MathML. */
export async function feedResponse({ title, description, posts, path }: FeedOptions): Promise<Response> {
  return rss({
    title,
    description,
    site: site.url,
    items: await feedItems(posts),
    trailingSlash: true,
    xmlns: { dc: 'http://purl.org/dc/elements/1.1/', atom: 'http://www.w3.org/2005/Atom' },
    // A self link lets readers and validators tell which feed they hold.
    customData: `<language>${site.lang}</language><atom:link href="${absoluteUrl(path)}" rel="self" type="application/rss+xml"/>`,
  });
}
