/**
 * The two rendering steps of a card: its tree → SVG (satori, which lays out with Yoga and turns
 * text into paths) → PNG (resvg). And a post's key figure → a PNG that fits the card's figure box.
 * Slow (a few hundred milliseconds a card): og-image.ts calls these only when its cache misses.
 */
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import satori from 'satori';
import { CARD_HEIGHT, CARD_WIDTH, type CardFigure, type CardNode } from './card.ts';
import type { CardFont } from './fonts.ts';

/** The card: tree → SVG → PNG, 1200×630. */
export async function renderCard(tree: CardNode, fonts: CardFont[]): Promise<Buffer> {
  const svg = await satori(tree as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: fonts.map(({ name, weight, style, data }) => ({ name, weight, style, data })),
  });
  return Buffer.from(
    new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng(),
  );
}

/** The satori SVG alone, for tests that read what the card says. */
export async function cardSvg(tree: CardNode, fonts: CardFont[]): Promise<string> {
  return satori(tree as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: fonts.map(({ name, weight, style, data }) => ({ name, weight, style, data })),
    embedFont: false,
  });
}

export type FigureKind = 'png' | 'svg';

/**
 * A figure scaled to fit `box` (aspect kept), as a PNG data URL. PNG figures (grids of digits) are
 * enlarged by nearest neighbour, as the site shows them (`image-rendering: pixelated`), and
 * reduced smoothly (nearest neighbour would drop whole rows of pixels); SVG figures
 * are drawn at the size, in their light scheme, with their text in the card's sans (`fontFiles`:
 * TrueType paths), never a system font, so the card is the same on every machine.
 */
export function rasterizeFigure(
  bytes: Buffer,
  kind: FigureKind,
  box: { width: number; height: number },
  fontFiles: string[],
): CardFigure {
  const font: ResvgRenderOptions['font'] = {
    loadSystemFonts: false,
    fontFiles,
    defaultFontFamily: 'Source Sans 3',
    sansSerifFamily: 'Source Sans 3',
    serifFamily: 'Source Serif 4',
  };
  const intrinsic = kind === 'png' ? pngSize(bytes) : sizeOf(new Resvg(bytes, { font }));
  const scale = Math.min(box.width / intrinsic.width, box.height / intrinsic.height);
  const width = Math.max(1, Math.round(intrinsic.width * scale));
  const height = Math.max(1, Math.round(intrinsic.height * scale));
  const svg =
    kind === 'svg'
      ? bytes
      : `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
        `<image href="data:image/png;base64,${bytes.toString('base64')}" width="${width}" height="${height}" ` +
        `preserveAspectRatio="none" image-rendering="${scale >= 1 ? 'optimizeSpeed' : 'optimizeQuality'}"/></svg>`;
  const png = new Resvg(svg, { font, fitTo: { mode: 'width', value: width } }).render().asPng();
  return { src: `data:image/png;base64,${Buffer.from(png).toString('base64')}`, width, height };
}

const sizeOf = (r: Resvg) => ({ width: r.width, height: r.height });

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = '89504e470d0a1a0a';
  if (b.length < 24 || b.subarray(0, 8).toString('hex') !== signature || b.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
