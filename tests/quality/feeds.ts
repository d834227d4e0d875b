/** Reading feeds the way feed readers do, and the checks every feed of the site must pass. */
import type { Page } from 'playwright-core';

export interface ParsedFeed {
  error: string | null;
  root: string | undefined;
  title: string | undefined;
  self: string | undefined;
  items: { title: string; link: string; pubDate: string; content: string; categories: string[] }[];
}

/** Parse the feed at `url` with the browser's own XML parser, as a feed reader would. */
export function parseFeed(page: Page, url: string): Promise<ParsedFeed> {
  return page.evaluate(async (url) => {
    const xml = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const error = doc.querySelector('parsererror')?.textContent ?? null;
    const ns = 'http://purl.org/rss/1.0/modules/content/';
    return {
      error,
      root: doc.documentElement.getAttribute('version') ?? undefined,
      title: doc.querySelector('channel > title')?.textContent ?? undefined,
      self: doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')[0]?.getAttribute('href') ?? undefined,
      items: [...doc.querySelectorAll('item')].map((item) => ({
        title: item.querySelector('title')?.textContent ?? '',
        link: item.querySelector('link')?.textContent ?? '',
        pubDate: item.querySelector('pubDate')?.textContent ?? '',
        content: item.getElementsByTagNameNS(ns, 'encoded')[0]?.textContent ?? '',
        categories: [...item.querySelectorAll('category')].map((c) => c.textContent ?? ''),
      })),
    };
  }, url);
}

/** RFC 822 dates as RSS 2.0 requires, in the form @astrojs/rss writes them. */
export const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;

/** What is wrong with a feed: not well-formed, not RSS 2.0, an item without content or date. */
export function feedProblems(feed: ParsedFeed): string[] {
  const problems: string[] = [];
  if (feed.error) return [`not well-formed XML: ${feed.error.split('\n')[0]}`];
  if (feed.root !== '2.0') problems.push(`not RSS 2.0 (version ${feed.root})`);
  if (feed.items.length === 0) problems.push('no items');
  for (const item of feed.items) {
    if (!item.title) problems.push('an item without a title');
    if (!RFC_822.test(item.pubDate)) problems.push(`${item.title}: date "${item.pubDate}" is not RFC 822`);
    if (item.content.length < 200) problems.push(`${item.title}: no full content`);
    if (/class="katex/.test(item.content)) problems.push(`${item.title}: KaTeX HTML instead of MathML`);
  }
  return problems;
}
