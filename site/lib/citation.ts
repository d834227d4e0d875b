/**
 * How to cite a post: BibTeX, a plain-text reference, Google Scholar's `citation_*` tags and
 * schema.org JSON-LD, all from the same few facts of the post's frontmatter and the site config.
 */
import { formatDate, isoDate } from './dates.ts';

export interface CitedPost {
  title: string;
  description: string;
  /** The author's name as written, given name first ("Brian Keng"). */
  author: string;
  /** Canonical absolute URL of the post. */
  url: string;
  /** The publication, i.e. the blog's name. */
  siteTitle: string;
  siteUrl: string;
  published: Date;
  updated?: Date | undefined;
  tags: readonly string[];
  lang: string;
}

/** "Brian Keng" → { family: "Keng", given: "Brian" }: the last word is the family name. */
export function splitName(name: string): { family: string; given: string } {
  const words = name.trim().split(/\s+/);
  const family = words.pop() ?? '';
  return { family, given: words.join(' ') };
}

// BibTeX's special characters, each as the command that prints it.
const BIBTEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text as a BibTeX field value prints it; braces stay balanced whatever the input. */
export function escapeBibtex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => BIBTEX_ESCAPES[c]!);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Words a citation key skips, so that "The Hard Thing about…" is keyed on "hard".
const STOP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'and', 'in', 'for', 'with', 'to', 'about']);

/** "keng2026variational": family name, year, first significant title word; ASCII letters only. */
export function citationKey(post: Pick<CitedPost, 'author' | 'title' | 'published'>): string {
  const ascii = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9\s-]/g, '')
      .toLowerCase();
  const word =
    ascii(post.title)
      .split(/[\s-]+/)
      .find((w) => w && !STOP_WORDS.has(w)) ?? 'post';
  return `${ascii(splitName(post.author).family).replace(/\s+/g, '') || 'anon'}${post.published.getUTCFullYear()}${word}`;
}

/**
 * A `@misc` entry, which plain BibTeX and biblatex both accept for a web page. The title is
 * double-braced so that styles keep its capitalisation.
 */
export function bibtex(post: CitedPost): string {
  const { family, given } = splitName(post.author);
  const fields: [string, string][] = [
    ['author', `{${escapeBibtex(given ? `${family}, ${given}` : family)}}`],
    ['title', `{{${escapeBibtex(post.title)}}}`],
    ['howpublished', `{${escapeBibtex(post.siteTitle)}}`],
    ['year', `{${post.published.getUTCFullYear()}}`],
    ['month', MONTHS[post.published.getUTCMonth()]!],
    ['url', `{${post.url}}`],
  ];
  if (post.updated) fields.push(['note', `{Updated ${isoDate(post.updated)}}`]);
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n');
  return `@misc{${citationKey(post)},\n${body}\n}`;
}

/** Author. “Title.” Site, November 24, 2026 (updated December 1, 2026). URL */
export function plainCitation(post: CitedPost): string {
  const updated = post.updated ? ` (updated ${formatDate(post.updated)})` : '';
  return `${post.author}. “${post.title}.” ${post.siteTitle}, ${formatDate(post.published)}${updated}. ${post.url}`;
}

/** Google Scholar's meta tags, as [name, content] pairs in the order Scholar documents them. */
export function scholarMeta(post: CitedPost): [string, string][] {
  const day = (d: Date) => isoDate(d).replaceAll('-', '/');
  const { family, given } = splitName(post.author);
  const meta: [string, string][] = [
    ['citation_title', post.title],
    ['citation_author', given ? `${family}, ${given}` : family],
    ['citation_publication_date', day(post.published)],
  ];
  if (post.updated) meta.push(['citation_online_date', day(post.updated)]);
  meta.push(['citation_public_url', post.url], ['citation_language', post.lang]);
  return meta;
}

/** schema.org `BlogPosting` for search engines. */
export function blogPostingJsonLd(post: CitedPost, image?: string): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.description,
    url: post.url,
    mainEntityOfPage: post.url,
    datePublished: isoDate(post.published),
    dateModified: isoDate(post.updated ?? post.published),
    inLanguage: post.lang,
    keywords: post.tags.join(', '),
    author: { '@type': 'Person', name: post.author, url: new URL('about/', `${post.siteUrl}/`).href },
    publisher: { '@type': 'Organization', name: post.siteTitle, url: `${post.siteUrl}/` },
    ...(image ? { image } : {}),
  };
}

/**
 * JSON for inside a `<script>` element: `<` is escaped so that no string in it can close the
 * element, and the two line separators that older parsers reject are escaped too.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
