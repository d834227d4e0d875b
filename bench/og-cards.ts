/**
 * Renders the link-preview card of every post (and the home page) the way the build does, twice:
 * cold (an empty cache) and cached. Prints the time and size of each card and keeps the PNGs, to
 * look at them without a build.
 *
 *   npm run bench:og [-- --out tests/.output/og-cards] [--posts content/posts]
 *
 * The og modules import their own source (`?raw`, for the cache key), so they load through Vite.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { parse } from 'yaml';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'tests/.output/og-cards' },
    posts: { type: 'string', default: 'content/posts' },
  },
});
const root = process.cwd();
const out = join(root, values.out);
const cacheDir = join(out, 'cache');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const vite = await createServer({ root, logLevel: 'error', server: { middlewareMode: true }, appType: 'custom' });
try {
  const { postSchema } = (await vite.ssrLoadModule(
    '/site/lib/post-schema.ts',
  )) as typeof import('../site/lib/post-schema.ts');
  const { ogImage } = (await vite.ssrLoadModule(
    '/site/lib/og/og-image.ts',
  )) as typeof import('../site/lib/og/og-image.ts');
  const cards = (await vite.ssrLoadModule('/site/lib/og/post-card.ts')) as typeof import('../site/lib/og/post-card.ts');
  const { site } = (await vite.ssrLoadModule('/site/config.ts')) as typeof import('../site/config.ts');

  const posts = readdirSync(join(root, values.posts))
    .map((id) => {
      const filePath = join(values.posts, id, 'index.mdx');
      const source = readFileSync(join(root, filePath), 'utf8');
      const data = postSchema.parse(parse(/^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? ''));
      return { id, filePath, data };
    })
    .filter((p) => !p.data.draft)
    .sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
  const inputs = [
    { name: 'index', input: cards.homeCardInput(posts, site) },
    ...posts.map((p) => ({ name: p.id, input: cards.postCardInput(p, { ...site, postsDir: values.posts }, root) })),
  ];
  console.log('card                         figure  cold ms  cached ms  bytes');
  for (const { name, input } of inputs) {
    const cold = await ogImage(input, { root, cacheDir });
    const cached = await ogImage(input, { root, cacheDir });
    if (cold.hit || !cached.hit) throw new Error(`${name}: expected a miss, then a hit`);
    writeFileSync(join(out, `${name}.png`), cold.png);
    console.log(
      `${name.padEnd(28)} ${(input.figure?.kind ?? '-').padEnd(6)} ${cold.ms.toFixed(0).padStart(8)} ${cached.ms.toFixed(1).padStart(10)}  ${cold.png.length}`,
    );
  }
  console.log(`PNGs in ${out}`);
} finally {
  await vite.close();
}
