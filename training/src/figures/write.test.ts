import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFigure } from './write.ts';
import { writeAtomic } from '../runtime/write-atomic.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'br-figures-'));

describe('writeFigure', () => {
  it('creates folders, writes strings and buffers, and leaves no temporary files', async () => {
    const root = fresh();
    const svg = 'content/posts/demo/figures/curve.svg';
    const png = 'content/posts/demo/figures/grid.png';
    expect(await writeFigure(root, svg, '<svg/>\n')).toBe(svg);
    expect(await writeFigure(root, png, Buffer.from([137, 80, 78, 71]))).toBe(png);
    expect(readFileSync(join(root, svg), 'utf8')).toBe('<svg/>\n');
    expect([...readFileSync(join(root, png))]).toEqual([137, 80, 78, 71]);
    expect(readdirSync(join(root, 'content/posts/demo/figures')).sort()).toEqual(['curve.svg', 'grid.png']);
  });

  it('replaces an existing file', async () => {
    const root = fresh();
    await writeFigure(root, 'a.svg', 'old');
    await writeFigure(root, 'a.svg', 'new');
    expect(readFileSync(join(root, 'a.svg'), 'utf8')).toBe('new');
  });

  it('refuses paths outside the root', async () => {
    await expect(writeFigure(fresh(), '../escape.svg', 'x')).rejects.toThrow(/inside the artifact root/);
    await expect(writeFigure(fresh(), '/etc/x.svg', 'x')).rejects.toThrow(/inside the artifact root/);
  });
});

describe('writeAtomic', () => {
  it('removes its temporary file when the rename fails', async () => {
    const dir = fresh();
    await writeAtomic(join(dir, 'folder', 'inner.txt'), 'x');
    // Renaming a file over a non-empty folder fails.
    await expect(writeAtomic(join(dir, 'folder'), 'y')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['folder']);
  });
});
