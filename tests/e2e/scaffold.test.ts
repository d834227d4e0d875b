/**
 * `npm run new -- post … --experiment --demo`, end to end, in a copy of the repository (its tracked
 * and unignored files, node_modules linked): scaffold (which trains the full profile) → the
 * generated unit test → smoke training (`--out` the copy, replacing the full run's artifacts) →
 * `astro build` of that post alone → the page served by the production server, with its number,
 * figure, math and a demo that draws in Chromium. A second scaffold of the same title must fail
 * and write nothing. The copy is deleted at the end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, root } from '../support/harness.ts';
import { freePort, startServer, type RunningServer } from '../support/fixture-site.ts';

const TITLE = 'Scaffold Check: Two Moons';
const SLUG = 'scaffold-check-two-moons';
const ISLAND = 'ScaffoldCheckTwoMoonsDemo';

mkdirSync(join(root, 'tests', '.output'), { recursive: true });
const work = mkdtempSync(join(root, 'tests', '.output', 'scaffold-'));
// The node of this process first, so that bin scripts (`#!/usr/bin/env node`) run on it too.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ASTRO_TELEMETRY_DISABLED: '1' };

/** Runs a command in the copy; resolves with its exit code and everything it printed. */
function inCopy(cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: work, env: { ...env, ...extra } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}
const node = (script: string, ...args: string[]) => inCopy(process.execPath, [script, ...args]);
const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const value = await f();
  console.log(`scaffold e2e: ${label} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return value;
};

let browser: Browser | undefined;
let server: RunningServer | undefined;
before(() => {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) cpSync(join(root, f), join(work, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
});
after(async () => {
  server?.stop();
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run new -- post --experiment --demo', { concurrency: false }, () => {
  it('scaffolds the post, the experiment, its test and the island, and registers the experiment', async () => {
    const { code, output } = await timed('scaffold', () =>
      node('tools/new/cli.ts', 'post', TITLE, '--experiment', '--demo', '--publish'),
    );
    assert.equal(code, 0, output);
    for (const f of [
      `content/posts/${SLUG}/index.mdx`,
      `training/src/experiments/${SLUG}.ts`,
      `training/src/experiments/${SLUG}.test.ts`,
      `site/islands/${ISLAND}.tsx`,
      `site/islands/${ISLAND}.css`,
    ])
      assert.ok(existsSync(join(work, f)), `${f} was not written`);
    assert.match(readFileSync(join(work, 'training/src/experiments/index.ts'), 'utf8'), /scaffoldCheckTwoMoons,/);
    // It trained the full profile at once, into the post folder.
    const results = JSON.parse(readFileSync(join(work, 'content/posts', SLUG, 'results', `${SLUG}.json`), 'utf8'));
    assert.equal(results.profile, 'full');
  });

  it('refuses the same title again and writes nothing', async () => {
    const registry = readFileSync(join(work, 'training/src/experiments/index.ts'), 'utf8');
    const { code, output } = await node('tools/new/cli.ts', 'post', TITLE, '--experiment', '--demo');
    assert.equal(code, 2, output);
    assert.match(output, new RegExp(`content/posts/${SLUG} already exists`));
    assert.equal(readFileSync(join(work, 'training/src/experiments/index.ts'), 'utf8'), registry);
  });

  it('passes its generated unit test', async () => {
    const vitest = join(work, 'node_modules', 'vitest', 'vitest.mjs');
    const { code, output } = await timed('generated unit test', () =>
      node(vitest, 'run', `training/src/experiments/${SLUG}.test.ts`),
    );
    assert.equal(code, 0, output);
  });

  it('trains under the smoke profile into the post folder', async () => {
    const { code, output } = await timed('smoke training', () =>
      node('training/src/cli.ts', SLUG, '--profile', 'smoke', '--out', work),
    );
    assert.equal(code, 0, output);
    for (const f of [
      `results/${SLUG}.json`,
      `figures/${SLUG}.training.svg`,
      `figures/${SLUG}.decision.png`,
      `models/${SLUG}.classifier.onnx`,
    ])
      assert.ok(existsSync(join(work, 'content/posts', SLUG, f)), `${f} was not written`);
  });

  it('builds that post, which renders its number, figure and math, and its demo draws', async () => {
    // A posts folder holding only the new post.
    const posts = join(work, 'only-posts');
    cpSync(join(work, 'content/posts', SLUG), join(posts, SLUG), { recursive: true });
    const dist = join(work, 'dist');
    const astro = join(work, 'node_modules', 'astro', 'bin', 'astro.mjs');
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const built = await timed('astro build', () =>
      inCopy(process.execPath, [astro, 'build', '--outDir', dist], { POSTS_DIR: posts, SITE_URL: origin }),
    );
    assert.equal(built.code, 0, built.output);

    server = await startServer(dist, { port, env: { NEWSLETTER_DATA_DIR: join(work, 'data') } });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/posts/${SLUG}/`);
    assert.equal(await page.locator('h1').first().textContent(), TITLE);
    assert.ok((await page.locator('.katex').count()) > 0, 'no KaTeX math on the page');

    const results = JSON.parse(readFileSync(join(work, 'content/posts', SLUG, 'results', `${SLUG}.json`), 'utf8')) as {
      testAccuracy: number;
    };
    const body = (await page.locator('article').textContent()) ?? '';
    assert.ok(body.includes(`${(100 * results.testAccuracy).toFixed(1)}% correctly`), 'the results number is missing');
    const figureLoaded = await page
      .locator('img[alt^="Validation accuracy"]')
      .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth > 0));
    assert.ok(figureLoaded, 'the training figure did not load');

    const demo = page.locator('[data-drawn]');
    await demo.scrollIntoViewIfNeeded();
    await page
      .locator('[data-drawn="true"]')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        const state = `${await demo.getAttribute('data-status')}: ${await demo.locator('.demo-status').textContent()}`;
        throw new Error(`the demo did not draw (${state}; page errors: ${errors.join(' | ') || 'none'})`, {
          cause: error,
        });
      });
    const levels = await demo.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let low = 255;
      let high = 0;
      for (let i = 0; i < data.length; i += 4) {
        low = Math.min(low, data[i]!);
        high = Math.max(high, data[i]!);
      }
      return { low, high };
    });
    // Both classes on the square: some points near 0, some near 1.
    assert.ok(levels.high - levels.low > 128, `the surface is flat: ${JSON.stringify(levels)}`);
    assert.match((await demo.locator('.demo-provenance summary').textContent()) ?? '', new RegExp(SLUG));
    assert.deepEqual(errors, []);
  });
});
