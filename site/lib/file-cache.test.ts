import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedFile, contentKey, pruneUnused } from './file-cache.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'og-cache-unit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('contentKey', () => {
  it('depends on every part and on where the parts split', () => {
    expect(contentKey(['ab', 'c'])).not.toBe(contentKey(['a', 'bc']));
    expect(contentKey(['a', Buffer.from([1])])).not.toBe(contentKey(['a', Buffer.from([2])]));
    expect(contentKey(['a', 'b'])).toBe(contentKey(['a', Buffer.from('b')]));
  });
});

describe('cachedFile', () => {
  it('produces once, then reads back; the folder holds only the file', async () => {
    let produced = 0;
    const produce = () => (produced++, Buffer.from('card'));
    const sub = join(dir, 'nested', 'og');
    const first = await cachedFile(sub, 'k.png', produce);
    const second = await cachedFile(sub, 'k.png', produce);
    expect([first.hit, second.hit, produced]).toEqual([false, true, 1]);
    expect(second.data.toString()).toBe('card');
    expect(readdirSync(sub)).toEqual(['k.png']);
  });

  it('treats an empty file as missing', async () => {
    writeFileSync(join(dir, 'empty.png'), '');
    const got = await cachedFile(dir, 'empty.png', () => Buffer.from('x'));
    expect(got.hit).toBe(false);
    expect(readFileSync(join(dir, 'empty.png'), 'utf8')).toBe('x');
  });

  it('leaves nothing under the key when producing fails', async () => {
    await expect(
      cachedFile(dir, 'broken.png', () => {
        throw new Error('render failed');
      }),
    ).rejects.toThrow('render failed');
    expect(readdirSync(dir).filter((f) => f.startsWith('broken'))).toEqual([]);
  });
});

describe('pruneUnused', () => {
  it('deletes the files unused for longer than the limit; a hit counts as a use', async () => {
    const sub = join(dir, 'prune');
    mkdirSync(join(sub, 'fonts'), { recursive: true });
    const old = new Date(Date.now() - 30 * 24 * 3600_000);
    for (const name of ['stale.png', 'used.png']) {
      writeFileSync(join(sub, name), name);
      utimesSync(join(sub, name), old, old);
    }
    writeFileSync(join(sub, 'fresh.png'), 'fresh');
    expect((await cachedFile(sub, 'used.png', () => Buffer.from('again'))).hit).toBe(true);
    expect(statSync(join(sub, 'used.png')).mtimeMs).toBeGreaterThan(old.getTime());
    expect(pruneUnused(sub, 14 * 24 * 3600_000)).toBe(1);
    expect(readdirSync(sub).sort()).toEqual(['fonts', 'fresh.png', 'used.png']);
    expect(pruneUnused(join(dir, 'absent'), 0)).toBe(0);
  });
});
