/**
 * What the search page shows for a Pagefind result, DOM-free: the post, the headings that matched
 * (each a link to its anchor), and excerpts as text segments, with Pagefind's <mark>s as flags.
 * Excerpts are built as text nodes and <mark> elements from these segments, never as HTML, so
 * nothing in an excerpt can become markup.
 */

/** The part of Pagefind's `result.data()` the page uses (pagefind's PagefindSearchFragment). */
export interface PagefindData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  sub_results?: { url: string; title: string; excerpt: string }[];
}

export interface Segment {
  text: string;
  marked: boolean;
}

export interface SearchHit {
  url: string;
  title: string;
  /** Empty when a section below shows the same words. */
  excerpt: Segment[];
  /** Matching sections: a heading's title, its `post-url#heading-id` link and what matched there. */
  sections: { url: string; title: string; excerpt: Segment[] }[];
}

/** Sections shown per post: the best few, in Pagefind's order. */
export const MAX_SECTIONS = 3;

/** Pagefind escapes `<` and `>` (only those) in the page text before it adds its <mark>s. */
const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** An excerpt as segments: only `<mark>`…`</mark>` is read as markup; every other tag is dropped. */
export function excerptSegments(html: string): Segment[] {
  const segments: Segment[] = [];
  let marked = false;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else {
      const text = decode(part.replace(/<[^>]*>/g, ''));
      if (text) segments.push({ text, marked });
    }
  }
  return segments;
}

/** A result as the page shows it; `sub_results` without an anchor are the page itself. */
export function searchHit(data: PagefindData): SearchHit {
  const shown = (data.sub_results ?? []).filter((s) => s.url.includes('#')).slice(0, MAX_SECTIONS);
  const sections = shown.map((s) => ({ url: s.url, title: s.title, excerpt: excerptSegments(s.excerpt) }));
  // Pagefind's page excerpt is often its best section's excerpt: say it once, under the heading.
  const repeated = shown.some((s) => s.excerpt === data.excerpt);
  return {
    url: data.url,
    title: data.meta.title ?? data.url,
    excerpt: repeated ? [] : excerptSegments(data.excerpt),
    sections,
  };
}

/** What the live region says once a search is done. */
export function resultCountMessage(count: number, query: string): string {
  if (count === 0) return `No posts match “${query}”.`;
  return `${count} ${count === 1 ? 'post matches' : 'posts match'} “${query}”.`;
}
