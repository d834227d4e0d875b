/**
 * Serving the precompressed copies written at build time. Anything it does not handle (no
 * compressed copy, a range request, a client without gzip or brotli) falls through to Astro's
 * own static handler.
 */
import { existsSync, statSync, createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { IMMUTABLE } from './policy.ts';

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

/** Where precompress.ts put each encoding's copy. */
const SUFFIX = { br: '.br', gzip: '.gz' } as const;

/** The encodings the client accepts, best first, among those we have (q=0 means refused). */
function encodings(header: string | undefined): ('br' | 'gzip')[] {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name!, q === undefined ? 1 : Number(q));
  }
  return (['br', 'gzip'] as const).filter((e) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0);
}

/** The file a URL path names inside `root`, or null if it escapes it or is not a served type. */
function fileFor(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return null;
  return TYPES[extname(file)] ? file : null;
}

export function createCompressedHandler(clientDir: string) {
  const root = resolve(clientDir);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range || !req.url) return false;
    const file = fileFor(root, new URL(req.url, 'http://x').pathname);
    if (!file) return false;
    const encoding = encodings(req.headers['accept-encoding']).find((e) => existsSync(file + SUFFIX[e]));
    if (!encoding) return false;
    const compressed = file + SUFFIX[encoding];
    const stat = statSync(compressed);
    const etag = `"${encoding}-${stat.size.toString(16)}-${stat.mtimeMs.toString(16)}"`;
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', req.url.startsWith('/_astro/') ? IMMUTABLE : 'public, max-age=0, must-revalidate');
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return true;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)]!,
      'Content-Encoding': encoding,
      'Content-Length': stat.size,
      'Last-Modified': stat.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(compressed).pipe(res);
    return true;
  };
}
