/**
 * Build step for site search: a Pagefind index of the built posts, written to dist/client/pagefind/
 * before the serving integration hashes and precompresses the output (so it must come first in
 * astro.config.ts). Only elements marked `data-pagefind-body` are indexed (the post article), so
 * listings, tags, the archive and the other pages stay out; `data-pagefind-ignore` and the
 * selectors below drop what is not prose.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/** Where the index lives, under the client folder and as a URL path (the search page loads it). */
export const SEARCH_DIR = 'pagefind';

/**
 * KaTeX writes every formula twice (MathML for assistive technology, HTML for the eye): indexed,
 * both copies would fill the index with single letters and TeX fragments. Islands (demo UI)
 * are skipped by `astro-island`, wherever a post places them.
 */
export const EXCLUDED = ['.katex', '.katex-display', 'astro-island'];

/** Pagefind's UI bundles and its highlighter: the search page has its own UI, so they are not shipped. */
const UNUSED = /^pagefind-(component-ui|modular-ui|ui|highlight)\./;

export interface SearchIndexStats {
  pages: number;
  files: number;
  bytes: number;
}

/** Indexes the built HTML under `client`; throws with Pagefind's messages if anything fails. */
export async function buildSearchIndex(client: string): Promise<SearchIndexStats> {
  const output = join(client, SEARCH_DIR);
  try {
    const created = await pagefind.createIndex({ excludeSelectors: EXCLUDED });
    const index = created.index;
    if (!index) throw new Error(created.errors.join('; ') || 'createIndex returned no index');
    const added = await index.addDirectory({ path: client });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    rmSync(output, { recursive: true, force: true }); // no chunks of an earlier build
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(written.errors.join('; '));
    const pages = indexedPages(output);
    if (pages === 0) throw new Error('no page was indexed (the post page marks its article data-pagefind-body)');
    for (const name of readdirSync(output)) if (UNUSED.test(name)) rmSync(join(output, name));
    return { pages, ...folderSize(output) };
  } catch (error) {
    throw new Error(`Search index: Pagefind could not index ${client}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await pagefind.close();
  }
}

/** Pages in the index (addDirectory counts every HTML file it read, indexed or not). */
export function indexedPages(output: string): number {
  const entry = JSON.parse(readFileSync(join(output, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.values(entry.languages).reduce((sum, l) => sum + l.page_count, 0);
}

function folderSize(dir: string): { files: number; bytes: number } {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
  return { files: names.length, bytes: names.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) };
}

export function searchIndexIntegration(): AstroIntegration {
  return {
    name: 'bounded-rationality:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const { pages, files, bytes } = await buildSearchIndex(fileURLToPath(dir));
        logger.info(
          `search index: ${pages} pages, ${files} files, ${(bytes / 1024).toFixed(0)} KiB in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      },
    },
  };
}
