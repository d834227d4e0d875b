import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from './accept-encoding.ts';

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'] as const;

  it.each([
    ['what browsers send', 'gzip, deflate, br, zstd', 'br'],
    ['gzip weighted higher', 'br;q=0.5, gzip;q=1', 'gzip'],
    ['gzip weighted higher, spaced out', 'br ; q=0.5 , gzip ; q=0.9', 'gzip'],
    ['equal weights (brotli is smaller)', 'gzip;q=0.8, br;q=0.8', 'br'],
    ['br refused', 'br;q=0, gzip', 'gzip'],
    ['both refused', 'br;q=0, gzip;q=0.000', null],
    ['only gzip', 'gzip', 'gzip'],
    ['upper case names and Q', 'GZIP;Q=0.5, BR;Q=0.4', 'gzip'],
    ['* for the unnamed one', 'gzip;q=0.5, *;q=0.7', 'br'],
    ['* at zero with one named', 'gzip, *;q=0', 'gzip'],
    ['* alone', '*', 'br'],
    ['identity only', 'identity', null],
    ['a coding we lack', 'deflate', null],
    ['an empty header: no coding wanted', '', null],
    ['a malformed q leaves the member out', 'br;q=high, gzip;q=0.1', 'gzip'],
    ['q over 1 is malformed', 'br;q=2, gzip;q=0.1', 'gzip'],
    ['four decimals are malformed', 'br;q=0.0001, gzip;q=0.1', 'gzip'],
    ['other parameters are ignored', 'br;level=5;q=0.9, gzip;q=0.8', 'br'],
  ])('%s (%j) → %s', (_what, header, expected) => {
    expect(negotiateEncoding(header, both)).toBe(expected);
  });

  it('sends the file as it is to a client without the header', () => {
    expect(negotiateEncoding(undefined, both)).toBeNull();
  });

  it('picks only among the copies the file has', () => {
    expect(negotiateEncoding('br, gzip;q=0.1', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('br', ['gzip'])).toBeNull();
    expect(negotiateEncoding('br, gzip', [])).toBeNull();
  });
});
