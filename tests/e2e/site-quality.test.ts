/**
 * Quality gates over the real site (content/posts), built and served by the production server:
 * links and anchors, HTML validity, page-weight budgets, accessibility in both colour schemes,
 * feeds, and the security headers. quality-gates.test.ts shows that each gate catches its defect.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { fixtureEnv, launchBrowser, root } from '../support/harness.ts';
import { islandsInViewHydrated } from '../support/islands.ts';
import { freePort, run, startServer, type RunningServer } from '../support/fixture-site.ts';
import { seriousViolations } from '../quality/axe.ts';
import { budgetProblems, isDemoPage } from '../quality/budgets.ts';
import { feedProblems, parseFeed } from '../quality/feeds.ts';
import { validateHtml, validateSite } from '../quality/html.ts';
import { checkLinks } from '../quality/links.ts';
import { pageWeight } from '../quality/page-weight.ts';
import { builtPages } from '../../site/server/http/built-pages.ts';
import { parseHeadersFile } from '../../site/server/http/policy.ts';

const outDir = join(root, 'tests', '.output', 'real');
const client = join(outDir, 'client');
const ON_DEMAND = ['/subscribe/', '/subscribe/confirm/', '/unsubscribe/', '/api/subscribe', '/api/unsubscribe/'];
let server: RunningServer;
let browser: Browser;
let siteUrl: string;

before(async () => {
  rmSync(outDir, { recursive: true, force: true });
  const port = await freePort();
  siteUrl = `http://127.0.0.1:${port}`;
  const env = fixtureEnv(siteUrl, join('content', 'posts'));
  const astro = join(root, 'node_modules', '.bin', 'astro');
  assert.equal(await run(astro, ['build', '--outDir', outDir], env), 0, 'the real site builds');
  mkdirSync(join(outDir, '..', 'real-data'), { recursive: true });
  server = await startServer(outDir, { port, env: { ...env, NEWSLETTER_DATA_DIR: join(outDir, '..', 'real-data') } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const posts = () => builtPages(client).filter((p) => /^\/posts\/[^/]+\/$/.test(p.path));

describe('the real site', () => {
  it('fills the IAF post tables from the training results', () => {
    const html = readFileSync(join(client, 'posts', 'vae-iaf', 'index.html'), 'utf8');
    assert.doesNotMatch(html, /NaN|undefined|katex-error/);
    // Four rows of the main table, each with mean ± sd, and the 2-D study's rows.
    const main = html.slice(
      html.indexOf('id="results-z32"'),
      html.indexOf('</table>', html.indexOf('id="results-z32"')),
    );
    assert.equal([...main.matchAll(/<tr>/g)].length, 5, 'header and four models');
    assert.ok([...main.matchAll(/\d\.\d\d ± \d\.\d\d/g)].length >= 16);
    const study = JSON.parse(readFileSync(join(root, 'content/posts/vae-iaf/results/iaf-z2-posteriors.json'), 'utf8'));
    const studyTable = html.slice(html.indexOf('id="study"'), html.indexOf('</table>', html.indexOf('id="study"')));
    // One row per digit and model, under the header.
    const modelRows = study.digits.reduce((n: number, d: { models: unknown[] }) => n + d.models.length, 0);
    assert.equal([...studyTable.matchAll(/<tr>/g)].length, 1 + modelRows);
  });

  it('nests subsections under their section in the table of contents', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/posts/vae-iaf/`);
    // The prose's own headings; the citation block after it has one of its own.
    const sections = await page.locator('main article .prose h2').count();
    const subsections = await page.locator('main article .prose h3').count();
    assert.ok(subsections > 0);
    assert.equal(await page.locator('nav.toc details > ol > li').count(), sections);
    assert.equal(await page.locator('nav.toc details > ol > li > ul > li').count(), subsections);
    await page.close();
  });

  it('gives every post its citation tags, JSON-LD and BibTeX, and related posts that include its linked ones', () => {
    const pages = posts();
    assert.equal(pages.length, readdirSync(join(root, 'content', 'posts')).length, 'one page per post folder');
    for (const { path, file } of pages) {
      const html = readFileSync(file, 'utf8');
      for (const name of ['citation_title', 'citation_author', 'citation_publication_date', 'citation_public_url']) {
        assert.match(html, new RegExp(`<meta name="${name}" content="[^"]+"`), `${path} has ${name}`);
      }
      assert.match(
        html,
        /<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"BlogPosting"/,
      );
      assert.match(
        html,
        /<section class="cite[^"]*"[^>]*>[\s\S]*?@misc\{keng\d{4}[a-z]+,/,
        `${path} has a BibTeX entry`,
      );
    }
    // The IAF post builds on MADE's masks and each links the other, though they share no tag.
    const related = (slug: string) => {
      const html = readFileSync(join(client, 'posts', slug, 'index.html'), 'utf8');
      const nav = html.slice(
        html.indexOf('<nav class="related'),
        html.indexOf('</nav>', html.indexOf('<nav class="related')),
      );
      return [...nav.matchAll(/href="\/posts\/([^/]+)\/"/g)].map((m) => m[1]);
    };
    assert.ok(related('vae-iaf').includes('made'), `IAF's related posts: ${related('vae-iaf').join(', ')}`);
    assert.ok(related('made').includes('vae-iaf'), `MADE's related posts: ${related('made').join(', ')}`);
  });

  it('has no broken internal link or anchor (external links are listed, not fetched)', () => {
    const { problems, external, checked } = checkLinks(client, { siteUrl, onDemand: ON_DEMAND });
    assert.deepEqual(problems, []);
    assert.ok(checked > 200, `${checked} internal links checked`);
    console.log(`# ${checked} internal links resolve; ${external.length} external links, not fetched:`);
    for (const url of external) console.log(`#   ${url}`);
  });

  it('is valid HTML on every page, the on-demand ones included', async () => {
    const { problems, pages } = await validateSite(client);
    assert.ok(pages >= 8, `${pages} pages`);
    for (const path of ['/subscribe/', '/unsubscribe/?token=x']) {
      problems.push(...(await validateHtml(await (await fetch(`${server.url}${path}`)).text(), path)));
    }
    assert.deepEqual(problems, []);
  });

  it('keeps every page within its weight budget', () => {
    const pages = builtPages(client);
    const problems = pages.flatMap((page) => {
      const kind = isDemoPage(readFileSync(page.file, 'utf8')) ? 'demo' : 'text';
      return budgetProblems(pageWeight(client, page), kind);
    });
    assert.deepEqual(problems, []);
    assert.ok(
      pages.some((p) => isDemoPage(readFileSync(p.file, 'utf8'))),
      'a demo page was measured',
    );
  });

  it('has no serious or critical accessibility violations, in light and dark', async () => {
    const tag = builtPages(client).find((p) => /^\/tags\/[^/]+\/$/.test(p.path))!;
    const paths = [
      '/',
      tag.path,
      ...posts().map((p) => p.path),
      '/about/',
      '/subscribe/',
      '/no-such-page/',
      // The search page with results (the query runs on load).
      '/search/?q=posterior',
    ];
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
        await islandsInViewHydrated(page);
        for (const v of await seriousViolations(page)) {
          found.push(`${colorScheme} ${path}: ${v.id} (${v.impact}) ${v.help}: ${v.targets.slice(0, 3).join(', ')}`);
        }
      }
      await context.close();
    }
    assert.deepEqual(found, []);
  });

  it('has well-formed RSS 2.0 feeds with full content, MathML, RFC 822 dates and working links', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/about/`);
    const feeds = [
      '/rss.xml',
      ...builtPages(client).flatMap((p) => (/^\/tags\/[^/]+\/$/.test(p.path) ? [`${p.path}rss.xml`] : [])),
    ];
    assert.ok(feeds.length > 2);
    for (const path of feeds) {
      const feed = await parseFeed(page, `${server.url}${path}`);
      assert.deepEqual(feedProblems(feed), [], path);
      for (const item of feed.items) {
        assert.ok(item.link.startsWith(`${siteUrl}/posts/`), item.link);
        assert.equal((await fetch(item.link)).status, 200, `${path}: ${item.link}`);
      }
    }
    const iaf = (await parseFeed(page, `${server.url}/rss.xml`)).items.find((i) => i.link.endsWith('/posts/vae-iaf/'));
    assert.ok((iaf?.content.match(/<math /g) ?? []).length > 20, 'the IAF post has its math as MathML');
    await page.close();
  });
});

describe('security headers and the content security policy', () => {
  it('sends the policy and the hardening headers on pages, API answers and files', async () => {
    // The same policy the build writes for static hosts (`_headers`).
    const documented = parseHeadersFile(readFileSync(join(client, '_headers'), 'utf8'));
    for (const [path, init] of [
      ['/', {}],
      ['/no-such-page/', {}],
      ['/rss.xml', {}],
      ['/api/subscribe', { method: 'POST', headers: { origin: 'https://evil.example' } }],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, init);
      const csp = response.headers.get('content-security-policy') ?? '';
      const scripts = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
      assert.match(scripts, /'self' 'wasm-unsafe-eval'( 'sha256-[\w+/=]+')+$/, path);
      assert.doesNotMatch(scripts, /'unsafe-inline'|'unsafe-eval'/, path);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /worker-src 'self'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      assert.equal(csp, documented['Content-Security-Policy'], path);
    }
  });

  it('serves hashed files as immutable and the runtime wasm brotli-compressed', async () => {
    const html = readFileSync(join(client, 'posts', 'vae-iaf', 'index.html'), 'utf8');
    // An island's script (the stylesheets are inlined into the page).
    const script = /component-url="(\/_astro\/[^"]+)"/.exec(html)![1]!;
    const plain = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const wasmFile = readdirSync(join(client, '_astro')).find((f) => f.endsWith('.wasm'))!;
    const wasm = await fetch(`${server.url}/_astro/${wasmFile}`, { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(wasm.headers.get('content-encoding'), 'br');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal(wasm.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const bytes = Number(wasm.headers.get('content-length'));
    assert.ok(bytes < 4 * 2 ** 20, `${bytes} bytes on the wire`);
    assert.equal((await wasm.arrayBuffer()).byteLength > 10 * 2 ** 20, true, 'fetch decodes it to the full wasm');
  });

  it('runs the demos under the policy, and refuses an injected inline script', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/posts/vae-iaf/`, { waitUntil: 'networkidle' });
    await page.locator('astro-island').last().scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => performance.getEntriesByType('measure').some((m) => m.name === 'model-runtime:run'),
      undefined,
      { timeout: 60_000 },
    );
    assert.deepEqual(violations, []);
    const reported = page.waitForEvent('console', (m) => /Content Security Policy/i.test(m.text()));
    const { ran, violated } = await page.evaluate(async () => {
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
      );
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      return { ran: (window as unknown as { injected?: boolean }).injected === true, violated: await violation };
    });
    assert.equal(ran, false, 'an inline script without a hash does not run');
    assert.match(violated, /^script-src/);
    await reported;
    assert.equal(violations.length, 1);
    await page.close();
  });
});
