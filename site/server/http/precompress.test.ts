import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompress } from './precompress.ts';

let dir: string;
let out: string;
let cache: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'precompress-'));
  out = join(dir, 'client');
  cache = join(dir, 'cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Compressible bytes over 1 MiB: random words. */
function largeText(seed: string): Buffer {
  const words = Array.from({ length: 64 }, (_, i) => `${seed}${randomBytes(3).toString('hex')}${i} `);
  const lines: string[] = [];
  for (let i = 0, length = 0; length < 1.2 * 2 ** 20; i++) {
    const line = words[(i * 7919) % 64]!.repeat(3);
    lines.push(line);
    length += line.length + 1;
  }
  return Buffer.from(lines.join('\n'));
}

/** A fresh build output holding `files`. */
function build(files: Record<string, Buffer | string>): void {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(out, name), bytes);
}

const decoded = (name: string) => ({
  br: brotliDecompressSync(readFileSync(join(out, `${name}.br`))),
  gz: gunzipSync(readFileSync(join(out, `${name}.gz`))),
});

describe('precompress', () => {
  it('writes brotli and gzip copies that decode to each file, and skips small or incompressible ones', () => {
    const wasm = largeText('w');
    const page = '<p>' + 'a readable sentence. '.repeat(200) + '</p>';
    build({ 'runtime.wasm': wasm, 'index.html': page, 'tiny.css': 'a{}', 'noise.js': randomBytes(4096) });
    const total = precompress(out, cache);
    expect(decoded('runtime.wasm').br.equals(wasm)).toBe(true);
    expect(decoded('runtime.wasm').gz.equals(wasm)).toBe(true);
    expect(decoded('index.html').br.toString()).toBe(page);
    expect(readdirSync(out).sort()).toEqual(
      [
        'index.html',
        'index.html.br',
        'index.html.gz',
        'noise.js',
        'runtime.wasm',
        'runtime.wasm.br',
        'runtime.wasm.gz',
        'tiny.css',
      ].sort(),
    );
    expect(total.files).toBe(2);
    // Only the large file is kept between builds.
    expect(readdirSync(cache).filter((f) => !f.startsWith('.')).length).toBe(2);
  });

  it("reads a large file's copies back on the next build, and makes new ones when its bytes change", () => {
    const wasm = largeText('v1');
    build({ 'runtime.wasm': wasm });
    precompress(out, cache);
    // What the cache holds is what the next build serves: swap in a marker (a valid brotli stream).
    const [entry] = readdirSync(cache).filter((f) => f.endsWith('.br'));
    const marker = brotliCompressSync(Buffer.from('read back from the cache'));
    writeFileSync(join(cache, entry!), marker);
    build({ 'runtime.wasm': wasm });
    precompress(out, cache);
    expect(readFileSync(join(out, 'runtime.wasm.br')).equals(marker)).toBe(true);

    const changed = largeText('v2');
    build({ 'runtime.wasm': changed });
    precompress(out, cache);
    expect(decoded('runtime.wasm').br.equals(changed)).toBe(true);
  });

  it('compresses again over an empty (damaged) cache entry', () => {
    const wasm = largeText('e');
    build({ 'runtime.wasm': wasm });
    precompress(out, cache);
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), '');
    build({ 'runtime.wasm': wasm });
    precompress(out, cache);
    expect(decoded('runtime.wasm').br.equals(wasm)).toBe(true);
    expect(decoded('runtime.wasm').gz.equals(wasm)).toBe(true);
  });
});
