/**
 * What a built page costs to load, gzipped: its HTML, the stylesheets it links, and the script it
 * runs before any interaction: script files, module preloads, and each island's component and
 * renderer with their static imports (dynamic imports, such as the model runtime, load later).
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuiltPage } from '../../site/server/http/built-pages.ts';

export interface PageWeight {
  page: string;
  html: number;
  css: number;
  js: number;
  total: number;
  /** Script files the page loads before interaction. */
  scriptFiles: number;
}

const gz = (bytes: Buffer | string) => gzipSync(bytes).length;
const urls = (html: string, pattern: RegExp) =>
  [...html.matchAll(pattern)].map((m) => m[1]!.replace(/&amp;/g, '&').split('?')[0]!).filter((u) => u.startsWith('/'));

/** `url` and every module it imports statically, as site paths. */
function staticClosure(client: string, start: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const code = readFileSync(join(client, url), 'utf8');
    // Static imports only: `import … from"./x.js"`, `import"./x.js"`, `export … from"./x.js"`.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(posix.join(posix.dirname(url), m[1]!));
    }
  }
  return seen;
}

export function pageWeight(client: string, page: BuiltPage): PageWeight {
  const html = readFileSync(page.file, 'utf8');
  const css = new Set(urls(html, /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g));
  const entries = [
    ...urls(html, /<script[^>]+src="([^"]+)"/g),
    ...urls(html, /<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ...urls(html, /<astro-island[^>]+component-url="([^"]+)"/g),
    ...urls(html, /<astro-island[^>]+renderer-url="([^"]+)"/g),
  ];
  const scripts = staticClosure(client, entries);
  const size = (set: Set<string>) => [...set].reduce((sum, url) => sum + gz(readFileSync(join(client, url))), 0);
  const weight = { html: gz(html), css: size(css), js: size(scripts) };
  return { page: page.path, ...weight, total: weight.html + weight.css + weight.js, scriptFiles: scripts.size };
}
