import { describe, expect, it } from 'vitest';
import {
  adjacentPosts,
  listingPath,
  paginate,
  postsByYear,
  postsWithTag,
  sortPosts,
  tagSlug,
  tagSummaries,
  visiblePosts,
  type PostLike,
} from './posts.ts';

const post = (id: string, date: string, tags: string[] = [], draft = false): PostLike => ({
  id,
  data: { title: id, date: new Date(date), tags, draft },
});

const posts = [
  post('old', '2024-05-01', ['VAE', 'Probability']),
  post('new', '2026-02-01', ['vae']),
  post('draft', '2026-06-01', ['Flows'], true),
  post('mid', '2025-09-01', ['Probability']),
];

describe('post helpers', () => {
  it('sorts newest first, ties by title', () => {
    expect(sortPosts(posts).map((p) => p.id)).toEqual(['draft', 'new', 'mid', 'old']);
    expect(sortPosts([post('b', '2026-01-01'), post('a', '2026-01-01')]).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('hides drafts unless asked to show them', () => {
    expect(visiblePosts(posts, false).map((p) => p.id)).toEqual(['new', 'mid', 'old']);
    expect(visiblePosts(posts, true)).toHaveLength(4);
  });

  it('makes URL-safe tag slugs', () => {
    expect(tagSlug('Variational Inference')).toBe('variational-inference');
    expect(tagSlug('Gödel & Bayes')).toBe('godel-bayes');
    expect(() => tagSlug('!!!')).toThrow(/no letters or digits/);
  });

  it('counts tags case-insensitively, most used first', () => {
    expect(tagSummaries(visiblePosts(posts, false))).toEqual([
      { tag: 'Probability', slug: 'probability', count: 2 },
      { tag: 'vae', slug: 'vae', count: 2 },
    ]);
    expect(postsWithTag(posts, 'vae').map((p) => p.id)).toEqual(['old', 'new']);
  });

  it('groups by year, newest year first', () => {
    expect(postsByYear(visiblePosts(posts, false)).map((g) => [g.year, g.posts.map((p) => p.id)])).toEqual([
      [2026, ['new']],
      [2025, ['mid']],
      [2024, ['old']],
    ]);
  });

  it('paginates, with one empty page for no posts', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2);
    expect(pages.map((p) => p.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages.map((p) => [p.current, p.last])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(paginate([], 10)).toEqual([{ items: [], current: 1, last: 1 }]);
    expect(() => paginate([1], 0)).toThrow(/positive integer, got 0/);
    expect([1, 2, 3].map(listingPath)).toEqual(['/', '/page/2/', '/page/3/']);
  });

  it('finds the newer and older neighbours', () => {
    const sorted = visiblePosts(posts, false);
    expect(adjacentPosts(sorted, 'mid')).toEqual({ newer: sorted[0], older: sorted[2] });
    expect(adjacentPosts(sorted, 'new')).toEqual({ older: sorted[1] });
    expect(adjacentPosts(sorted, 'missing')).toEqual({});
  });
});
