import type { APIRoute } from 'astro';
import { site } from '../config';
import { getPosts } from '../lib/collection';
import { feedResponse } from '../lib/feed/build-feed';

export const GET: APIRoute = async () =>
  feedResponse({ title: site.title, description: site.description, posts: await getPosts(), path: '/rss.xml' });
