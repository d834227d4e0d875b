import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ogImage, type CardInput, type OgOptions } from './og-image.ts';
import { pngSize, renderCard } from './render.ts';

const root = process.cwd();
let cacheDir: string;
beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'og-cache-'));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** The real renderer, counted. */
function counting(): { options: OgOptions; calls: () => number } {
  let calls = 0;
  const render: typeof renderCard = (...args) => {
    calls += 1;
    return renderCard(...args);
  };
  return { options: { root, cacheDir, render }, calls: () => calls };
}

const card: CardInput = {
  title: 'Variational Autoencoders with Inverse Autoregressive Flows',
  date: '24 November 2026',
  siteName: 'Bounded Rationality',
  host: 'bjlkeng.io',
};

describe('ogImage', () => {
  it('renders a 1200×630 PNG under 300 KB, then serves the unchanged card from the cache', async () => {
    const { options, calls } = counting();
    const first = await ogImage(card, options);
    expect(first.hit).toBe(false);
    expect(calls()).toBe(1);
    expect(pngSize(first.png)).toEqual({ width: 1200, height: 630 });
    expect(first.png.length).toBeLessThan(300 * 1024);

    const second = await ogImage({ ...card }, options);
    expect(second.hit).toBe(true);
    expect(calls()).toBe(1);
    expect(second.png.equals(first.png)).toBe(true);
  });

  it.each([
    ['title', { title: 'A different title' }],
    ['date', { date: '25 November 2026' }],
    ['site name', { siteName: 'Unbounded Rationality' }],
  ])('renders again when the %s changes', async (_what, change) => {
    const { options, calls } = counting();
    await ogImage(card, options);
    const changed = await ogImage({ ...card, ...change }, options);
    expect(changed.hit).toBe(false);
    expect(calls()).toBe(1);
  });

  it('keys on the figure bytes, and leaves no temporary files behind', async () => {
    const { options, calls } = counting();
    const dot = (color: string) =>
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="${color}"/></svg>`,
      );
    const a = await ogImage({ ...card, figure: { bytes: dot('red'), kind: 'svg' } }, options);
    const again = await ogImage({ ...card, figure: { bytes: dot('red'), kind: 'svg' } }, options);
    const b = await ogImage({ ...card, figure: { bytes: dot('blue'), kind: 'svg' } }, options);
    expect([a.hit, again.hit, b.hit]).toEqual([false, true, false]);
    expect(calls()).toBe(2);
    expect(pngSize(b.png)).toEqual({ width: 1200, height: 630 });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
