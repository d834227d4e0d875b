import { describe, expect, it } from 'vitest';
import { isValidAuthority, MAX_TARGET_LENGTH, normalisePath, parseRequestTarget } from './request-target.ts';

describe('normalisePath', () => {
  it.each([
    ['/', '/'],
    ['/about/', '/about/'],
    ['/about', '/about'],
    // Empty segments go: nothing downstream may read `//evil.example/` as a host.
    ['///', '/'],
    ['//evil.example/', '/evil.example/'],
    ['//x:99999/', '/x:99999/'],
    ['/posts//math-heavy/', '/posts/math-heavy/'],
    // Dot segments, plain or encoded, are resolved; `..` stops at the root.
    ['/a/./b', '/a/b'],
    ['/a/b/..', '/a/'],
    ['/a/.', '/a/'],
    ['/..', '/'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/_astro/%2e%2e/index.html', '/index.html'],
    ['/_astro/%2E%2e/%2E/index.html', '/index.html'],
    ['/_astro/..%2e', '/_astro/...'],
    // One spelling per path: unreserved bytes decoded, the rest encoded in upper case.
    ['/%61bout/', '/about/'],
    ['/caf%c3%a9', '/caf%C3%A9'],
    ['/a%20b', '/a%20b'],
    ['/a|b', '/a%7Cb'],
    ['/a:b@c;d=e,f+g$h&i', '/a:b@c;d=e,f+g$h&i'],
    ['/%3A%40', '/:@'],
  ])('%s → %s', (path, expected) => {
    expect(normalisePath(path)).toBe(expected);
  });

  it.each([
    ['no leading slash', 'about/'],
    ['a backslash, which URL parsers read as a slash', '/\\evil.example'],
    ['an encoded slash', '/..%2f..%2fetc/passwd'],
    ['an encoded backslash', '/a%5cb'],
    ['an encoded NUL', '/%00'],
    ['an encoded control character', '/a%0d%0aSet-Cookie:x'],
    ['a truncated escape', '/%E0%A4%A'],
    ['a non-hex escape', '/%zz'],
    ['a lone percent sign', '/100%'],
    ['escapes that are not UTF-8', '/%E0%A4'],
    ['an overlong UTF-8 dot', '/%C0%AE%C0%AE/'],
  ])('refuses %s', (_what, path) => {
    expect(normalisePath(path)).toBeNull();
  });
});

describe('parseRequestTarget', () => {
  it('takes origin form apart into the normalised path and the query as sent', () => {
    expect(parseRequestTarget('GET', '//about/?x=1&y=%2F')).toEqual({
      form: 'path',
      path: '/about/',
      query: 'x=1&y=%2F',
    });
    expect(parseRequestTarget('GET', '/a?')).toEqual({ form: 'path', path: '/a', query: '' });
    expect(parseRequestTarget('GET', '/a?b?c')).toEqual({ form: 'path', path: '/a', query: 'b?c' });
  });

  it('accepts absolute form and keeps its authority, which then names the host', () => {
    expect(parseRequestTarget('GET', 'http://example.com/about/?q')).toEqual({
      form: 'path',
      path: '/about/',
      query: 'q',
      authority: 'example.com',
    });
    expect(parseRequestTarget('GET', 'HTTPS://[::1]:8080')).toEqual({
      form: 'path',
      path: '/',
      query: '',
      authority: '[::1]:8080',
    });
    expect(parseRequestTarget('GET', 'http://h?q=1')).toEqual({
      form: 'path',
      path: '/',
      query: 'q=1',
      authority: 'h',
    });
    expect(parseRequestTarget('GET', 'http://h//evil.example/')).toEqual({
      form: 'path',
      path: '/evil.example/',
      query: '',
      authority: 'h',
    });
  });

  it('takes "*" from OPTIONS only', () => {
    expect(parseRequestTarget('OPTIONS', '*')).toEqual({ form: 'asterisk' });
    expect(parseRequestTarget('GET', '*')).toMatchObject({ status: 400 });
  });

  it.each([
    ['an authority-form target', 'evil.example:443'],
    ['a relative path', 'about'],
    ['another scheme', 'ftp://example.com/'],
    ['an unclosed IPv6 literal', 'http://[/'],
    ['a port out of range', 'http://x:99999/'],
    ['userinfo', 'http://user:pass@example.com/'],
    ['an empty host', 'http:///about/'],
    ['a fragment', '/about/#top'],
    ['a space', '/a b'],
    ['a control character', '/a\x01'],
    ['a non-ASCII character', '/café'],
    ['a bad path', '/\\evil.example%2f'],
    ['bad percent-encoding in the query', '/?q=%E0%A4%A'],
  ])('answers 400 to %s', (_what, target) => {
    const result = parseRequestTarget('GET', target);
    expect(result).toMatchObject({ status: 400 });
    expect((result as { problem: string }).problem).toMatch(/\.$/);
  });

  it('answers 414 to a target over the limit, and takes one at it', () => {
    const at = `/${'a'.repeat(MAX_TARGET_LENGTH - 1)}`;
    expect(parseRequestTarget('GET', at)).toMatchObject({ form: 'path', path: at });
    expect(parseRequestTarget('GET', `${at}a`)).toMatchObject({ status: 414 });
  });
});

describe('isValidAuthority', () => {
  it.each([
    'example.com',
    'example.com:8080',
    '127.0.0.1:4321',
    'localhost',
    '[::1]',
    '[::1]:4321',
    'x:',
    'a_b.example',
  ])('accepts %s', (authority) => expect(isValidAuthority(authority)).toBe(true));
  it.each([
    '',
    'a/b',
    'a?b',
    'a#b',
    'user@host',
    'x:99999',
    'x:80a',
    '[',
    '[::1',
    '[zz]',
    '[::1]x',
    'a b',
    'a\\b',
    'é.example',
  ])('refuses %j', (authority) => expect(isValidAuthority(authority)).toBe(false));
});
