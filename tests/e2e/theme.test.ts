import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/harness.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

const background = (page: import('playwright-core').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** Waits until the page is in `theme`. */
const theme = (page: import('playwright-core').Page, name: 'light' | 'dark') =>
  page.locator(`html[data-theme="${name}"]`).waitFor({ state: 'attached' });

describe('colour scheme', () => {
  it('follows the system preference', async () => {
    const { page: light } = await openPage(browser, '/', { colorScheme: 'light' });
    const { page: dark } = await openPage(browser, '/', { colorScheme: 'dark' });
    assert.equal(await light.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.equal(await dark.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.notEqual(await background(light), await background(dark));
  });

  it('remembers the toggle across pages and reloads, with the theme set before first paint', async () => {
    const { page } = await openPage(browser, '/', { colorScheme: 'light' });
    const toggle = page.locator('[data-theme-toggle]');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    await theme(page, 'dark');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    const darkBackground = await background(page);

    // The theme script runs in <head>: record the theme at the first paint of the next page.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body) {
          (window as unknown as { firstTheme?: string }).firstTheme = document.documentElement.dataset.theme;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(new URL('/archive/', page.url()).href);
    assert.equal(await page.evaluate(() => (window as unknown as { firstTheme?: string }).firstTheme), 'dark');
    assert.equal(await background(page), darkBackground);
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');

    await page.locator('[data-theme-toggle]').click();
    await theme(page, 'light');
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  });

  it('is usable from the keyboard: a skip link first, then a visible focus ring', async () => {
    const { page } = await openPage(browser, '/posts/math-heavy/');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    assert.equal(await focused.innerText(), 'Skip to content');
    assert.notEqual(await focused.evaluate((el) => getComputedStyle(el).outlineStyle), 'none');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash === '#main');
  });
});
