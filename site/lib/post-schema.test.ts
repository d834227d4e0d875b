import { describe, expect, it } from 'vitest';
import { postSchema } from './post-schema.ts';

const valid = { title: 'A post', date: '2026-11-23', description: 'What it is about.', tags: ['VAE'] };

describe('post schema', () => {
  it('accepts a complete post and fills the defaults', () => {
    const post = postSchema.parse({ title: 'A post', date: '2026-11-23', description: 'About.' });
    expect(post.date).toEqual(new Date('2026-11-23'));
    expect(post.tags).toEqual([]);
    expect(post.draft).toBe(false);
    expect(post.updated).toBeUndefined();
  });

  it('parses an update date and a draft flag', () => {
    const post = postSchema.parse({ ...valid, updated: '2026-12-01', draft: true });
    expect(post.updated).toEqual(new Date('2026-12-01'));
    expect(post.draft).toBe(true);
  });

  it.each([
    ['a missing title', { ...valid, title: undefined }, 'title'],
    ['an empty title', { ...valid, title: '  ' }, 'title'],
    ['an unparseable date', { ...valid, date: 'yesterday' }, 'date'],
    ['a missing description', { ...valid, description: undefined }, 'description'],
    ['tags that are not a list', { ...valid, tags: 'VAE' }, 'tags'],
    ['an update before publication', { ...valid, updated: '2020-01-01' }, 'updated'],
    ['a misspelt field', { ...valid, tag: ['VAE'] }, ''],
    ['a key figure that is not PNG or SVG', { ...valid, image: './figures/plot.pdf' }, 'image'],
    ['a key figure not relative to the post', { ...valid, image: '/figures/plot.png' }, 'image'],
    ['a key figure outside the post folder', { ...valid, image: './../other/figures/plot.png' }, 'image'],
  ])('rejects %s', (_what, input, path) => {
    const result = postSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts a key figure relative to the post folder, PNG or SVG', () => {
    expect(postSchema.parse({ ...valid, image: './figures/samples.png' }).image).toBe('./figures/samples.png');
    expect(postSchema.parse({ ...valid, image: './figures/curve.SVG' }).image).toBe('./figures/curve.SVG');
    expect(postSchema.parse(valid).image).toBeUndefined();
    expect(postSchema.safeParse({ ...valid, image: 'figures/a.gif' }).error?.issues[0]?.message).toBe(
      'must be a PNG or SVG file relative to the post folder, such as ./figures/samples.png',
    );
  });

  it('says what to write when a date is missing or malformed', () => {
    const messages = (input: object) => postSchema.safeParse(input).error?.issues.map((i) => i.message);
    expect(messages({ ...valid, date: undefined })).toEqual(['is required (a date such as 2026-11-23)']);
    expect(messages({ ...valid, date: 'soon' })).toEqual(['must be a date such as 2026-11-23']);
    expect(postSchema.parse({ ...valid, date: new Date('2026-01-02') }).date).toEqual(new Date('2026-01-02'));
  });
});
