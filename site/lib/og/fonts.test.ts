import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadFonts, woffToSfnt } from './fonts.ts';

/** A WOFF of two tables, one stored compressed and one not. */
function woff(tables: { tag: string; data: Buffer; compress: boolean }[]): Buffer {
  const stored = tables.map((t) => (t.compress ? deflateSync(t.data) : t.data));
  const header = Buffer.alloc(44 + 20 * tables.length);
  header.write('wOFF', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt16BE(tables.length, 12);
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 44 + 20 * i;
    header.write(t.tag, at, 'latin1');
    header.writeUInt32BE(offset, at + 4);
    header.writeUInt32BE(stored[i]!.length, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    header.writeUInt32BE(0xabcd0000 + i, at + 16);
    offset += stored[i]!.length;
  });
  return Buffer.concat([header, ...stored]);
}

describe('woffToSfnt', () => {
  it('unpacks every table, padded to four bytes, with its directory entry', () => {
    const a = Buffer.from('a'.repeat(50));
    const b = Buffer.from('xyz');
    const sfnt = woffToSfnt(
      woff([
        { tag: 'aaaa', data: a, compress: true },
        { tag: 'bbbb', data: b, compress: false },
      ]),
    );
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
    expect(sfnt.readUInt16BE(4)).toBe(2);
    const entry = (i: number) => ({
      tag: sfnt.toString('latin1', 12 + 16 * i, 16 + 16 * i),
      checksum: sfnt.readUInt32BE(16 + 16 * i),
      offset: sfnt.readUInt32BE(20 + 16 * i),
      length: sfnt.readUInt32BE(24 + 16 * i),
    });
    expect(entry(0)).toEqual({ tag: 'aaaa', checksum: 0xabcd0000, offset: 44, length: 50 });
    expect(entry(1)).toEqual({ tag: 'bbbb', checksum: 0xabcd0001, offset: 96, length: 3 });
    expect(sfnt.subarray(44, 94).equals(a)).toBe(true);
    expect(sfnt.subarray(96, 99).equals(b)).toBe(true);
    expect(sfnt.length).toBe(100);
  });

  it('rejects what is not a WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('wOF2' + ' '.repeat(60)))).toThrow(/not a WOFF 1.0 font/);
  });

  it("decodes the packages' fonts into the fonts their WOFF wraps", () => {
    const fonts = loadFonts(process.cwd());
    expect(fonts.map((f) => `${f.name} ${f.weight}`)).toEqual([
      'Source Serif 4 600',
      'Source Sans 3 400',
      'Source Sans 3 600',
    ]);
    const file = join('node_modules', '@fontsource/source-serif-4/files/source-serif-4-latin-600-normal.woff');
    expect(fonts[0]!.data.length).toBe(readFileSync(file).readUInt32BE(16)); // totalSfntSize
    expect(fonts[0]!.data.toString('latin1', 12, 16)).toMatch(/^[A-Za-z/ ]{4}$/); // a table tag
  });
});
