import { describe, expect, it } from 'vitest';
import { feedItem } from './feed-item.ts';
import { resolveSiteConfig } from '../../config.ts';

describe('feed items', () => {
  it('carries the full content, the post URL, the date and the tags', () => {
    const config = resolveSiteConfig({ SITE_URL: 'https://example.org/' });
    const item = feedItem(
      { id: 'elbo', data: { title: 'ELBO', date: new Date('2026-01-02'), description: 'Bound.', tags: ['VAE'] } },
      '<p>Body <a href="#x">x</a></p>',
      config,
    );
    expect(item).toMatchObject({
      title: 'ELBO',
      link: 'https://example.org/posts/elbo/',
      description: 'Bound.',
      categories: ['VAE'],
      content: '<p>Body <a href="https://example.org/posts/elbo/#x">x</a></p>',
    });
    expect(item.pubDate).toEqual(new Date('2026-01-02'));
    expect(item.customData).toContain(config.author.name);
  });
});
