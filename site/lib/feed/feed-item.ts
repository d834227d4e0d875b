import type { RSSFeedItem } from '@astrojs/rss';
import { site, type SiteConfig } from '../../config.ts';
import type { PostFrontmatter } from '../post-schema.ts';
import { postPath } from '../posts.ts';
import { absoluteUrl } from '../urls.ts';
import { toFeedHtml } from './feed-html.ts';

export interface FeedPost {
  id: string;
  data: Pick<PostFrontmatter, 'title' | 'date' | 'description' | 'tags'>;
}

/** One feed item: `bodyHtml` is the post as its page renders it. */
export function feedItem(post: FeedPost, bodyHtml: string, config: SiteConfig = site): RSSFeedItem {
  const link = absoluteUrl(postPath(post.id), config.url);
  return {
    title: post.data.title,
    link,
    pubDate: post.data.date,
    description: post.data.description,
    content: toFeedHtml(bodyHtml, link),
    categories: post.data.tags,
    // RSS's own <author> must be an e-mail address; Dublin Core names the person instead.
    customData: `<dc:creator>${config.author.name}</dc:creator>`,
  };
}
