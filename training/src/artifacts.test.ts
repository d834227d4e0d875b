import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Artifacts } from './artifacts.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'br-artifacts-'));

describe('Artifacts', () => {
  it('names every output after its producer, under its home', () => {
    const out = new Artifacts('/r', 'content/posts/p', 'iaf-z2-t4');
    expect(out.results).toBe('content/posts/p/results/iaf-z2-t4.json');
    expect(out.data).toBe('content/posts/p/data/iaf-z2-t4.json');
    expect(out.figure('training-curve', 'svg')).toBe('content/posts/p/figures/iaf-z2-t4.training-curve.svg');
    expect(out.model('decoder')).toBe('content/posts/p/models/iaf-z2-t4.decoder.onnx');
    expect(out.path(out.results)).toBe('/r/content/posts/p/results/iaf-z2-t4.json');
  });

  it('refuses names that would not trace back, and homes outside the root', () => {
    const out = new Artifacts('/r', 'content/posts/p', 'vae-z2');
    expect(() => out.figure('Samples', 'png')).toThrow(/figure "Samples"/);
    expect(() => out.figure('a.b', 'png')).toThrow(/lower-case/);
    expect(() => out.model('../x')).toThrow(/model role/);
    expect(() => new Artifacts('/r', '../elsewhere', 'vae-z2')).toThrow(/inside the artifact root/);
    expect(() => new Artifacts('/r', '/abs', 'vae-z2')).toThrow(/inside the artifact root/);
    expect(() => new Artifacts('/r', 'p', 'Vae Z2')).toThrow(/producer/);
  });

  it('writes atomically, creating folders, and returns the relative path', async () => {
    const root = temp();
    const out = new Artifacts(root, 'posts/p', 'e');
    expect(await out.writeJson(out.results, { a: 1 })).toBe('posts/p/results/e.json');
    expect(readFileSync(join(root, 'posts/p/results/e.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(out.readJson(out.results)).toEqual({ a: 1 });
    await out.write(out.figure('plot', 'svg'), '<svg/>');
    expect(readdirSync(join(root, 'posts/p/figures'))).toEqual(['e.plot.svg']);
    expect(Array.from(out.readBytes(out.figure('plot', 'svg')))).toEqual(Array.from(Buffer.from('<svg/>')));
  });
});
