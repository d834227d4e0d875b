/**
 * The names a scaffolded post gets: its slug (the folder, and the experiment's name), the island's
 * component name, and the identifiers of the experiment module. Pure, so that the rules are tested
 * without touching files.
 */
import { slugWords } from '@bounded-rationality/core/text/slug.ts';

/** Longest slug, in characters; longer titles are cut at a word boundary. */
export const MAX_SLUG = 60;
/** Longest title accepted, in characters. */
export const MAX_TITLE = 120;

/** A slug, an experiment name and an artifact name part: lower-case words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An island: a PascalCase component name, as the files in site/islands/ are named. */
export const ISLAND_PATTERN = /^[A-Z][A-Za-z0-9]*$/;

/** A user-facing error: what is wrong, and what to do instead. Nothing has been written when it is thrown. */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

/** Checks a post title; returns it trimmed. */
export function checkTitle(title: string | undefined): string {
  const trimmed = (title ?? '').trim();
  if (trimmed === '') throw new ScaffoldError('The post needs a title: npm run new -- post "A Title".');
  if (/[\r\n]/.test(trimmed)) throw new ScaffoldError('The title must be one line.');
  if (trimmed.length > MAX_TITLE)
    throw new ScaffoldError(`The title has ${trimmed.length} characters; keep it to ${MAX_TITLE}.`);
  if (slugify(trimmed) === '')
    throw new ScaffoldError(
      `The title ${JSON.stringify(trimmed)} has no letters or digits to make a slug from; add some, or pass --slug.`,
    );
  return trimmed;
}

/**
 * The URL slug of a title: accents dropped (é → e), lower case, every run of other characters one
 * hyphen, cut to {@link MAX_SLUG} characters at a hyphen. '' when nothing is left.
 */
export function slugify(title: string): string {
  const slug = slugWords(title);
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, MAX_SLUG)).replace(/-+$/, '');
}

/** Checks a slug given with --slug (or made from the title). */
export function checkSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG)
    throw new ScaffoldError(
      `The slug ${JSON.stringify(slug)} must be lower-case words joined by "-", at most ${MAX_SLUG} characters.`,
    );
  return slug;
}

/** Checks an island name given with --island. */
export function checkIsland(name: string): string {
  if (!ISLAND_PATTERN.test(name))
    throw new ScaffoldError(`The island name ${JSON.stringify(name)} must be PascalCase, such as DecisionSurface.`);
  return name;
}

/** `two-moons` → `TwoMoons`; a leading digit gets a `Post` prefix, since a component name cannot start with one. */
export function pascalCase(slug: string): string {
  const name = slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return /^[0-9]/.test(name) ? `Post${name}` : name;
}

/** `two-moons` → `twoMoons`: the experiment's exported constant. */
export function camelCase(slug: string): string {
  const name = pascalCase(slug);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The island made for a post by default: `<PascalSlug>Demo`. */
export const defaultIsland = (slug: string): string => `${pascalCase(slug)}Demo`;

/** A string as a single-quoted YAML scalar ('' escapes a quote). */
export const yamlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** A string as a single-quoted TypeScript literal. */
export const tsString = (value: string): string =>
  `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\u2028|\u2029/g, ' ')}'`;

/** Today's date as YYYY-MM-DD in UTC (posts are dated by the calendar day of UTC). */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);
