/** Dates are calendar days written in frontmatter; format them in UTC so no time zone shifts them. */
const long = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** "23 November 2026" style, as the reader sees it. */
export function formatDate(date: Date): string {
  return long.format(date);
}

/** "2026-11-23", for `<time datetime>`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
