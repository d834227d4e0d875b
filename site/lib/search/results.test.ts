import { describe, expect, it } from 'vitest';
import { excerptSegments, MAX_SECTIONS, resultCountMessage, searchHit } from './results.ts';

describe('excerptSegments', () => {
  it("reads Pagefind's <mark>s and nothing else as markup", () => {
    expect(excerptSegments('the <mark>bound</mark> is tight')).toEqual([
      { text: 'the ', marked: false },
      { text: 'bound', marked: true },
      { text: ' is tight', marked: false },
    ]);
  });

  it('keeps escaped page text as text, so it cannot become markup', () => {
    // Pagefind escapes < and > of the page text; the page builds text nodes from these strings.
    const segments = excerptSegments('a &lt;img src=x onerror=alert(1)&gt; and <mark>&lt;mark&gt;</mark>');
    expect(segments).toEqual([
      { text: 'a <img src=x onerror=alert(1)> and ', marked: false },
      { text: '<mark>', marked: true },
    ]);
  });

  it('drops any other tag', () => {
    expect(excerptSegments('<b>x</b><script>y</script>')).toEqual([{ text: 'xy', marked: false }]);
  });
});

describe('searchHit', () => {
  const data = {
    url: '/posts/elbo/',
    excerpt: 'the <mark>bound</mark>',
    meta: { title: 'The ELBO' },
    sub_results: [
      { url: '/posts/elbo/', title: 'The ELBO', excerpt: 'intro' },
      ...['a', 'b', 'c', 'd'].map((id) => ({ url: `/posts/elbo/#${id}`, title: id.toUpperCase(), excerpt: id })),
    ],
  };

  it('links the matching headings to their anchors, the best few', () => {
    const hit = searchHit(data);
    expect(hit.title).toBe('The ELBO');
    expect(hit.url).toBe('/posts/elbo/');
    expect(hit.sections.map((s) => s.url)).toEqual(['/posts/elbo/#a', '/posts/elbo/#b', '/posts/elbo/#c']);
    expect(hit.sections).toHaveLength(MAX_SECTIONS);
  });

  it('shows the page excerpt only where no section below repeats it', () => {
    expect(searchHit(data).excerpt).toEqual([
      { text: 'the ', marked: false },
      { text: 'bound', marked: true },
    ]);
    const repeated = { ...data, excerpt: 'b' };
    expect(searchHit(repeated).excerpt).toEqual([]);
    expect(searchHit(repeated).sections.map((s) => s.excerpt)).toContainEqual([{ text: 'b', marked: false }]);
  });

  it('falls back to the URL without a title', () => {
    expect(searchHit({ ...data, meta: {}, sub_results: undefined }).title).toBe('/posts/elbo/');
  });
});

it('announces the count', () => {
  expect(resultCountMessage(0, 'x')).toBe('No posts match “x”.');
  expect(resultCountMessage(1, 'x')).toBe('1 post matches “x”.');
  expect(resultCountMessage(3, 'x')).toBe('3 posts match “x”.');
});
