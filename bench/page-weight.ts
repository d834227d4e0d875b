/**
 * Page weight of a built site: for each page, the gzipped bytes of its HTML, the CSS it links and
 * the script it runs before interaction (tests/quality/page-weight.ts; fonts and images are left
 * out: they load on demand and are cached).
 *
 *   node bench/page-weight.ts [distDir] [--json report.json]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { pageWeight } from '../tests/quality/page-weight.ts';
import { builtPages } from '../site/server/http/built-pages.ts';

const { values, positionals } = parseArgs({ options: { json: { type: 'string' } }, allowPositionals: true });
const dist = positionals[0] ?? 'dist/client';
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No built site in ${dist}/: run \`npm run build\` first, or name the folder of one.`);
  process.exit(1);
}
const weights = builtPages(dist).map((p) => pageWeight(dist, p));

const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
console.log(`page weight, gzipped KiB (${dist})`);
console.log(`${'page'.padEnd(40)}${'html'.padStart(7)}${'css'.padStart(7)}${'js'.padStart(7)}${'total'.padStart(7)}`);
for (const w of weights) console.log(`${w.page.padEnd(40)}${kb(w.html)}${kb(w.css)}${kb(w.js)}${kb(w.total)}`);
if (values.json) writeFileSync(values.json, JSON.stringify(weights, null, 2) + '\n');
