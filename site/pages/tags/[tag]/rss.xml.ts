import type { APIRoute, GetStaticPaths } from 'astro';
import { site } from '../../../config';
import { getPosts } from '../../../lib/collection';
import { postsWithTag, tagSummaries } from '../../../lib/posts';
import { feedResponse } from '../../../lib/feed/build-feed';

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
