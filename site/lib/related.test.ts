import { describe, expect, it } from 'vitest';
import { linkedSlugs, relatedPosts, type RelatablePost } from './related.ts';

const post = (id: string, date: string, tags: string[], body = ''): RelatablePost => ({
  id,
  body,
  data: { title: id.toUpperCase(), date: new Date(date), tags, draft: false },
});

describe('linkedSlugs', () => {
  it('finds Markdown, JSX and absolute links to posts, with or without anchors', () => {
    const body = [
      'See [MADE](/posts/made/) and [the flow](/posts/vae-iaf/#flows).',
      '<a href="/posts/semi-supervised-vae">M2</a> and https://example.org/posts/ranking-1/?x=1',
      'Not a post: /postscript/x, /posts/, /posts/Upper/, /posts/figure.png or /tags/made/.',
    ].join('\n');
    expect([...linkedSlugs(body)].sort()).toEqual(['made', 'ranking-1', 'semi-supervised-vae', 'vae-iaf']);
  });
});

describe('relatedPosts', () => {
  const posts = [
    post('iaf', '2026-11-24', ['VAE', 'Normalizing Flows'], "Its masks are [MADE](/posts/made/)'s."),
    post('made', '2026-12-01', ['Density Estimation']),
    post('m2', '2026-12-02', ['vae', 'Semi-supervised']),
    post('flows', '2026-10-01', ['VAE', 'Normalizing Flows']),
    post('old-flows', '2025-10-01', ['Normalizing Flows']),
    post('ranking', '2026-12-02', ['Ranking']),
  ];

  it('finds linked posts in both directions although they share no tag', () => {
    expect(relatedPosts(posts, 'iaf').map((r) => r.post.id)).toContain('made');
    const back = relatedPosts(posts, 'made');
    expect(back.map((r) => r.post.id)).toEqual(['iaf']);
    expect(back[0]!.links).toEqual({ to: false, from: true });
  });

  it('ranks by links and shared tags (compared by slug), newest first among equals, at most three', () => {
    const related = relatedPosts(posts, 'iaf');
    // flows: two tags; made: a link (worth two), newer than flows; m2 and old-flows: one tag each.
    expect(related.map((r) => r.post.id)).toEqual(['made', 'flows', 'm2']);
    expect(related.find((r) => r.post.id === 'm2')!.sharedTags).toEqual(['vae']);
    expect(related[0]!.links).toEqual({ to: true, from: false });
  });

  it('lists nothing that shares nothing, and nothing for an unknown post', () => {
    expect(relatedPosts(posts, 'ranking')).toEqual([]);
    expect(relatedPosts(posts, 'nope')).toEqual([]);
    expect(relatedPosts(posts, 'iaf', 10).map((r) => r.post.id)).not.toContain('ranking');
  });
});
