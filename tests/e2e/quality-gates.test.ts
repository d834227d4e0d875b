/**
 * Each quality gate catches the defect it exists for: a broken link or anchor, invalid HTML, an
 * accessibility violation, a blown page-weight budget, a broken feed. Defects are planted in
 * copies of the fixture site's built pages (or in a page served by it), never in the site itself.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, outDir, root } from '../support/harness.ts';
import { seriousViolations } from '../quality/axe.ts';
import { BUDGETS, budgetProblems } from '../quality/budgets.ts';
import { feedProblems, parseFeed } from '../quality/feeds.ts';
import { validateHtml } from '../quality/html.ts';
import { checkLinks } from '../quality/links.ts';
import { pageWeight } from '../quality/page-weight.ts';

const built = join(outDir, 'client');
mkdirSync(join(root, 'tests', '.output'), { recursive: true });
const work = mkdtempSync(join(root, 'tests', '.output', 'gates-'));
let browser: Browser;
before(async () => (browser = await launchBrowser()));
after(async () => {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the built fixture site to plant defects in. */
function copySite(name: string): string {
  const dir = join(work, name);
  cpSync(built, dir, { recursive: true });
  return dir;
}

const edit = (file: string, change: (html: string) => string) =>
  writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('the link gate', () => {
  it('passes the fixture site and reports a missing page and a missing anchor', () => {
    assert.deepEqual(checkLinks(built, { siteUrl: baseUrl(), onDemand: ['/subscribe/'] }).problems, []);
    const site = copySite('links');
    edit(join(site, 'about', 'index.html'), (html) =>
      html.replace(
        '</main>',
        '<a href="/posts/no-such-post/">gone</a><a href="/posts/math-heavy/#no-such-id">x</a></main>',
      ),
    );
    const { problems } = checkLinks(site, { siteUrl: baseUrl(), onDemand: ['/subscribe/'] });
    assert.deepEqual(
      problems.map((p) => `${p.page} → ${p.link}: ${p.problem}`),
      [
        '/about/ → /posts/no-such-post/: /posts/no-such-post/ does not exist',
        '/about/ → /posts/math-heavy/#no-such-id: no element with id "no-such-id" on /posts/math-heavy/',
      ],
    );
  });
});

describe('the HTML gate', () => {
  it('passes a built page and reports a duplicate id and misnested markup', async () => {
    const page = readFileSync(join(built, 'posts', 'math-heavy', 'index.html'), 'utf8');
    assert.deepEqual(await validateHtml(page), []);
    const planted = page.replace('</main>', '<p id="main">twice<div>in a paragraph</div></p></main>');
    const rules = (await validateHtml(planted)).map((p) => p.rule);
    assert.ok(rules.includes('no-dup-id'), rules.join(', '));
    assert.ok(
      rules.some((r) => r === 'element-permitted-content' || r === 'close-order'),
      rules.join(', '),
    );
  });
});

describe('the accessibility gate', () => {
  it('passes the about page and reports an unlabelled image and unreadable text', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/about/`);
    assert.deepEqual(await seriousViolations(page), []);
    await page.evaluate(() => {
      const main = document.querySelector('main')!;
      main.insertAdjacentHTML(
        'beforeend',
        '<img src="/favicon.svg"><p style="color:#ddd;background:#fff">barely visible</p>',
      );
    });
    const ids = (await seriousViolations(page)).map((v) => v.id);
    assert.deepEqual(ids.sort(), ['color-contrast', 'image-alt']);
    await context.close();
  });
});

describe('the page-weight gate', () => {
  it('passes the fixture posts and reports a script on a text post and an oversized page', () => {
    const text = { file: join(built, 'posts', 'math-heavy', 'index.html'), path: '/posts/math-heavy/' };
    const demo = { file: join(built, 'posts', 'latent-pad-demo', 'index.html'), path: '/posts/latent-pad-demo/' };
    assert.deepEqual(budgetProblems(pageWeight(built, text), 'text'), []);
    assert.deepEqual(budgetProblems(pageWeight(built, demo), 'demo'), []);

    const site = copySite('weight');
    const script = readdirSync(join(site, '_astro')).find((f) => f.endsWith('.js'))!;
    const file = join(site, 'posts', 'math-heavy', 'index.html');
    edit(file, (html) => html.replace('</head>', `<script type="module" src="/_astro/${script}"></script></head>`));
    assert.match(budgetProblems(pageWeight(site, { ...text, file }), 'text').join('\n'), /loads \d+ script files/);
    // Incompressible text, to blow the HTML budget.
    const filler = randomBytes(BUDGETS.mathPostHtmlCssKiB * 1024).toString('base64');
    edit(file, (html) => html.replace('</main>', `<p>${filler}</p></main>`));
    assert.match(budgetProblems(pageWeight(site, { ...text, file }), 'text').join('\n'), /over the 60 KiB budget/);
  });
});

describe('the feed gate', () => {
  it('passes the fixture feed and reports malformed XML, KaTeX HTML and a bad date', async () => {
    // The site's CSP rightly refuses to fetch data: URLs, which carry the planted feeds.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/about/`);
    assert.deepEqual(feedProblems(await parseFeed(page, `${baseUrl()}/rss.xml`)), []);
    const feed = (item: string) =>
      `data:application/xml,${encodeURIComponent(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>${item}</channel></rss>`)}`;
    assert.match(feedProblems(await parseFeed(page, feed('<item><title>x</title>')))[0]!, /not well-formed/);
    const bad = feed(
      `<item><title>x</title><pubDate>2026-11-30</pubDate><content:encoded><![CDATA[${'<span class="katex">x</span>'.repeat(20)}]]></content:encoded></item>`,
    );
    const problems = feedProblems(await parseFeed(page, bad)).join('\n');
    assert.match(problems, /not RFC 822/);
    assert.match(problems, /KaTeX HTML instead of MathML/);
    await context.close();
  });
});
