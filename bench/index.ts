/**
 * `npm run bench`: every benchmark of the project in one report.
 *   - build time of the real site (training cached), and of the real site plus 200 generated
 *     math-heavy posts, to show how the build grows with content, against the same site plus 200
 *     plain-Markdown twins of that post built in the same run;
 *   - astro dev with those 200 math posts: how long a post edit takes to show;
 *   - Lighthouse (the tests' Chromium, tests/support/browser.ts; Lighthouse's default mobile profile with
 *     simulated throttling) on the index, a text post and the demo post, several runs each: the
 *     median of the four category scores, FCP, LCP, TBT and CLS, and performance's range;
 *   - page weight and search index size of the real site, and the demo, signup, search and training
 *     benchmarks, each run as its own command and gathered from its JSON report.
 * Prints a table and writes the whole report as JSON.
 *
 *   npm run bench [-- --json bench-report.json] [--skip train,signup,demos,search,lighthouse,dev]
 *                 [--lighthouse-runs 3]
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumFlags, findChromium, fixtureEnv, root, waitForHttp } from '../tests/support/harness.ts';
import { freePort, run, startServer, type RunningServer } from '../tests/support/fixture-site.ts';
import { pageWeight } from '../tests/quality/page-weight.ts';
import { builtPages } from '../site/server/http/built-pages.ts';
import { defaultCompileCacheDir } from '../site/lib/markdown/mdx-compile-cache.ts';
import { defaultCacheDir as defaultPrecompressCacheDir } from '../site/server/http/precompress.ts';
import { defaultCacheDir as defaultKatexFontsCacheDir } from '../site/lib/fonts/subset-katex-fonts.ts';
import { indexFiles } from '../tests/support/search-index.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'string', default: 'bench-report.json' },
    skip: { type: 'string', default: '' },
    'lighthouse-runs': { type: 'string', default: '3' },
  },
});
const lighthouseRuns = Number(values['lighthouse-runs']);
if (!Number.isInteger(lighthouseRuns) || lighthouseRuns < 1)
  throw new Error(`bench: --lighthouse-runs must be a whole number ≥ 1, not ${values['lighthouse-runs']}`);
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

/** Seconds of a first `astro build` of `postsDir` into `outDir` for `siteUrl`, and of a rebuild. */
interface BuildTimes {
  /**
   * New posts: every post is compiled (the compile cache is emptied first, and so are the caches of
   * compressed large files and of KaTeX's cut fonts) and every link-preview card drawn (they carry
   * the site's host, here a fresh port).
   */
  first: number;
  /** The same posts again, as an author's next build: compiled posts and cards come from their caches. */
  again: number;
}
async function build(postsDir: string, outDir: string, siteUrl: string): Promise<BuildTimes> {
  const once = () =>
    timed(`building ${postsDir}`, join(npm, 'astro'), ['build', '--outDir', outDir], fixtureEnv(siteUrl, postsDir));
  rmSync(defaultCompileCacheDir(root), { recursive: true, force: true });
  rmSync(defaultPrecompressCacheDir(root), { recursive: true, force: true });
  rmSync(defaultKatexFontsCacheDir(root), { recursive: true, force: true });
  return { first: await once(), again: await once() };
}
/** Milliseconds each of the 200 generated posts adds to a build. */
const perPost = (site: BuildTimes, real: BuildTimes) => ({
  first: ((site.first - real.first) / 200) * 1000,
  again: ((site.again - real.again) / 200) * 1000,
});

