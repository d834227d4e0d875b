import type { APIRoute } from 'astro';
import { site } from '../config.ts';
import { getPosts } from '../lib/collection.ts';
import { feedResponse } from '../lib/feed/build-feed.ts';

export const GET: APIRoute = async () =>
  feedResponse({ title: site.title, description: site.description, posts: await getPosts(), path: '/rss.xml' });
