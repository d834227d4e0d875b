/**
 * Cuts KaTeX's fonts down to the glyphs the built site sets in them. A page with math waits for
 * its KaTeX faces (they are `font-display: block`, so a formula never shows in a fallback face),
 * and the full faces are about three times what the site's formulas use.
 *
 * The characters are those of every page together, so that one cut of each face serves the whole
 * site (and stays in the reader's cache from page to page). Each cut is written beside its
 * original under a new content-hashed name and the built pages are pointed at it; the originals
 * stay, since the server's manifest lists them.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import subsetFont from 'subset-font';
import { builtPages } from '../../server/http/built-pages.ts';
import { cachedFile, contentKey, pruneUnusedOnce } from '../file-cache.ts';
import { katexText } from './katex-text.ts';

export const defaultCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'katex-fonts');

/** KaTeX's stylesheet numbers `equation` environments itself, with CSS-generated "(1)". */
const generatedText = '()0123456789';
/** An emitted face: `KaTeX_Main-Regular.B22Nviop.woff2`. */
const face = /^(KaTeX_[A-Za-z0-9-]+)\.[\w-]+\.woff2$/;
export interface SubsetReport {
  faces: number;
  characters: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Pages that now point at the subsets. */
  pages: number;
}

/**
 * `salt` goes into every cache key with the face and the characters: the build passes the
 * lockfile, so a new subsetter (or HarfBuzz) cuts the faces again.
 */
export async function subsetKatexFonts(
  client: string,
  cache: { dir: string; salt: Uint8Array },
): Promise<SubsetReport> {
  const pages = builtPages(client).map((p) => ({ file: p.file, html: readFileSync(p.file, 'utf8') }));
  const characters = [...new Set(pages.map((p) => katexText(p.html)).join('') + generatedText)].sort().join('');
  const assets = join(client, '_astro');
  const names = readdirSync(assets).filter((n) => face.test(n));
  pruneUnusedOnce(cache.dir);
  const renames = new Map<string, string>();
  let bytesBefore = 0;
  let bytesAfter = 0;
  for (const name of names) {
    const original = readFileSync(join(assets, name));
    const key = contentKey(['katex-subset', cache.salt, original, characters]);
    const { data } = await cachedFile(cache.dir, `${key}.woff2`, () =>
      subsetFont(original, characters, { targetFormat: 'woff2' }),
    );
    const hash = createHash('sha256').update(data).digest('base64url').slice(0, 8);
    const renamed = `${face.exec(name)![1]}.${hash}.woff2`;
    writeFileSync(join(assets, renamed), data);
    renames.set(`/_astro/${name}`, `/_astro/${renamed}`);
    bytesBefore += original.length;
    bytesAfter += data.length;
  }
  const pattern = new RegExp(
    [...renames.keys()].map((url) => url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  let rewritten = 0;
  if (renames.size > 0) {
    for (const page of pages) {
      const html = page.html.replace(pattern, (url) => renames.get(url)!);
      if (html === page.html) continue;
      writeFileSync(page.file, html);
      rewritten += 1;
    }
  }
  return { faces: names.length, characters: characters.length, bytesBefore, bytesAfter, pages: rewritten };
}
