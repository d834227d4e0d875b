/**
 * Link-preview cards on the served fixture site: every page names a card (og:image, the same
 * twitter:image, a large-image Twitter card), and each card is a real 1200×630 PNG under 300 KB,
 * sent as image/png. The post with a key figure (latent-pad-demo) shows it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { baseUrl } from '../support/harness.ts';

const MAX_BYTES = 300 * 1024;

/** The content of each <meta property|name="…"> of a page. */
async function metas(path: string): Promise<Map<string, string>> {
  const res = await fetch(baseUrl() + path);
  assert.equal(res.status, 200, `${path} resolves`);
  const html = await res.text();
  const found = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta\s[^>]*>/g)) {
    const key = /(?:property|name)="([^"]+)"/.exec(tag)?.[1];
    const content = /content="([^"]*)"/.exec(tag)?.[1];
    if (key && content !== undefined) found.set(key, content.replaceAll('&amp;', '&'));
  }
  return found;
}

interface Png {
  width: number;
  height: number;
  bytes: number;
  /** RGBA, row-major, when it is 8-bit RGBA without interlacing (what resvg writes). */
  rgba: Uint8Array;
}

/** Reads the IHDR chunk, and decodes the pixels (8-bit RGBA, the five PNG row filters). */
function readPng(buf: Buffer): Png {
  assert.equal(buf.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'the PNG signature');
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR', 'IHDR comes first');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const [depth, colour, , , interlace] = buf.subarray(24, 29);
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const length = buf.readUInt32BE(at);
    if (buf.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const rgba = new Uint8Array(width * height * 4);
  if (depth === 8 && colour === 6 && interlace === 0) {
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * 4;
    for (let y = 0; y < height; y++) {
      const filter = raw[y * (stride + 1)]!;
      const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
      for (let x = 0; x < stride; x++) {
        const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
        const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
        const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
        rgba[y * stride + x] = (row[x]! + predictor) & 0xff;
      }
    }
  }
  return { width, height, bytes: buf.length, rgba };
}

/** Share of near-black pixels in a rectangle. */
function darkShare(png: Png, x0: number, y0: number, x1: number, y1: number): number {
  let dark = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.rgba[i]! + png.rgba[i + 1]! + png.rgba[i + 2]! < 120) dark++;
    }
  }
  return dark / ((x1 - x0) * (y1 - y0));
}

const cards = new Map<string, Png>();

/** Checks a page's card tags and its card; returns the card's URL. */
async function checkPage(path: string): Promise<string> {
  const meta = await metas(path);
  const image = meta.get('og:image');
  assert.ok(image, `${path} has og:image`);
  assert.equal(meta.get('twitter:image'), image, `${path}: twitter:image equals og:image`);
  assert.equal(meta.get('twitter:card'), 'summary_large_image');
  assert.equal(meta.get('og:image:width'), '1200');
  assert.equal(meta.get('og:image:height'), '630');
  assert.ok(meta.get('og:image:alt'), `${path} describes its card`);
  assert.ok(image.startsWith(`${baseUrl()}/og/`), `${path}: ${image} is absolute, on this site`);
  if (!cards.has(image)) {
    const res = await fetch(image, { headers: { 'Accept-Encoding': 'br, gzip' } });
    assert.equal(res.status, 200, `${image} resolves`);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('content-encoding'), null, 'a PNG is sent as it is');
    const png = readPng(Buffer.from(await res.arrayBuffer()));
    assert.deepEqual([png.width, png.height], [1200, 630], image);
    assert.ok(png.bytes < MAX_BYTES, `${image}: ${png.bytes} bytes`);
    cards.set(image, png);
  }
  return image;
}

describe('link-preview cards', () => {
  it('the home page, every post and the listings name a 1200×630 PNG card', async () => {
    const home = await checkPage('/');
    assert.equal(home, `${baseUrl()}/og/index.png`);
    const feed = (await (await fetch(`${baseUrl()}/feed.json`)).json()) as { items: { url: string }[] };
    assert.ok(feed.items.length >= 10);
    const postCards = new Set<string>();
    for (const { url } of feed.items) {
      const card = await checkPage(new URL(url).pathname);
      assert.equal(card, `${baseUrl()}/og/${new URL(url).pathname.split('/')[2]}.png`, `${url} has its own card`);
      postCards.add(card);
    }
    assert.equal(postCards.size, feed.items.length);
    // Pages without a card of their own show the home page's.
    for (const path of ['/page/2/', '/archive/', '/tags/', '/about/']) assert.equal(await checkPage(path), home, path);
  });

  it("shows a post's key figure beside the text, and none on the other cards", async () => {
    const meta = await metas('/posts/latent-pad-demo/');
    assert.match(meta.get('og:image:alt') ?? '', /key figure/);
    const withFigure = cards.get(`${baseUrl()}/og/latent-pad-demo.png`) ?? readPng(await download('latent-pad-demo'));
    const without = cards.get(`${baseUrl()}/og/note-01.png`) ?? readPng(await download('note-01'));
    // The figure (digits on black) fills the right-hand panel.
    assert.ok(darkShare(withFigure, 760, 120, 1120, 500) > 0.4, 'the figure is drawn');
    assert.ok(darkShare(without, 760, 120, 1120, 500) < 0.05, 'no figure on a post without one');
  });
});

async function download(slug: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(`${baseUrl()}/og/${slug}.png`)).arrayBuffer());
}
