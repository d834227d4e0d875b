/**
 * The request target (RFC 9112 §3.2), parsed once and normalised before anything looks at it: the
 * file lookup, the caching decision and Astro's router all see the same canonical path, so no
 * spelling of a path (`//`, `%2e%2e`, `/_astro/../`) means one thing to one of them and another
 * thing to the next, and no path that reaches Astro can read as a host (`//evil.example/`).
 */
import { isIPv6 } from 'node:net';

export type RequestTarget =
  /** `OPTIONS *`: the server as a whole. */
  | { form: 'asterisk' }
  /** `path` is normalised and percent-encoded; `query` is as sent, without the `?`. */
  | { form: 'path'; path: string; query: string; authority?: string };

export interface BadTarget {
  status: 400 | 414;
  problem: string;
}

/** Longer targets get 414. Past 16 KiB of request head, Node's parser refuses first (431). */
export const MAX_TARGET_LENGTH = 8 * 1024;

const ABSOLUTE_FORM = /^https?:\/\/([^/?]*)(.*)$/i;
const PERCENT = /%(?![0-9A-Fa-f]{2})/;
// Printable ASCII without space: anything else a client must percent-encode (RFC 3986 §2).
const PRINTABLE = /^[\x21-\x7e]*$/;
// Decoded path bytes that no page of the site contains and that mean trouble if they reach a
// file system or a URL parser: the separators, the C0 controls (NUL among them) and DEL.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_IN_SEGMENT = /[/\\\x00-\x1f\x7f]/;
const DOMAIN_OR_IPV4 = /^[A-Za-z0-9._~-]+$/;

export function parseRequestTarget(method: string, target: string): RequestTarget | BadTarget {
  if (target.length > MAX_TARGET_LENGTH) {
    return { status: 414, problem: `The request target is longer than ${MAX_TARGET_LENGTH} characters.` };
  }
  if (target === '*') {
    return method === 'OPTIONS' ? { form: 'asterisk' } : bad('Only OPTIONS may ask for "*".');
  }
  if (!PRINTABLE.test(target)) return bad('The request target has a space, a control or a non-ASCII character.');
  if (target.includes('#')) return bad('The request target has a fragment (#), which clients must not send.');
  let authority: string | undefined;
  let rest = target;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) {
    authority = absolute[1]!;
    if (!isValidAuthority(authority)) return bad('The request target names an invalid host or port.');
    rest = absolute[2]!.startsWith('/') ? absolute[2]! : `/${absolute[2]!}`;
  } else if (!target.startsWith('/')) {
    return bad('The request target is neither a path nor an absolute http URL.');
  }
  const q = rest.indexOf('?');
  const path = normalisePath(q < 0 ? rest : rest.slice(0, q));
  if (path === null) return bad('The request path is not a valid path.');
  const query = q < 0 ? '' : rest.slice(q + 1);
  if (decodes(query) === null) return bad('The query has invalid percent-encoding.');
  return authority === undefined ? { form: 'path', path, query } : { form: 'path', path, query, authority };
}

/**
 * The canonical form of an absolute path: empty and dot segments removed (encoded dots too;
 * `..` stops at the root, as in RFC 3986 §5.2.4), each segment decoded and re-encoded the one
 * way. Null for a path no file or route can have: bad percent-encoding, invalid UTF-8, or a
 * segment that decodes to a separator or a control character.
 */
export function normalisePath(path: string): string | null {
  if (!path.startsWith('/') || path.includes('\\')) return null;
  const segments: string[] = [];
  // A path that ends in a separator or a dot segment (`/a/`, `/a/.`, `/a/b/..`) names a directory.
  let directory = false;
  for (const segment of path.slice(1).split('/')) {
    const decoded = decodes(segment);
    if (decoded === null || FORBIDDEN_IN_SEGMENT.test(decoded)) return null;
    directory = decoded === '' || decoded === '.' || decoded === '..';
    if (decoded === '..') segments.pop();
    else if (!directory) segments.push(encodeSegment(decoded));
  }
  return segments.length === 0 ? '/' : `/${segments.join('/')}${directory ? '/' : ''}`;
}

/** `host[:port]` as an HTTP authority without userinfo: a name or IPv4, or a bracketed IPv6. */
export function isValidAuthority(authority: string): boolean {
  const colon = authority.lastIndexOf(':');
  const hasPort = colon >= 0 && !authority.slice(colon).includes(']');
  const host = hasPort ? authority.slice(0, colon) : authority;
  const port = hasPort ? authority.slice(colon + 1) : '';
  if (!/^\d{0,5}$/.test(port) || Number(port) > 65535) return false;
  return DOMAIN_OR_IPV4.test(host) || (host.startsWith('[') && host.endsWith(']') && isIPv6(host.slice(1, -1)));
}

function bad(problem: string): BadTarget {
  return { status: 400, problem };
}

function decodes(text: string): string | null {
  if (PERCENT.test(text)) return null;
  try {
    return decodeURIComponent(text);
  } catch {
    return null; // not UTF-8
  }
}

// encodeURIComponent escapes these, but a path segment may carry them as they are (RFC 3986 pchar).
const PCHAR_ESCAPES = /%(24|26|2B|2C|3A|3B|3D|40)/g;

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(PCHAR_ESCAPES, (escape) => decodeURIComponent(escape));
}
