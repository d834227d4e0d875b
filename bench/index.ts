/**
 * `npm run bench`: every benchmark of the project in one report.
 *   - build time of the real site (training cached), and of the real site plus 200 generated
 *     math-heavy posts, to show how the build grows with content;
 *   - Lighthouse (the tests' Chromium, tests/support/browser.ts; Lighthouse's default mobile profile with
 *     simulated throttling) on the index, a text post and the demo post: the four category scores,
 *     LCP, TBT, CLS;
 *   - page weight and search index size of the real site, and the demo, signup, search and training
 *     benchmarks, each run as its own command and gathered from its JSON report.
 * Prints a table and writes the whole report as JSON.
 *
 *   npm run bench [-- --json bench-report.json] [--skip train,signup,demos,search]
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumFlags, findChromium, fixtureEnv, root } from '../tests/support/harness.ts';
import { freePort, run, startServer, type RunningServer } from '../tests/support/fixture-site.ts';
import { pageWeight } from '../tests/quality/page-weight.ts';
import { builtPages } from '../site/server/http/built-pages.ts';
import { indexFiles } from '../tests/support/search-index.ts';

const { values } = parseArgs({
  options: { json: { type: 'string', default: 'bench-report.json' }, skip: { type: 'string', default: '' } },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
const work = join(root, 'tests', '.output', 'bench');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const report: Record<string, unknown> = { date: new Date().toISOString() };
const npm = join(root, 'node_modules', '.bin');

async function timed(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const code = await run(cmd, args, env);
  if (code !== 0) throw new Error(`${label} failed (exit ${code})`);
  return (performance.now() - started) / 1000;
}

/** Builds `postsDir` into `outDir` for `siteUrl`; returns the seconds `astro build` took. */
async function build(postsDir: string, outDir: string, siteUrl: string): Promise<number> {
  return timed(
    `building ${postsDir}`,
    join(npm, 'astro'),
    ['build', '--outDir', outDir],
    fixtureEnv(siteUrl, postsDir),
  );
}

// 1. Build time.
const realPort = await freePort();
const realUrl = `http://127.0.0.1:${realPort}`;
const trainSeconds = await timed('cached training', process.execPath, ['training/src/cli.ts'], process.env);
const realSeconds = await build(join('content', 'posts'), join(work, 'real'), realUrl);
// Two levels below the root, as content/posts is: the posts import the site with ../../../site/.
const generated = join(root, 'tests', '.output-posts');
rmSync(generated, { recursive: true, force: true });
cpSync(join(root, 'content', 'posts'), generated, { recursive: true });
const template = readFileSync(join(root, 'tests', 'fixtures', 'posts', 'math-heavy', 'index.mdx'), 'utf8');
for (let i = 0; i < 200; i++) {
  const dir = join(generated, `generated-${String(i).padStart(3, '0')}`);
  mkdirSync(dir);
  cpSync(join(root, 'tests', 'fixtures', 'posts', 'math-heavy', 'curve.svg'), join(dir, 'curve.svg'));
  const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  writeFileSync(
    join(dir, 'index.mdx'),
    template.replace(/^title: .*$/m, `title: 'Generated post ${i}'`).replace(/^date: .*$/m, `date: ${day}`),
  );
}
const genPort = await freePort();
const genUrl = `http://127.0.0.1:${genPort}`;
const genSeconds = await build(generated, join(work, 'generated'), genUrl);
report.build = {
  cachedTrainingSeconds: trainSeconds,
  realSiteSeconds: realSeconds,
  realPlus200PostsSeconds: genSeconds,
  secondsPerGeneratedPost: (genSeconds - realSeconds) / 200,
};

// 2. Page weight of the real site.
const realClient = join(work, 'real', 'client');
report.pageWeight = builtPages(realClient).map((p) => pageWeight(realClient, p));
const realIndex = indexFiles(realClient);
report.searchIndex = { files: realIndex.length, bytes: realIndex.reduce((sum, f) => sum + f.bytes, 0) };

