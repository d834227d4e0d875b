import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import katex from 'katex';
import { afterAll, describe, expect, it } from 'vitest';
import { subsetKatexFonts } from './subset-katex-fonts.ts';

const fonts = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'fonts');
const work = mkdtempSync(join(tmpdir(), 'katex-fonts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cache = { dir: join(work, 'cache'), salt: new Uint8Array([1]) };

const main = '/_astro/KaTeX_Main-Regular.Orig1234.woff2';
const italic = '/_astro/KaTeX_Math-Italic.Orig5678.woff2';
const styles = `<style>@font-face{src:url(${main}) format("woff2")}@font-face{src:url(${italic}) format("woff2")}</style>`;

/** A built client folder: the two faces as Vite emits them, and pages. */
function site(name: string, pages: Record<string, string>): string {
  const client = join(work, name);
  mkdirSync(join(client, '_astro'), { recursive: true });
  cpSync(join(fonts, 'KaTeX_Main-Regular.woff2'), join(client, main));
  cpSync(join(fonts, 'KaTeX_Math-Italic.woff2'), join(client, italic));
  for (const [path, html] of Object.entries(pages)) {
    mkdirSync(join(client, path), { recursive: true });
    writeFileSync(join(client, path, 'index.html'), html);
  }
  return client;
}

const page = (formula: string) =>
  `<html><head>${styles}</head><body><p>Words ${katex.renderToString(formula)}</p></body></html>`;
const read = (client: string, path: string) => readFileSync(join(client, path, 'index.html'), 'utf8');
/** The face a page now points at, read by fontkit (an independent reader of woff2 and cmap). */
function face(client: string, html: string, original: string) {
  const prefix = original.slice(0, original.indexOf('.') + 1);
  const url = new RegExp(`${prefix.replace(/[.]/g, '\\.')}[\\w-]+\\.woff2`).exec(html)?.[0];
  expect(url).toBeDefined();
  return { url: url!, font: fontkit.create(readFileSync(join(client, url!))) as fontkit.Font };
}
const originalFont = (file: string) => fontkit.create(readFileSync(join(fonts, file))) as fontkit.Font;
const covers = (font: fontkit.Font, char: string) => font.hasGlyphForCodePoint(char.codePointAt(0)!);

describe('subsetKatexFonts', () => {
  it("cuts each face to the characters the pages' formulas set, and points the pages at the cuts", async () => {
    const client = site('one', {
      'posts/a': page('x + 1 = \\alpha'),
      tags: `<html><head>${styles}</head><body><p>A listing without math.</p></body></html>`,
      about: '<html><body><p>No fonts here.</p></body></html>',
    });
    const about = read(client, 'about');
    const report = await subsetKatexFonts(client, cache);
    expect(report).toMatchObject({ faces: 2, pages: 2 });
    expect(read(client, 'about')).toBe(about);

    const html = read(client, 'posts/a');
    expect(html).not.toContain(main);
    expect(read(client, 'tags')).not.toContain(main);
    const cutMain = face(client, html, main);
    const cutItalic = face(client, html, italic);
    expect(cutMain.url).not.toBe(main);
    expect(read(client, 'tags')).toContain(cutMain.url);
    // The originals stay (the server's manifest lists them).
    expect(existsSync(join(client, main))).toBe(true);

    const fullMain = originalFont('KaTeX_Main-Regular.woff2');
    const fullItalic = originalFont('KaTeX_Math-Italic.woff2');
    // Every character the formula sets keeps its glyph where the full face had one, and so do
    // the digits and parentheses of KaTeX's CSS-generated equation numbers.
    for (const char of ['x', '+', '1', '=', 'α', '(', ')', '7']) {
      expect(covers(cutMain.font, char), `Main ${char}`).toBe(covers(fullMain, char));
      expect(covers(cutItalic.font, char), `Math-Italic ${char}`).toBe(covers(fullItalic, char));
    }
    expect(covers(cutMain.font, '=')).toBe(true);
    expect(covers(cutItalic.font, 'α')).toBe(true);
    // What no formula sets is gone, prose included ("Words", "listing").
    for (const char of ['Q', 'W', 'z', '%']) {
      expect(covers(fullMain, char)).toBe(true);
      expect(covers(cutMain.font, char), `Main ${char}`).toBe(false);
    }
    expect(report.bytesAfter).toBeLessThan(report.bytesBefore / 2);
  });

  it('cuts again when the formulas change, and reads an unchanged cut back', async () => {
    const first = site('two', { 'posts/a': page('x + 1 = \\alpha') });
    await subsetKatexFonts(first, cache);
    const cached = readdirSync(cache.dir).length;
    const again = site('three', { 'posts/a': page('x + 1 = \\alpha') });
    await subsetKatexFonts(again, cache);
    expect(readdirSync(cache.dir)).toHaveLength(cached);
    expect(face(again, read(again, 'posts/a'), main).url).toBe(face(first, read(first, 'posts/a'), main).url);

    const edited = site('four', { 'posts/a': page('x + 1 = Q') });
    await subsetKatexFonts(edited, cache);
    expect(covers(face(edited, read(edited, 'posts/a'), main).font, 'Q')).toBe(true);
  });

  it('leaves a site without KaTeX faces as it is', async () => {
    const client = join(work, 'plain');
    mkdirSync(join(client, '_astro'), { recursive: true });
    writeFileSync(join(client, 'index.html'), '<p>Plain.</p>');
    expect(await subsetKatexFonts(client, cache)).toMatchObject({ faces: 0, pages: 0 });
    expect(readFileSync(join(client, 'index.html'), 'utf8')).toBe('<p>Plain.</p>');
  });
});
