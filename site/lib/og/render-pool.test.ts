import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cardTree, type CardNode } from './card.ts';
import { loadFonts } from './fonts.ts';
import { renderCard } from './render.ts';
import { pooledRenderer, workerScript } from './render-pool.ts';

const root = process.cwd();
const fonts = loadFonts(root);
const tree = (title: string) =>
  cardTree({ title, date: '3 December 2026', siteName: 'Bounded Rationality', host: 'example.org' });
const scratch = mkdtempSync(join(tmpdir(), 'og-pool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('pooledRenderer', () => {
  it('draws on worker threads the same bytes as renderCard on this thread, for cards in flight together', async () => {
    const render = pooledRenderer(workerScript(root), 2);
    const titles = ['Masked autoencoders', 'Semi-supervised learning with deep generative models', 'Ranking'];
    const pooled = await Promise.all(titles.map((t) => render(tree(t), fonts)));
    for (const [i, t] of titles.entries()) expect(pooled[i]!.equals(await renderCard(tree(t), fonts))).toBe(true);
  });

  it('fails a card that satori rejects, with its reason, and draws the next one', async () => {
    const render = pooledRenderer(workerScript(root), 1);
    const bad: CardNode = { type: 'div', props: { style: { display: 'table' }, children: 'x' } };
    await expect(render(bad, fonts)).rejects.toThrow(/^Link-preview card: .*display/s);
    expect(
      (await render(tree('After a failure'), fonts)).equals(await renderCard(tree('After a failure'), fonts)),
    ).toBe(true);
  });

  it('fails the cards of a worker that dies, saying so', async () => {
    const dying = join(scratch, 'dying-worker.mjs');
    writeFileSync(
      dying,
      "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));",
    );
    const render = pooledRenderer(dying, 1);
    await expect(render(tree('Never drawn'), fonts)).rejects.toThrow('Link-preview card worker exited with code 3');
    // A new worker is started for the next card (it dies too, and says so again).
    await expect(render(tree('Never drawn either'), fonts)).rejects.toThrow('exited with code 3');
  });

  it('refuses a second set of fonts for the workers it started', async () => {
    const render = pooledRenderer(workerScript(root), 1);
    await render(tree('First'), fonts);
    expect(() => render(tree('Second'), loadFonts(root))).toThrow('started with other fonts');
  });

  it('does not keep a process alive once its cards are drawn', () => {
    // The child draws one card and must then exit by itself; execFileSync returns when it has.
    const code = `
      import { pooledRenderer, workerScript } from ${JSON.stringify(join(root, 'site/lib/og/render-pool.ts'))};
      import { loadFonts } from ${JSON.stringify(join(root, 'site/lib/og/fonts.ts'))};
      const png = await pooledRenderer(workerScript(process.cwd()), 2)({ type: 'div', props: { style: { display: 'flex' }, children: 'x' } }, loadFonts(process.cwd()));
      console.log(png.length > 0 ? 'drawn' : 'empty');`;
    const child = join(scratch, 'draw-one.mjs');
    writeFileSync(child, code);
    const out = execFileSync(process.execPath, [child], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out.trim()).toBe('drawn');
  });
});
