import { describe, expect, it } from 'vitest';
import { ifModifiedSince, isNotModified, parseHttpDate } from './conditional.ts';

// 1994-11-06T08:49:37.250Z: a file time with milliseconds, which HTTP dates do not carry.
const current = { etag: '"br-1a2b-17f0"', lastModified: new Date(784111777250) };

describe('If-None-Match', () => {
  it.each([
    ['the same tag', '"br-1a2b-17f0"', true],
    ['the tag marked weak (weak comparison)', 'W/"br-1a2b-17f0"', true],
    ['a list that holds it', '"old", W/"br-1a2b-17f0" , "other"', true],
    ['a list without spaces', '"a","br-1a2b-17f0"', true],
    ['*', '*', true],
    [' * with spaces', '  *  ', true],
    ['another tag', '"gzip-1a2b-17f0"', false],
    ['a list without it', '"a", W/"b"', false],
    ['the tag unquoted', 'br-1a2b-17f0', false],
    ['a tag that only contains it', '"xbr-1a2b-17f0"', false],
    ['an empty value', '', false],
  ])('%s → %s', (_what, header, expected) => {
    expect(isNotModified({ 'if-none-match': header }, current)).toBe(expected);
  });

  it('matches a weak current tag against a strong one sent back', () => {
    expect(isNotModified({ 'if-none-match': '"v1"' }, { etag: 'W/"v1"', lastModified: new Date(0) })).toBe(true);
  });

  it('wins over If-Modified-Since, either way', () => {
    const later = 'Sun, 06 Nov 1994 09:00:00 GMT';
    const earlier = 'Sun, 06 Nov 1994 08:00:00 GMT';
    expect(isNotModified({ 'if-none-match': '"other"', 'if-modified-since': later }, current)).toBe(false);
    expect(isNotModified({ 'if-none-match': '"br-1a2b-17f0"', 'if-modified-since': earlier }, current)).toBe(true);
  });
});

describe('If-Modified-Since', () => {
  it.each([
    // The file changed at 08:49:37.250; a client that has the 08:49:37 copy has it.
    ['the same second', 'Sun, 06 Nov 1994 08:49:37 GMT', true],
    ['a later time', 'Sun, 06 Nov 1994 08:49:38 GMT', true],
    ['the second before', 'Sun, 06 Nov 1994 08:49:36 GMT', false],
    ['RFC 850, same second', 'Sunday, 06-Nov-94 08:49:37 GMT', true],
    ['asctime, same second (read as GMT)', 'Sun Nov  6 08:49:37 1994', true],
    ['asctime, the second before', 'Sun Nov  6 08:49:36 1994', false],
    ['not a date', 'yesterday', false],
    ['a number Date.parse would take', '1', false],
    ['a date with a zone offset', 'Sun, 06 Nov 1994 08:49:37 +0000', false],
    ['an impossible date', 'Sun, 31 Feb 2099 08:49:37 GMT', false],
  ])('%s → %s', (_what, header, expected) => {
    expect(isNotModified({ 'if-modified-since': header }, current)).toBe(expected);
  });

  it('is not modified only with a validator', () => {
    expect(isNotModified({}, current)).toBe(false);
  });
});

describe('parseHttpDate', () => {
  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', 784111777000],
    ['Sunday, 06-Nov-94 08:49:37 GMT', 784111777000],
    ['Sun Nov  6 08:49:37 1994', 784111777000],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Saturday, 01-Jan-00 00:00:00 GMT', 946684800000],
  ])('%s → %d', (value, expected) => {
    expect(parseHttpDate(value)).toBe(expected);
  });

  it.each([
    '',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 nov 1994 08:49:37 GMT',
    '1994-11-06T08:49:37Z',
  ])('refuses %j', (value) => expect(parseHttpDate(value)).toBeNull());
});

describe('ifModifiedSince', () => {
  it('counts the date alone, and not beside If-None-Match', () => {
    expect(ifModifiedSince({ 'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' })).toBe(784111777000);
    expect(
      ifModifiedSince({ 'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT', 'if-none-match': '"x"' }),
    ).toBeNull();
    expect(ifModifiedSince({ 'if-modified-since': '99999' })).toBeNull();
    expect(ifModifiedSince({})).toBeNull();
  });
});
