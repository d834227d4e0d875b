/**
 * Related posts: the posts a reader of one post is most likely to want next. A link between two
 * posts, in either direction, is the author saying they belong together, so it counts as much as
 * two shared tags; among equals the newer post comes first.
 */
import { tagSlug, type PostLike } from './posts.ts';

export interface RelatablePost extends PostLike {
  /** The post's source (MDX), where its links to other posts are read from. */
  body?: string | undefined;
}

export interface Related<P> {
  post: P;
  /** The other post links to this one, this one to it, or both. */
  links: { to: boolean; from: boolean };
  /** Tags both posts carry, in the other post's spelling. */
  sharedTags: string[];
}

// A link to a post in Markdown or JSX: `/posts/<slug>` followed by `/`, `#`, `)` or a quote.
const POST_LINK = /\/posts\/([a-z0-9]+(?:-[a-z0-9]+)*)(?=[/#)"'?\s]|$)/g;

/** The slugs of the posts that a post's source links to. */
export function linkedSlugs(body: string): Set<string> {
  return new Set([...body.matchAll(POST_LINK)].map((m) => m[1]!));
}

const LINK_WEIGHT = 2;

/** Up to `limit` posts related to post `id`, best first; a post with nothing in common is not listed. */
export function relatedPosts<P extends RelatablePost>(posts: readonly P[], id: string, limit = 3): Related<P>[] {
  const self = posts.find((p) => p.id === id);
  if (!self) return [];
  const out = linkedSlugs(self.body ?? '');
  const tags = new Set(self.data.tags.map(tagSlug));
  return posts
    .filter((p) => p.id !== id)
    .map((post) => ({
      post,
      links: { to: out.has(post.id), from: linkedSlugs(post.body ?? '').has(id) },
      sharedTags: post.data.tags.filter((t) => tags.has(tagSlug(t))),
    }))
    .map((r) => ({ ...r, score: (r.links.to || r.links.from ? LINK_WEIGHT : 0) + r.sharedTags.length }))
    .filter((r) => r.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.post.data.date.getTime() - a.post.data.date.getTime() ||
        a.post.data.title.localeCompare(b.post.data.title),
    )
    .slice(0, limit)
    .map(({ post, links, sharedTags }) => ({ post, links, sharedTags }));
}
