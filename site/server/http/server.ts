/**
 * The HTTP server in front of Astro's handler. Every request is checked and normalised here
 * first (request-target.ts), so that nothing a client sends, however malformed, can throw where
 * no one catches it and take the process down; refusals and failures get a short plain-text
 * answer with the site's security headers, and a failure is logged as one line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { rawPlain, sendPlain } from './plain-response.ts';
import { hasBody, readBody } from './request-body.ts';
import { isValidAuthority, parseRequestTarget } from './request-target.ts';
import { createStaticFiles } from './static-files.ts';

export interface SiteServerOptions {
  /** Sent on every response, the server's own refusals included. */
  headers: Record<string, string>;
  /** dist/client: the prerendered pages and the build's assets. */
  clientDir: string;
  /** Astro's standalone handler, from dist/server/entry.mjs. */
  astro: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** The adapter's bodySizeLimit, in bytes (0: none). */
  bodySizeLimit: number;
  log: (line: string) => void;
}

// Methods that fetch's Request refuses to carry (Astro builds one per request, and fails with a
// stack trace) and that no resource here supports: 501, as RFC 9110 §15.6.2 has it.
const UNSUPPORTED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** What Node's parser reports, as the answer it would give itself (but with our headers). */
const PARSE_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request header fields are too large.'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'The request chunk extensions are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive.'],
};

/** How long a connection that got a raw answer may stay open for the client to close it. */
const LINGER_MS = 5_000;

export function createSiteServer(options: SiteServerOptions): Server {
  const { headers, astro, log } = options;
  const bodyLimit = options.bodySizeLimit === 0 ? Infinity : options.bodySizeLimit;
  const staticFiles = createStaticFiles(options.clientDir);
  // Node would answer a missing Host itself, without the security headers: route() does.
  const server = createServer({ requireHostHeader: false });
  /** The response a socket is busy with, to know whether a raw answer would corrupt it. */
  const responding = new WeakMap<Duplex, ServerResponse>();

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    // The parser takes any digit for a version; this server speaks HTTP/1.x (RFC 9110 §15.6.6).
    if (req.httpVersionMajor !== 1) return sendPlain(res, 505, 'Only HTTP/1.0 and HTTP/1.1 are supported.');
    const target = parseRequestTarget(req.method!, req.url!);
    if ('problem' in target) return sendPlain(res, target.status, target.problem);
    const badHost = hostProblem(req);
    if (badHost) return sendPlain(res, 400, badHost);
    if (UNSUPPORTED_METHODS.has(req.method!)) return sendPlain(res, 501, `${req.method} is not supported.`);
    if (target.form === 'asterisk') return void res.writeHead(204).end();

    req.url = target.query ? `${target.path}?${target.query}` : target.path;
    // An absolute-form target names the host; the Host header is then ignored (RFC 9112 §3.2.2).
    if (target.authority !== undefined) req.headers.host = target.authority;
    if (await staticFiles(req, res, target.path)) return;
    if (hasBody(req)) {
      const body = await readBody(req, bodyLimit);
      if (body === 'aborted') return;
      if (body === 'too-large') {
        return sendPlain(res, 413, `The request body is larger than ${bodyLimit} bytes.`, { Connection: 'close' });
      }
      Object.assign(req, { body });
    }
    await astro(req, res);
  };

  const setHeaders = (res: ServerResponse) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  };

  server.on('request', (req, res) => {
    setHeaders(res);
    responding.set(req.socket, res);
    // One failure per request, however many streams report it (a pipe's error comes twice).
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      // The error that comes with a client going away mid-body or mid-response is no failure.
      if (isClientGone(error)) return void res.destroy();
      log(`serve: ${req.method} ${req.url} failed: ${String(error).split('\n')[0]}`);
      if (res.headersSent) res.destroy();
      else sendPlain(res, 500, 'The server failed to answer this request.');
    };
    req.on('error', fail);
    res.on('error', fail);
    route(req, res).catch(fail);
  });

  server.on('checkExpectation', (_req, res: ServerResponse) => {
    setHeaders(res);
    sendPlain(res, 417, 'Only "Expect: 100-continue" is understood.');
  });

  // Node hands the socket over and stops watching it for errors; with no listener it would
  // close the connection without a word.
  server.on('connect', (_req, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawPlain(501, headers, 'CONNECT is not supported: this server is not a proxy.'));
  });

  // A request that did not parse: no request or response object exists, so the answer is
  // written onto the socket, unless a response is already under way there.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const busy = responding.get(socket);
    if (error.code === 'ECONNRESET' || !socket.writable || (busy?.headersSent && !busy.writableFinished)) {
      socket.destroy();
      return;
    }
    const [status, message] = PARSE_ERRORS[error.code ?? ''] ?? [400, 'The request is not valid HTTP/1.1.'];
    socket.end(rawPlain(status, headers, message));
    // Ending lets the answer reach the client before the connection closes; one that never
    // closes its side is cut off after a while.
    socket.setTimeout(LINGER_MS, () => socket.destroy());
  });
  return server;
}

/**
 * RFC 9112 §3.2: exactly one Host, a valid one, and required in HTTP/1.1. Astro reads the Host into
 * the request URL, so `Host: a/b?` would otherwise change the path it routes.
 */
function hostProblem(req: IncomingMessage): string | null {
  const hosts = req.headersDistinct.host ?? [];
  if (hosts.length > 1) return 'The request has more than one Host header.';
  if (hosts.length === 0) return req.httpVersion === '1.1' ? 'The request has no Host header.' : null;
  return isValidAuthority(hosts[0]!) ? null : 'The Host header is not a valid host and port.';
}

/** The errors of a client that disconnected: the socket reset, or a stream cut short. */
function isClientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
