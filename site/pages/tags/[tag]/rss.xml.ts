import type { APIRoute, GetStaticPaths } from 'astro';
import { site } from '../../../config.ts';
import { getPosts } from '../../../lib/collection.ts';
import { postsWithTag, tagSummaries } from '../../../lib/posts.ts';
import { feedResponse } from '../../../lib/feed/build-feed.ts';

export const getStaticPaths = (async () => {
  const posts = await getPosts();
  return tagSummaries(posts).map(({ tag, slug }) => ({
    params: { tag: slug },
    props: { tag, posts: postsWithTag(posts, slug) },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, url }) =>
  feedResponse({
    title: `${site.title}: ${props.tag}`,
    description: `Posts on ${props.tag} from ${site.title}.`,
    posts: props.posts,
    path: url.pathname,
  });