// 3. Lighthouse.
const data = join(work, 'data');
const servers: RunningServer[] = [
  await startServer(join(work, 'real'), { port: realPort, env: { ...fixtureEnv(realUrl), NEWSLETTER_DATA_DIR: data } }),
  await startServer(join(work, 'generated'), {
    port: genPort,
    env: { ...fixtureEnv(genUrl), NEWSLETTER_DATA_DIR: data },
  }),
];
const browser = await findChromium();
const chrome = await chromeLauncher.launch({
  chromePath: browser.executablePath,
  envVars: { ...process.env, ...browser.env },
  chromeFlags: chromiumFlags,
});
const lighthouseRows: Record<string, unknown>[] = [];
try {
  for (const [kind, url] of [
    ['index', `${realUrl}/`],
    ['text post', `${genUrl}/posts/generated-000/`],
    ['demo post', `${realUrl}/posts/vae-iaf/`],
  ] as const) {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
    const lhr = result!.lhr;
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    lighthouseRows.push({
      page: kind,
      url: new URL(url).pathname,
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      lcpMs: Math.round(audit('largest-contentful-paint')),
      tbtMs: Math.round(audit('total-blocking-time')),
      cls: Number(audit('cumulative-layout-shift').toFixed(3)),
    });
  }
} finally {
  chrome.kill();
  for (const s of servers) s.stop();
}
report.lighthouse = lighthouseRows;
report.lighthouseBrowser = browser.source;

// 4. The other benchmarks, each from its own JSON report.
for (const [name, script, args] of [
  ['demos', 'bench/demos.ts', ['--runs', '3']],
  ['signup', 'bench/signup.ts', []],
  ['search', 'bench/search.ts', []],
  ['train', 'training/bench/train-throughput.ts', []],
] as const) {
  if (skip.has(name)) continue;
  const file = join(work, `${name}.json`);
  try {
    await timed(`bench:${name}`, process.execPath, [script, ...args, '--json', file], process.env);
    report[name] = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // One failed benchmark should not lose the others' numbers; the report says what failed.
    report[name] = { error: (error as Error).message };
    process.exitCode = 1;
  }
}

// The table.
const line = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
console.log('\nbuild (seconds)');
console.log(
  `  cached training ${trainSeconds.toFixed(1)}, real site ${realSeconds.toFixed(1)}, ` +
    `real + 200 math posts ${genSeconds.toFixed(1)} (${(((genSeconds - realSeconds) / 200) * 1000).toFixed(0)} ms per post)`,
);
console.log(`\nLighthouse (mobile, simulated throttling; ${browser.source})`);
const widths = [10, 6, 6, 6, 6, 8, 7, 7];
console.log(line(['page', 'perf', 'a11y', 'bp', 'seo', 'LCP ms', 'TBT ms', 'CLS'], widths));
for (const r of lighthouseRows) {
  console.log(
    line(
      [r.page, r.performance, r.accessibility, r.bestPractices, r.seo, r.lcpMs, r.tbtMs, r.cls] as (string | number)[],
      widths,
    ),
  );
}
console.log('\npage weight of the real site, gzipped KiB (html + css + js)');
for (const w of report.pageWeight as ReturnType<typeof pageWeight>[]) {
  console.log(
    `  ${w.page.padEnd(36)} ${(w.total / 1024).toFixed(1).padStart(6)}  (${(w.html / 1024).toFixed(1)} + ${(w.css / 1024).toFixed(1)} + ${(w.js / 1024).toFixed(1)})`,
  );
}
const index = report.searchIndex as { files: number; bytes: number };
console.log(`\nsearch index of the real site: ${index.files} files, ${(index.bytes / 1024).toFixed(1)} KiB`);
for (const name of ['demos', 'signup', 'search', 'train']) {
  if (report[name]) console.log(`\n${name}: ${JSON.stringify(report[name]).slice(0, 400)}…`);
}
writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
console.log(`\nreport: ${values.json}`);
