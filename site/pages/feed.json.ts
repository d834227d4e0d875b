/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with the same items as rss.xml (the newest posts). The newsletter
 * command reads it from the built site, so it mails exactly what the site publishes.
 */
import type { APIRoute } from 'astro';
import { site } from '../config.ts';
import { getPosts } from '../lib/collection.ts';
import { feedItems } from '../lib/feed/build-feed.ts';
import { absoluteUrl } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const items = (await feedItems(await getPosts())).map((item) => ({
    id: item.link,
    url: item.link,
    title: item.title,
    summary: item.description,
    content_html: item.content,
    date_published: item.pubDate?.toISOString(),
    tags: item.categories,
  }));
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    description: site.description,
    home_page_url: absoluteUrl('/'),
    feed_url: absoluteUrl('/feed.json'),
    language: site.lang,
    authors: [{ name: site.author.name }],
    items,
  };
  // Prerendered to a file, so the server's type for .json applies (JSON Feed allows application/json).
  return new Response(JSON.stringify(feed));
};