// 1. Build time.
const realPort = await freePort();
const realUrl = `http://127.0.0.1:${realPort}`;
const trainSeconds = await timed('cached training', process.execPath, ['training/src/cli.ts'], process.env);
const realSeconds = await build(join('content', 'posts'), join(work, 'real'), realUrl);
// Two levels below the root, as content/posts is: the posts import the site with ../../../site/.
const template = readFileSync(join(root, 'tests', 'fixtures', 'posts', 'math-heavy', 'index.mdx'), 'utf8');
const generatedDirs = { math: join(root, 'tests', '.output-posts'), plain: join(root, 'tests', '.output-plain') };
/** The real posts and 200 copies of the math-heavy fixture, or of its plain-Markdown twin. */
function generatePosts(kind: keyof typeof generatedDirs): string {
  const dir = generatedDirs[kind];
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'content', 'posts'), dir, { recursive: true });
  const body = kind === 'math' ? template : plainTwin(template);
  for (let i = 0; i < 200; i++) {
    const post = join(dir, `generated-${String(i).padStart(3, '0')}`);
    mkdirSync(post);
    if (kind === 'math')
      cpSync(join(root, 'tests', 'fixtures', 'posts', 'math-heavy', 'curve.svg'), join(post, 'curve.svg'));
    const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(
      join(post, 'index.mdx'),
      body.replace(/^title: .*$/m, `title: 'Generated post ${i}'`).replace(/^date: .*$/m, `date: ${day}`),
    );
  }
  return dir;
}
/**
 * The same post as plain Markdown: its prose, headings, table, code and footnote, without math,
 * imports or components. Built in the same run, it is the yardstick the math-heavy post's cost is
 * read against, so the ratio survives a slow or noisy machine.
 */
function plainTwin(mdx: string): string {
  const plain = mdx
    .replace(/^import .*\n/gm, '')
    .replace(/\n\$\$\n[\s\S]*?\n\$\$\n/g, '\n')
    .replace(/\$[^$\n]+\$/g, 'x')
    .replace(/<Ref to="[^"]*" \/>/g, 'the equation above')
    .replace(/<Figure[\s\S]*?<\/Figure>\n/g, '')
    .replace(/^ *<\/?(?:Table|Aside)\b.*\n/gm, '')
    .replace(/^ *<span slot="caption">.*\n/gm, '');
  if (/[$\\<]/.test(plain.replace(/```[\s\S]*?```/g, '')))
    throw new Error('bench: the plain twin still has math or markup');
  return plain;
}
const plainSeconds = await build(generatePosts('plain'), join(work, 'plain'), realUrl);
const generated = generatePosts('math');
const genPort = await freePort();
const genUrl = `http://127.0.0.1:${genPort}`;
const genSeconds = await build(generated, join(work, 'generated'), genUrl);
report.build = {
  cachedTrainingSeconds: trainSeconds,
  realSiteSeconds: realSeconds,
  realPlus200PlainPostsSeconds: plainSeconds,
  realPlus200PostsSeconds: genSeconds,
  msPerPlainPost: perPost(plainSeconds, realSeconds),
  msPerMathPost: perPost(genSeconds, realSeconds),
  mathOverPlainOnRebuild: perPost(genSeconds, realSeconds).again / perPost(plainSeconds, realSeconds).again,
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
/** One Lighthouse run's numbers. */
interface LighthouseRun {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const lighthouseRows: ({ page: string; url: string; runs: LighthouseRun[] } & LighthouseRun)[] = [];
try {
  for (const [kind, url] of skip.has('lighthouse')
    ? []
    : ([
        ['index', `${realUrl}/`],
        ['text post', `${genUrl}/posts/generated-000/`],
        ['demo post', `${realUrl}/posts/vae-iaf/`],
      ] as const)) {
    // Several runs: simulated throttling replays one observed trace, and whether a request counts
    // as render-blocking depends on when it started in that trace, so one page can land on two
    // different scores from run to run. The row is the median of each number.
    const runs: LighthouseRun[] = [];
    for (let i = 0; i < lighthouseRuns; i++) {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
      const lhr = result!.lhr;
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
      runs.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        fcpMs: Math.round(audit('first-contentful-paint')),
        lcpMs: Math.round(audit('largest-contentful-paint')),
        tbtMs: Math.round(audit('total-blocking-time')),
        cls: Number(audit('cumulative-layout-shift').toFixed(3)),
      });
    }
    const keys = Object.keys(runs[0]!) as (keyof LighthouseRun)[];
    const medians = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as LighthouseRun;
    lighthouseRows.push({ page: kind, url: new URL(url).pathname, ...medians, runs });
  }
} finally {
  chrome.kill();
  for (const s of servers) s.stop();
}
report.lighthouse = lighthouseRows;
report.lighthouseBrowser = browser.source;

