import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './utf8.ts';

describe('decodeUtf8', () => {
  it('decodes what TextEncoder writes, from ASCII to astral characters', () => {
    for (const text of ['', 'vae-z2', 'σ² ≥ 0 — ok', 'ℝ𝔼 😀', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
    }
  });

  it('refuses malformed, truncated, overlong and surrogate sequences', () => {
    for (const bytes of [
      [0x80],
      [0xc3],
      [0xe2, 0x82],
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xc3, 0x41],
    ]) {
      expect(() => decodeUtf8(new Uint8Array(bytes)), JSON.stringify(bytes)).toThrow(/invalid UTF-8/);
    }
  });
});
