/**
 * The fonts of the link-preview cards, from the npm packages the site already trusts: Source
 * Serif 4 (the body font) for titles and Source Sans 3 for small text. Fontsource ships WOFF
 * (which satori reads) but resvg only reads TrueType/OpenType files, and only by path, so each
 * font is decoded once into an SFNT: satori gets the bytes, resvg the file (for the text inside
 * SVG figures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export interface CardFont {
  /** The family name the card tree asks for. */
  name: 'Source Serif 4' | 'Source Sans 3';
  weight: 400 | 600;
  style: 'normal';
  /** TrueType/OpenType bytes (decoded from the package's WOFF). */
  data: Buffer;
}

const FACES: { name: CardFont['name']; weight: CardFont['weight']; file: string }[] = [
  {
    name: 'Source Serif 4',
    weight: 600,
    file: '@fontsource/source-serif-4/files/source-serif-4-latin-600-normal.woff',
  },
  { name: 'Source Sans 3', weight: 400, file: '@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff' },
  { name: 'Source Sans 3', weight: 600, file: '@fontsource/source-sans-3/files/source-sans-3-latin-600-normal.woff' },
];

/** Reads the card fonts from `root`'s node_modules (a package's `exports` hide its font files). */
export function loadFonts(root: string): CardFont[] {
  return FACES.map(({ name, weight, file }) => {
    const path = join(root, 'node_modules', file);
    let woff: Buffer;
    try {
      woff = readFileSync(path);
    } catch {
      throw new Error(`Link-preview font ${file} is missing: run npm ci (it is a dependency in package.json).`);
    }
    return { name, weight, style: 'normal', data: woffToSfnt(woff) };
  });
}

/**
 * WOFF 1.0 → the SFNT it wraps (W3C WOFF File Format 1.0, sections 3-5): every table is stored
 * zlib-compressed unless compressing did not help; the SFNT is the offset table, the table
 * directory and the tables, each padded to four bytes.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((o) => woff.readUInt32BE(at + o));
    const stored = woff.subarray(offset!, offset! + compLength!);
    const data = compLength! < origLength! ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error(`WOFF table ${tag!.toString(16)} has the wrong length`);
    return { tag: tag!, checksum: checksum!, data };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const size = 12 + 16 * numTables + tables.reduce((sum, t) => sum + pad(t.data.length), 0);
  const out = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += pad(t.data.length);
  });
  return out;
}
