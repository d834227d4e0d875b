/**
 * Brotli and gzip copies of the built text and wasm files, written beside them at build time, so
 * the server sends compressed bytes without compressing per request. The runtime's 14 MB wasm
 * becomes about 2.6 MB.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { contentKey, pruneUnusedOnce, readCached } from '../../lib/file-cache.ts';
import { writeAtomic } from '../../lib/write-atomic.ts';

export const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.svg', '.txt', '.wasm']);
const MIN_BYTES = 1024;
const LARGE_BYTES = 2 ** 20;

/**
 * Effort by size. The runtime's 14 MB wasm, which every demo reader downloads, is worth brotli 9
 * (within 15% of the maximum, 11, at a twentieth of its time). A page is not: a build compresses
 * every page, and on a 200-post build brotli 5 took 0.5 s for the 22.5 MiB of HTML where 9 took
 * 5.2 s, for 1.5% more bytes (4,011 KiB against 3,952).
 */
const effort = (bytes: number) => (bytes >= LARGE_BYTES ? { brotli: 9, gzip: 9 } : { brotli: 5, gzip: 6 });

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** The default folder for compressed copies of large files kept between builds. */
export const defaultCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'precompressed');

function compress(raw: Buffer): { br: Buffer; gz: Buffer } {
  const { brotli, gzip } = effort(raw.length);
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: brotli, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return { br, gz: gzipSync(raw, { level: gzip }) };
}

/**
 * A large file's copies from `cacheDir` when a build already made them for the same bytes, else
 * made and stored. Only large files are kept: the runtime wasm, which never changes between an
 * author's builds, was 2.5 of the 3 s that compressing a 200-post build took; a page costs more to
 * hash and read back than brotli 5 takes to compress it.
 */
function compressCached(raw: Buffer, cacheDir: string): { br: Buffer; gz: Buffer } {
  pruneUnusedOnce(cacheDir);
  const { brotli, gzip } = effort(raw.length);
  const base = join(cacheDir, contentKey([`brotli ${brotli} gzip ${gzip}`, raw]));
  const br = readCached(`${base}.br`);
  const gz = readCached(`${base}.gz`);
  if (br && gz) return { br, gz };
  const made = compress(raw);
  writeAtomic(`${base}.br`, made.br);
  writeAtomic(`${base}.gz`, made.gz);
  return made;
}

/**
 * Returns the bytes before and after (brotli) over the files it compressed. With `cacheDir`,
 * large files' copies are kept there between builds.
 */
export function precompress(dir: string, cacheDir?: string): { files: number; bytes: number; brotli: number } {
  const total = { files: 0, bytes: 0, brotli: 0 };
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.has(extname(path)) || statSync(path).size < MIN_BYTES) continue;
    const raw = readFileSync(path);
    const { br, gz } = cacheDir && raw.length >= LARGE_BYTES ? compressCached(raw, cacheDir) : compress(raw);
    if (br.length > raw.length * 0.9) continue; // not worth a second request path
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    total.files += 1;
    total.bytes += raw.length;
    total.brotli += br.length;
  }
  return total;
}
