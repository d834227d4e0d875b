/**
 * Pure helpers over posts: ordering, drafts, tags, archive and pagination. They take plain
 * objects so that they can be tested without Astro; site/lib/collection.ts feeds them.
 */
import { slugWords } from '@bounded-rationality/core/text/slug.ts';

export interface PostLike {
  id: string;
  data: { title: string; date: Date; tags: string[]; draft: boolean };
}

/** Newest first; ties broken by title so that the order never depends on file-system order. */
export function sortPosts<P extends PostLike>(posts: readonly P[]): P[] {
  return [...posts].sort(
    (a, b) => b.data.date.getTime() - a.data.date.getTime() || a.data.title.localeCompare(b.data.title),
  );
}

/** Drafts are shown only when asked for (in `astro dev`). */
export function visiblePosts<P extends PostLike>(posts: readonly P[], includeDrafts: boolean): P[] {
  return sortPosts(includeDrafts ? posts : posts.filter((p) => !p.data.draft));
}

/** URL-safe form of a tag: "Variational Inference" → "variational-inference". */
export function tagSlug(tag: string): string {
  const slug = slugWords(tag);
  if (!slug) throw new Error(`Tag ${JSON.stringify(tag)} has no letters or digits to make a URL from.`);
  return slug;
}

export interface TagSummary {
  tag: string;
  slug: string;
  count: number;
}

/**
 * Every tag with its number of posts, most used first. Tags that differ only in case or
 * punctuation share a slug and are counted together under the first spelling seen.
 */
export function tagSummaries(posts: readonly PostLike[]): TagSummary[] {
  const bySlug = new Map<string, TagSummary>();
  for (const post of posts) {
    for (const slug of new Set(post.data.tags.map(tagSlug))) {
      const tag = post.data.tags.find((t) => tagSlug(t) === slug)!;
      const summary = bySlug.get(slug) ?? { tag, slug, count: 0 };
      summary.count += 1;
      bySlug.set(slug, summary);
    }
  }
  return [...bySlug.values()].sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
}

/** Posts carrying the tag with this slug. */
export function postsWithTag<P extends PostLike>(posts: readonly P[], slug: string): P[] {
  return posts.filter((p) => p.data.tags.some((t) => tagSlug(t) === slug));
}

/** Posts grouped by year of publication, newest year first (posts keep their order). */
export function postsByYear<P extends PostLike>(posts: readonly P[]): { year: number; posts: P[] }[] {
  const groups = new Map<number, P[]>();
  for (const post of sortPosts(posts)) {
    const year = post.data.date.getUTCFullYear();
    groups.set(year, [...(groups.get(year) ?? []), post]);
  }
  return [...groups.entries()].map(([year, ps]) => ({ year, posts: ps }));
}

export interface Page<T> {
  items: T[];
  /** 1-based. */
  current: number;
  last: number;
}

/** Split items into pages of `size`; an empty list is one empty page. */
export function paginate<T>(items: readonly T[], size: number): Page<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`Page size must be a positive integer, got ${size}`);
  const last = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: last }, (_, i) => ({
    items: items.slice(i * size, (i + 1) * size),
    current: i + 1,
    last,
  }));
}

/** URL path of listing page n (1-based): "/" then "/page/2/", "/page/3/", … */
export function listingPath(n: number): string {
  return n <= 1 ? '/' : `/page/${n}/`;
}

/** The neighbours of a post in newest-first order: `newer` and `older`, when they exist. */
export function adjacentPosts<P extends PostLike>(sorted: readonly P[], id: string): { newer?: P; older?: P } {
  const i = sorted.findIndex((p) => p.id === id);
  if (i === -1) return {};
  const result: { newer?: P; older?: P } = {};
  if (i > 0) result.newer = sorted[i - 1]!;
  if (i < sorted.length - 1) result.older = sorted[i + 1]!;
  return result;
}

/** URL path of a post. */
export function postPath(id: string): string {
  return `/posts/${id}/`;
}

/** URL path of a tag page. */
export function tagPath(slug: string): string {
  return `/tags/${slug}/`;
}
