/**
 * Strict UTF-8 decoding for code that may not assume a TextDecoder (core is checked against the
 * language's own library only): throws on malformed, overlong or surrogate sequences.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const first = bytes[i]!;
    const length =
      first < 0x80
        ? 1
        : first >= 0xc2 && first < 0xe0
          ? 2
          : first >= 0xe0 && first < 0xf0
            ? 3
            : first >= 0xf0 && first < 0xf5
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) throw new Error(`invalid UTF-8 at byte ${i}`);
    let code = length === 1 ? first : first & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) throw new Error(`invalid UTF-8 at byte ${i + k}`);
      code = code * 64 + (next & 0x3f);
    }
    const least = [0, 0, 0x80, 0x800, 0x10000][length]!;
    if (code < least || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new Error(`invalid UTF-8 at byte ${i}`);
    }
    out += String.fromCodePoint(code);
    i += length;
  }
  return out;
}
