/**
 * Page weight of a built site: for each page, the gzipped bytes of its HTML, the CSS it links and
 * the script files it loads (fonts and images are left out: they load on demand and are cached).
 *
 *   node bench/page-weight.ts [distDir] [--json report.json]
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  page: string;
  html: number;
  css: number;
  js: number;
  total: number;
}

const gz = (bytes: Buffer | string) => gzipSync(bytes).length;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Gzipped size of every same-site file an attribute pattern references, each counted once. */
function linked(html: string, pattern: RegExp, dist: string): number {
  const urls = new Set([...html.matchAll(pattern)].map((m) => m[1]!).filter((u) => u.startsWith('/')));
  return [...urls].reduce((sum, url) => sum + gz(readFileSync(join(dist, url.split('?')[0]!))), 0);
}

export function pageWeight(dist: string, file: string): PageWeight {
  const html = readFileSync(file, 'utf8');
  const css = linked(html, /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g, dist);
  const js =
    linked(html, /<script[^>]+src="([^"]+)"/g, dist) +
    linked(html, /<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g, dist);
  const page = '/' + relative(dist, file).replace(/index\.html$/, '');
  const htmlBytes = gz(html);
  return { page, html: htmlBytes, css, js, total: htmlBytes + css + js };
}

const { values, positionals } = parseArgs({ options: { json: { type: 'string' } }, allowPositionals: true });
const dist = positionals[0] ?? 'dist/client';
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No built site in ${dist}/: run \`npm run build\` first, or name the folder of one.`);
  process.exit(1);
}
const weights = htmlFiles(dist)
  .map((f) => pageWeight(dist, f))
  .sort((a, b) => a.page.localeCompare(b.page));

const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
console.log(`page weight, gzipped KiB (${dist})`);
console.log(`${'page'.padEnd(40)}${'html'.padStart(7)}${'css'.padStart(7)}${'js'.padStart(7)}${'total'.padStart(7)}`);
for (const w of weights) console.log(`${w.page.padEnd(40)}${kb(w.html)}${kb(w.css)}${kb(w.js)}${kb(w.total)}`);
if (values.json) writeFileSync(values.json, JSON.stringify(weights, null, 2) + '\n');
