import { getCollection, type CollectionEntry } from 'astro:content';
import { visiblePosts } from './posts.ts';

export type Post = CollectionEntry<'posts'>;

/** The posts this build publishes, newest first: drafts only in `astro dev`. */
export async function getPosts(): Promise<Post[]> {
  return visiblePosts(await getCollection('posts'), import.meta.env.DEV);
}
