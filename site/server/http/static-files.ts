/**
 * What the server decides itself about the built files in dist/client, before Astro: which
 * methods they allow, and sending the precompressed copies written at build time. The rest (the
 * uncompressed bytes, range requests) falls through to Astro's static handler, which gets the
 * same normalised path, so it serves the same file and caches it the same way.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CODINGS, negotiateEncoding, type Coding } from './accept-encoding.ts';
import { ifModifiedSince, isNotModified } from './conditional.ts';
import { sendPlain } from './plain-response.ts';
import { IMMUTABLE } from './policy.ts';

/** The types of the files precompress.ts compresses (its COMPRESSIBLE). */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Where precompress.ts put each coding's copy. */
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };

/** A built file is only ever read. OPTIONS answers with this too. */
const ALLOW = 'GET, HEAD, OPTIONS';

/**
 * Resolves true when it has answered the request, false to leave it to Astro. `path` is the
 * normalised request path (request-target.ts), which cannot climb out of the client folder.
 */
export function createStaticFiles(clientDir: string) {
  const root = resolve(clientDir);
  const assets = join(root, '_astro') + sep;
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const file = fileFor(root, path);
    if (!file) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { Allow: ALLOW }).end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPlain(res, 405, `This is a static file: only ${ALLOW} are allowed.`, { Allow: ALLOW });
      return true;
    }
    // send (Astro's static handler) reads any text Date.parse takes ("1") as a date, and wants
    // If-Modified-Since to hold beside If-None-Match too: it gets only an If-Modified-Since that counts.
    if (req.headers['if-modified-since'] !== undefined && ifModifiedSince(req.headers) === null) {
      delete req.headers['if-modified-since'];
    }
    const available = CODINGS.filter((c) => statSync(file + SUFFIX[c], { throwIfNoEntry: false })?.isFile());
    if (available.length === 0) return false;
    // Set before falling through too: this URL has other bodies for other Accept-Encodings, and a
    // cache must not hand the brotli one to a client that cannot read it, or the plain one to all.
    res.setHeader('Vary', 'Accept-Encoding');
    const coding = req.headers.range ? null : negotiateEncoding(req.headers['accept-encoding'], available);
    if (!coding) return false;
    await sendCompressed(req, res, file, coding, file.startsWith(assets));
    return true;
  };
}

/** The file a normalised path names: `/a/` and `/a` (a folder) both mean a/index.html. */
function fileFor(root: string, path: string): string | null {
  const named = resolve(root, `.${decodeURIComponent(path)}`);
  if (named !== root && !named.startsWith(root + sep)) return null;
  const file = path.endsWith('/') || isDirectory(named) ? join(named, 'index.html') : named;
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}

const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

async function sendCompressed(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  coding: Coding,
  immutable: boolean,
) {
  const copy = file + SUFFIX[coding];
  const stat = statSync(copy);
  const etag = `"${coding}-${stat.size.toString(16)}-${Math.trunc(stat.mtimeMs).toString(16)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', stat.mtime.toUTCString());
  // Content-hashed build output never changes; everything else may change with the next deploy.
  res.setHeader('Cache-Control', immutable ? IMMUTABLE : 'public, max-age=0, must-revalidate');
  if (isNotModified(req.headers, { etag, lastModified: stat.mtime })) {
    res.writeHead(304).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Encoding': coding,
    'Content-Length': stat.size,
  });
  if (req.method === 'HEAD') res.end();
  else await pipeline(createReadStream(copy), res);
}
