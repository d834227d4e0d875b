/** Shared by the end-to-end tests and the benchmarks: paths, the fixture environment, Chromium, HTTP helpers. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where the fixture site is built; `E2E_OUT_DIR` moves it, so that two runs can share a checkout. */
export const outDir = process.env.E2E_OUT_DIR ?? join(root, 'tests', '.output', 'dist');
export const fixturesDir = join('tests', 'fixtures', 'posts');

/** Environment that points the site at the fixture posts and the test origin. */
export function fixtureEnv(siteUrl: string, postsDir: string = fixturesDir): NodeJS.ProcessEnv {
  return { ...process.env, POSTS_DIR: postsDir, SITE_URL: siteUrl, ASTRO_TELEMETRY_DISABLED: '1' };
}

/** The served fixture site, set by tests/e2e/run.ts. */
export function baseUrl(): string {
  const url = process.env.BASE_URL;
  if (!url) throw new Error('BASE_URL is not set: run the e2e tests with `npm run test:e2e`.');
  return url;
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(last)}`);
}

// Which Chromium, and how it starts: browser.ts.
export { chromiumFlags, findChromium, launchBrowser } from './browser.ts';

/**
 * Open a page on the fixture site; every request the page makes is recorded in `requests`.
 * `beforeGoto` runs on the new page before it loads (to route requests or add init scripts).
 */
export async function openPage(
  browser: Browser,
  path: string,
  options: {
    colorScheme?: 'light' | 'dark';
    width?: number;
    height?: number;
    beforeGoto?: (page: Page) => Promise<unknown>;
  } = {},
): Promise<{ page: Page; requests: { url: string; type: string }[] }> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  const page = await context.newPage();
  const requests: { url: string; type: string }[] = [];
  page.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));
  await options.beforeGoto?.(page);
  await page.goto(new URL(path, baseUrl()).href, { waitUntil: 'networkidle' });
  return { page, requests };
}
