import { describe, expect, it } from 'vitest';
import { resolveSiteConfig } from './config.ts';

describe('site config', () => {
  it('takes the deployment URL from the environment and rejects a relative one', () => {
    expect(resolveSiteConfig({ SITE_URL: 'https://example.org///' }).url).toBe('https://example.org');
    expect(() => resolveSiteConfig({ SITE_URL: 'example.org' })).toThrow(/absolute http\(s\) URL/);
  });
});