/**
 * `astro dev` over `postsDir`: seconds until the first post answers, then, for each of a few edits
 * of that post, the milliseconds until the server's page has the new text (a browser reloading
 * after the edit sees it no sooner).
 */
async function devEdits(postsDir: string, edits: number): Promise<{ startSeconds: number; editMs: number[] }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/posts/generated-000/`;
  const started = performance.now();
  const dev = spawn(join(npm, 'astro'), ['dev', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: fixtureEnv(`http://127.0.0.1:${port}`, postsDir),
    stdio: 'ignore',
  });
  const file = join(postsDir, 'generated-000', 'index.mdx');
  const original = readFileSync(file, 'utf8');
  try {
    await waitForHttp(url, 600_000);
    const startSeconds = (performance.now() - started) / 1000;
    const editMs: number[] = [];
    for (let i = 0; i < edits; i++) {
      const marker = `Bench edit ${i}.`;
      writeFileSync(file, original.replace('This post derives', `${marker} This post derives`));
      const edited = performance.now();
      // Waits on the page's state; a dev server that never picks the edit up fails the bench.
      while (!(await (await fetch(url)).text()).includes(marker)) {
        if (performance.now() - edited > 60_000) throw new Error(`astro dev: edit ${i} did not show in 60 s`);
        await sleep(25);
      }
      editMs.push(performance.now() - edited);
    }
    return { startSeconds, editMs };
  } finally {
    dev.kill();
    writeFileSync(file, original);
  }
}
if (!skip.has('dev')) report.devEdit = await devEdits(generated, 5);

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
console.log('\nbuild (seconds: first build, rebuild)');
const pair = (t: BuildTimes) => `${t.first.toFixed(1)}, ${t.again.toFixed(1)}`;
const plainMs = perPost(plainSeconds, realSeconds);
const mathMs = perPost(genSeconds, realSeconds);
console.log(
  `  cached training ${trainSeconds.toFixed(1)}; real site ${pair(realSeconds)}; ` +
    `+ 200 plain posts ${pair(plainSeconds)}; + 200 math posts ${pair(genSeconds)}`,
);
console.log(
  `  per post: plain ${plainMs.first.toFixed(0)}, ${plainMs.again.toFixed(0)} ms; ` +
    `math ${mathMs.first.toFixed(0)}, ${mathMs.again.toFixed(0)} ms (${(mathMs.again / plainMs.again).toFixed(1)}x plain on a rebuild)`,
);
const dev = report.devEdit as { startSeconds: number; editMs: number[] } | undefined;
if (dev) {
  console.log(
    `\nastro dev with the 200 math posts: first page after ${dev.startSeconds.toFixed(1)} s; a post edit shows after ` +
      `${dev.editMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
  );
}
console.log(
  `\nLighthouse (mobile, simulated throttling; ${browser.source}): median of ${lighthouseRuns} run(s), performance's range beside it`,
);
const widths = [10, 14, 6, 6, 6, 8, 8, 7, 7];
console.log(line(['page', 'perf', 'a11y', 'bp', 'seo', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS'], widths));
for (const r of lighthouseRows) {
  const scores = r.runs.map((run) => run.performance);
  const range = `${Math.min(...scores)}–${Math.max(...scores)}`;
  console.log(
    line(
      [
        r.page,
        `${r.performance} (${range})`,
        r.accessibility,
        r.bestPractices,
        r.seo,
        r.fcpMs,
        r.lcpMs,
        r.tbtMs,
        r.cls,
      ],
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
