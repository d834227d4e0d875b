/**
 * A link-preview card as PNG bytes, rendered at most once per distinct input: the cache key is a
 * hash of everything that decides the pixels (the card's text, the figure's bytes, the fonts'
 * bytes, the source of the layout and rendering modules, and the versions of satori and resvg).
 * Editing card.ts or render.ts therefore re-renders every card; nothing needs a version bump.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedFile, contentKey, pruneUnusedOnce } from '../file-cache.ts';
import { cardTree, FIGURE_BOX, type CardText } from './card.ts';
import { loadFonts, type CardFont } from './fonts.ts';
import { rasterizeFigure, type FigureKind, type renderCard } from './render.ts';
import { pooledRenderer, workerScript } from './render-pool.ts';
import cardSource from './card.ts?raw';
import fontsSource from './fonts.ts?raw';
import renderSource from './render.ts?raw';
import ownSource from './og-image.ts?raw';

export interface CardInput extends CardText {
  /** A post's key figure, already checked (post-card.ts#keyFigure). */
  figure?: { bytes: Buffer; kind: FigureKind } | undefined;
}

export interface OgOptions {
  /** The project root: fonts come from its node_modules. */
  root: string;
  /** Where rendered cards are kept between builds. */
  cacheDir: string;
  /** The renderer: by default render.ts#renderCard on worker threads; tests wrap the real one to count calls. */
  render?: typeof renderCard;
}

export interface OgImage {
  png: Buffer;
  /** True when the card came from the cache. */
  hit: boolean;
  key: string;
  ms: number;
}

/**
 * The default cache folder: node_modules/.cache/og. node_modules/.cache is where build tools keep
 * caches (Babel, ESLint, Vite's deps), it is ignored by git, it survives `astro build` (which
 * empties dist/) and it is dropped by `npm ci`, which is when a fresh start is wanted anyway.
 */
export const defaultCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'og');

const renderers = new Map<string, typeof renderCard>();
const pooled = (root: string) =>
  renderers.get(root) ?? renderers.set(root, pooledRenderer(workerScript(root))).get(root)!;

const fontsByRoot = new Map<string, CardFont[]>();
function fonts(root: string): CardFont[] {
  let loaded = fontsByRoot.get(root);
  if (!loaded) fontsByRoot.set(root, (loaded = loadFonts(root)));
  return loaded;
}

const versionOf = (root: string, pkg: string): string =>
  (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

/** The key of a card: changes exactly when its pixels may. */
export function cardKey(input: CardInput, root: string): string {
  const { figure, ...text } = input;
  return contentKey([
    cardSource,
    fontsSource,
    renderSource,
    ownSource,
    `satori@${versionOf(root, 'satori')} resvg@${versionOf(root, '@resvg/resvg-js')}`,
    JSON.stringify(text, Object.keys(text).sort()),
    figure ? `${figure.kind}:` : 'no figure',
    figure?.bytes ?? '',
    ...fonts(root).flatMap((f) => [`${f.name} ${f.weight}`, f.data]),
  ]);
}

export async function ogImage(input: CardInput, options: OgOptions): Promise<OgImage> {
  const started = performance.now();
  pruneUnusedOnce(options.cacheDir);
  const render = options.render ?? pooled(options.root);
  const key = cardKey(input, options.root);
  const { data, hit } = await cachedFile(options.cacheDir, `${key}.png`, async () => {
    const faces = fonts(options.root);
    const figure = input.figure
      ? rasterizeFigure(input.figure.bytes, input.figure.kind, FIGURE_BOX, await fontFiles(faces, options.cacheDir))
      : undefined;
    return render(cardTree(input, figure), faces);
  });
  return { png: data, hit, key, ms: performance.now() - started };
}

/** resvg reads fonts only from files: the decoded fonts, kept in the cache folder by hash. */
async function fontFiles(faces: CardFont[], cacheDir: string): Promise<string[]> {
  const dir = join(cacheDir, 'fonts');
  return Promise.all(faces.map(async (f) => (await cachedFile(dir, `${contentKey([f.data])}.ttf`, () => f.data)).path));
}
