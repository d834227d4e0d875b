import { describe, expect, it } from 'vitest';
import {
  bibtex,
  blogPostingJsonLd,
  citationKey,
  plainCitation,
  scholarMeta,
  scriptSafeJson,
  type CitedPost,
} from './citation.ts';
import { parseBibtex, printed } from '../../tests/support/bibtex.ts';

const post: CitedPost = {
  title: 'Variational Autoencoders with Inverse Autoregressive Flows',
  description: 'Flows for posteriors.',
  author: 'Brian Keng',
  url: 'https://example.org/posts/vae-iaf/',
  siteTitle: 'Bounded Rationality',
  siteUrl: 'https://example.org',
  published: new Date('2026-11-24'),
  updated: new Date('2026-12-01'),
  tags: ['VAE', 'Normalizing Flows'],
  lang: 'en',
};

describe('bibtex', () => {
  it('writes an entry that a BibTeX reader parses back into the post’s facts', () => {
    const entry = parseBibtex(bibtex(post));
    expect(entry.type).toBe('misc');
    expect(entry.key).toBe('keng2026variational');
    expect(printed(entry.fields.author!)).toBe('Keng, Brian');
    expect(printed(entry.fields.title!)).toBe(post.title);
    // Double braces keep the capitals of the title in styles that lower-case titles.
    expect(entry.fields.title).toBe(`{${post.title}}`);
    expect(printed(entry.fields.howpublished!)).toBe('Bounded Rationality');
    expect(entry.fields.year).toBe('2026');
    expect(entry.fields.month).toBe('nov');
    expect(entry.fields.url).toBe(post.url);
    expect(entry.fields.note).toBe('Updated 2026-12-01');
  });

  it('keeps every special character of a title printable and the braces balanced', () => {
    const title = 'Odd {title}: 50% of $x_1$ & #2 ~ ^ \\ end}';
    const entry = parseBibtex(bibtex({ ...post, title, updated: undefined }));
    expect(printed(entry.fields.title!)).toBe(title);
    expect(entry.fields.note).toBeUndefined();
  });

  it('keys on the first significant word and the year, in plain ASCII', () => {
    expect(citationKey({ ...post, title: 'The Hard Thing about Machine Learning' })).toBe('keng2026hard');
    expect(citationKey({ ...post, author: 'Zoë Müller', title: 'Über-Flows' })).toBe('muller2026uber');
    expect(citationKey({ ...post, published: new Date('2017-01-01'), title: 'A Note' })).toBe('keng2017note');
  });

  it('names December and January right (months are zero-based in Date)', () => {
    expect(parseBibtex(bibtex({ ...post, published: new Date('2026-12-31') })).fields.month).toBe('dec');
    expect(parseBibtex(bibtex({ ...post, published: new Date('2026-01-01') })).fields.month).toBe('jan');
  });
});

describe('the plain-text citation', () => {
  it('reads author, quoted title, site, dates and URL', () => {
    expect(plainCitation(post)).toBe(
      'Brian Keng. “Variational Autoencoders with Inverse Autoregressive Flows.” Bounded Rationality, ' +
        'November 24, 2026 (updated December 1, 2026). https://example.org/posts/vae-iaf/',
    );
    expect(plainCitation({ ...post, updated: undefined })).not.toMatch(/updated/);
  });
});

describe('Google Scholar tags', () => {
  it('gives title, author, dates as YYYY/MM/DD and the public URL', () => {
    expect(Object.fromEntries(scholarMeta(post))).toEqual({
      citation_title: post.title,
      citation_author: 'Keng, Brian',
      citation_publication_date: '2026/11/24',
      citation_online_date: '2026/12/01',
      citation_public_url: post.url,
      citation_language: 'en',
    });
  });
});

describe('JSON-LD', () => {
  it('describes a BlogPosting with its dates, author and publisher', () => {
    const ld = blogPostingJsonLd({ ...post, updated: undefined }, 'https://example.org/og/vae-iaf.png');
    expect(ld).toMatchObject({
      '@type': 'BlogPosting',
      headline: post.title,
      datePublished: '2026-11-24',
      dateModified: '2026-11-24',
      author: { '@type': 'Person', name: 'Brian Keng', url: 'https://example.org/about/' },
      publisher: { name: 'Bounded Rationality', url: 'https://example.org/' },
      image: 'https://example.org/og/vae-iaf.png',
      keywords: 'VAE, Normalizing Flows',
    });
  });

  it('cannot close its script element, and parses back to the same value', () => {
    const value = { headline: '</script><script>alert(1)</script>', text: 'a\u2028b\u2029c' };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/<\/|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
