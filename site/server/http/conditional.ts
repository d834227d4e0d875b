/**
 * Conditional GET (RFC 9110 §13): whether a cached copy the client holds is still current, so the
 * server can answer 304 without the body.
 */

export interface Validators {
  /** The representation's entity tag, quoted: `"…"` or `W/"…"`. */
  etag: string;
  lastModified: Date;
}

type ConditionalHeaders = { 'if-none-match'?: string; 'if-modified-since'?: string };

/**
 * If-None-Match wins when present (§13.1.2, weak comparison: `W/` is ignored on both sides, and
 * `*` matches any current representation); else If-Modified-Since, compared at the one-second
 * resolution of HTTP dates.
 */
export function isNotModified(headers: ConditionalHeaders, current: Validators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === '*') return true;
    const ours = opaqueTag(current.etag);
    return [...noneMatch.matchAll(ENTITY_TAG)].some((m) => m[1] === ours);
  }
  const since = ifModifiedSince(headers);
  return since !== null && Math.floor(current.lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * The If-Modified-Since time that counts, in ms: null when the header is absent, is not an
 * HTTP-date, or stands beside If-None-Match, which overrides it (§13.1.3).
 */
export function ifModifiedSince(headers: ConditionalHeaders): number | null {
  const since = headers['if-modified-since'];
  return since === undefined || headers['if-none-match'] !== undefined ? null : parseHttpDate(since);
}

// An entity tag in a list; etagc excludes the quote, so a tag ends at the next one (§8.8.3).
const ENTITY_TAG = /(?:W\/)?"([^"]*)"/g;

function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, '').slice(1, -1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const MONTH = `(${MONTHS.join('|')})`;
/** The three formats a recipient must accept (§5.6.7), as [day, month, year, h, m, s] groups. */
const FORMATS: { pattern: RegExp; order: number[] }[] = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  {
    pattern: new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`),
    order: [1, 2, 3, 4, 5, 6],
  },
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  { pattern: new RegExp(`^[A-Z][a-z]{5,8}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`), order: [1, 2, 3, 4, 5, 6] },
  // asctime: Sun Nov  6 08:49:37 1994
  { pattern: new RegExp(`^[A-Z][a-z]{2} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`), order: [2, 1, 6, 3, 4, 5] },
];

/**
 * Milliseconds since the epoch, or null if `value` is not an HTTP-date. Date.parse is no use here:
 * it takes "1" for the year 2001 and reads asctime in the server's local time zone. Two-digit
 * RFC 850 years are taken as 1970-2069.
 */
export function parseHttpDate(value: string): number | null {
  for (const { pattern, order } of FORMATS) {
    const match = pattern.exec(value);
    if (!match) continue;
    const [day, month, year, hour, minute, second] = order.map((i) => match[i]!.trim());
    const y = year!.length === 2 ? Number(year) + (Number(year) < 70 ? 2000 : 1900) : Number(year);
    const fields = [y, MONTHS.indexOf(month!), Number(day), Number(hour), Number(minute), Number(second)] as const;
    const date = new Date(Date.UTC(...fields));
    // Date.UTC rolls 31 Feb over into March and 25:00 into the next day; a real date survives.
    const back = [
      date.getUTCFullYear(),
      date.getUTCMonth(),
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ];
    return back.every((v, i) => v === fields[i]) ? date.getTime() : null;
  }
  return null;
}
