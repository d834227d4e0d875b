/**
 * The production server against an attacker's requests. A corpus of malformed request targets,
 * headers and bodies goes over raw TCP (fetch would normalise or refuse them); each gets a
 * sensible answer (or a closed connection where HTTP has nothing to say), the server stays up
 * and logs no stack trace. Then the HTTP details it must get right: methods on static files,
 * caching of hashed assets, conditional requests, content negotiation, Vary, HEAD.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { outDir, root } from '../support/harness.ts';
import { startServer, type RunningServer } from '../support/fixture-site.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const assets = readdirSync(join(outDir, 'client', '_astro'));
// A hashed script with a precompressed twin (stylesheets are inlined into the pages).
const script = assets.find((f) => f.endsWith('.js') && assets.includes(`${f}.br`))!;
const wasm = assets.find((f) => f.endsWith('.wasm'))!;

mkdirSync(join(root, 'tests', '.output'), { recursive: true });
const data = mkdtempSync(join(root, 'tests', '.output', 'http-hardening-'));
let server: RunningServer;
let port: number;
before(async () => {
  // A server of our own, to watch its process and read what it prints.
  server = await startServer(outDir, { env: { NEWSLETTER_DATA_DIR: data } });
  port = Number(new URL(server.url).port);
});
after(() => {
  server.stop();
  rmSync(data, { recursive: true, force: true });
});

interface RawResponse {
  /** Null when the server closed the connection without answering. */
  status: number | null;
  headers: Map<string, string[]>;
  body: string;
}

/**
 * Writes `request` on a fresh connection and resolves, once the connection closes, with what came
 * back. `client` is what the client does after writing: wait for the server to close, half-close
 * its side, vanish mid-request, or vanish at the first byte of the response.
 */
function exchange(
  request: string | Buffer,
  client: 'wait' | 'end' | 'vanish' | 'vanish-mid-response' = 'wait',
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (client === 'vanish-mid-response') socket.destroy();
    });
    socket.on('error', () => {}); // a reset is an answer too: 'close' follows
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('latin1'))));
    socket.write(request, () => {
      if (client === 'end') socket.end();
      if (client === 'vanish') socket.destroy();
    });
  });
}

function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine ?? '');
  return { status: status ? Number(status[1]) : null, headers, body: end < 0 ? '' : text.slice(end + 4) };
}

const header = (response: RawResponse, name: string) => response.headers.get(name)?.join(', ');

/** A request on its own connection, which the server closes after answering. */
const get = (target: string, headers = '', method = 'GET') =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;

interface Case {
  name: string;
  request: string | Buffer;
  /** The status, or null: the client left, nobody hears an answer. */
  status: number | null;
  client?: 'wait' | 'end' | 'vanish' | 'vanish-mid-response';
}

const post = (headers: string, body: string) =>
  `POST /api/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${new URL(server.url).origin}\r\n` +
  `Content-Type: application/x-www-form-urlencoded\r\n${headers}Connection: close\r\n\r\n${body}`;

const corpus = (): Case[] => [
  // The four that used to take the process down.
  { name: 'three slashes', request: get('///'), status: 200 },
  { name: 'backslash and an encoded slash', request: get('/\\evil.example%2f'), status: 400 },
  { name: 'a host-like first segment with a bad port', request: get('//x:99999/'), status: 404 },
  { name: 'absolute form with an unclosed IPv6 literal', request: get('http://[/'), status: 400 },
  // Paths that look like another host, for a redirect to carry elsewhere.
  { name: 'a protocol-relative path', request: get('//evil.example/'), status: 404 },
  { name: 'a protocol-relative path without the slash', request: get('//evil.example'), status: 404 },
  { name: 'a backslash path', request: get('/\\evil.example'), status: 400 },
  { name: 'a protocol-relative page path', request: get('//about'), status: 200 },
  // Bad bytes and bad percent-encoding.
  { name: 'an encoded NUL', request: get('/%00'), status: 400 },
  { name: 'an encoded NUL inside a file name', request: get('/index%00.html'), status: 400 },
  { name: 'a raw NUL in the target', request: get('/a\x00b'), status: 400 },
  { name: 'a truncated escape', request: get('/%E0%A4%A'), status: 400 },
  { name: 'escapes that are not UTF-8', request: get('/%E0%A4'), status: 400 },
  { name: 'an overlong UTF-8 dot-dot', request: get('/%C0%AE%C0%AE/'), status: 400 },
  { name: 'a non-hex escape', request: get('/%zz'), status: 400 },
  { name: 'bad percent-encoding in the query', request: get('/?q=%E0%A4%A'), status: 400 },
  { name: 'an encoded CRLF', request: get('/a%0d%0aSet-Cookie:%20x=1'), status: 400 },
  { name: 'a raw non-ASCII byte', request: get('/caf\xe9'), status: 400 },
  { name: 'a fragment', request: get('/about/#top'), status: 400 },
  { name: 'a space in the target', request: get('/a b'), status: 400 },
  // Traversal.
  { name: 'encoded-slash traversal', request: get('/..%2f..%2fetc/passwd'), status: 400 },
  { name: 'dot-dot traversal, stopped at the root', request: get('/../../etc/passwd'), status: 404 },
  { name: 'encoded dot-dot traversal', request: get('/%2e%2e/%2e%2e/etc/passwd'), status: 404 },
  { name: 'backslash traversal', request: get('/..\\..\\etc\\passwd'), status: 400 },
  {
    name: 'traversal out of /_astro/ to the build manifest',
    request: get('/_astro/../../server/entry.mjs'),
    status: 404,
  },
  // Length.
  { name: 'a 9 KiB target', request: get(`/${'a'.repeat(9 * 1024)}`), status: 414 },
  { name: 'a 20 KiB target', request: get(`/${'a'.repeat(20 * 1024)}`), status: 431 },
  // Absolute form and odd hosts.
  { name: 'absolute form, this host', request: get(`http://127.0.0.1:${4321}/about/`), status: 200 },
  { name: 'absolute form, upper-case scheme, no path', request: get('HTTP://localhost'), status: 200 },
  {
    name: 'absolute form with a path that looks like a host',
    request: get('http://127.0.0.1//evil.example/'),
    status: 404,
  },
  { name: 'absolute form with userinfo', request: get('http://user:pass@evil.example/'), status: 400 },
  { name: 'absolute form with a port out of range', request: get('http://evil.example:99999/'), status: 400 },
  { name: 'absolute form with no host', request: get('http:///about/'), status: 400 },
  { name: 'another scheme', request: get('ftp://evil.example/'), status: 400 },
  { name: 'authority form without CONNECT', request: get('evil.example:443'), status: 400 },
  { name: '* without OPTIONS', request: get('*'), status: 400 },
  { name: 'OPTIONS *', request: get('*', '', 'OPTIONS'), status: 204 },
  // Methods.
  { name: 'CONNECT', request: get('evil.example:443', '', 'CONNECT'), status: 501 },
  { name: 'TRACE on a page', request: get('/', '', 'TRACE'), status: 501 },
  { name: 'TRACE on an on-demand route', request: get('/subscribe/', '', 'TRACE'), status: 501 },
  { name: 'an unknown method', request: get('/', '', 'FOO'), status: 400 },
  { name: 'a lower-case method', request: get('/', '', 'get'), status: 400 },
  { name: 'HTTP/2.0 on the request line', request: get('/').replace('HTTP/1.1', 'HTTP/2.0'), status: 505 },
  { name: 'the HTTP/2 preface', request: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', status: 400 },
  { name: 'a TLS ClientHello', request: Buffer.from('16030100a5010000a10303', 'hex'), status: 400, client: 'end' },
  { name: 'bare LF line ends', request: 'GET / HTTP/1.1\nHost: x\nConnection: close\n\n', status: 400 },
  // Host.
  { name: 'no Host', request: 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', status: 400 },
  { name: 'no Host in HTTP/1.0', request: 'GET / HTTP/1.0\r\n\r\n', status: 200 },
  { name: 'two Hosts', request: get('/', 'Host: evil.example\r\n'), status: 400 },
  { name: 'a Host with a path in it', request: get('/').replace('127.0.0.1', '127.0.0.1/subscribe/?'), status: 400 },
  { name: 'an empty Host', request: get('/').replace('Host: 127.0.0.1', 'Host:'), status: 400 },
  { name: 'an IPv6 Host', request: get('/').replace('127.0.0.1', '[::1]:4321'), status: 200 },
  // Header fields.
  { name: 'a 20 KiB header', request: get('/', `X-Big: ${'a'.repeat(20 * 1024)}\r\n`), status: 431 },
  { name: 'a header name with a space', request: get('/', 'Bad Header: x\r\n'), status: 400 },
  { name: 'a folded header', request: get('/', 'X-A: a\r\n  folded\r\n'), status: 400 },
  { name: 'a NUL in a header value', request: get('/', 'X-A: a\x00b\r\n'), status: 400 },
  { name: 'an unknown expectation', request: get('/', 'Expect: teapot\r\n'), status: 417 },
  { name: 'If-None-Match garbage', request: get('/', 'If-None-Match: ,,W/, "\r\n'), status: 200 },
  { name: 'If-Modified-Since garbage', request: get('/', 'If-Modified-Since: 99999\r\n'), status: 200 },
  { name: 'Accept-Encoding garbage', request: get('/', 'Accept-Encoding: ;;q=,br;q=x,\r\n'), status: 200 },
  { name: 'a nonsense Range', request: get('/', 'Range: bytes=9-1,zz\r\n'), status: 200 },
  // Bodies.
  {
    name: 'two different Content-Lengths',
    request: post('Content-Length: 5\r\nContent-Length: 6\r\n', 'abcdef'),
    status: 400,
  },
  { name: 'a Content-Length that is not a number', request: post('Content-Length: abc\r\n', ''), status: 400 },
  { name: 'a negative Content-Length', request: post('Content-Length: -1\r\n', ''), status: 400 },
  {
    name: 'Content-Length and chunked',
    request: post('Content-Length: 3\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
    status: 400,
  },
  { name: 'a transfer coding that is not chunked', request: post('Transfer-Encoding: gzip\r\n', 'x'), status: 400 },
  { name: 'a bad chunk size', request: post('Transfer-Encoding: chunked\r\n', 'zz\r\nx\r\n0\r\n\r\n'), status: 400 },
  { name: 'a body over the limit', request: post('Content-Length: 999999\r\n', 'email='), status: 413 },
  {
    name: 'a body cut off, then the client half-closes',
    request: post('Content-Length: 100\r\n', 'email=a'),
    status: 400,
    client: 'end',
  },
  {
    name: 'a body cut off, then the client vanishes',
    request: post('Content-Length: 100\r\n', 'email=a'),
    status: null,
    client: 'vanish',
  },
  {
    name: 'a chunked body cut off mid-chunk',
    request: post('Transfer-Encoding: chunked\r\n', '10\r\nemail'),
    status: null,
    client: 'vanish',
  },
  // Clients that leave mid-response.
  {
    name: 'leaving a plain wasm download',
    request: get(`/_astro/${wasm}`),
    status: 200,
    client: 'vanish-mid-response',
  },
  {
    name: 'leaving a brotli wasm download',
    request: get(`/_astro/${wasm}`, 'Accept-Encoding: br\r\n'),
    status: 200,
    client: 'vanish-mid-response',
  },
  { name: 'leaving an on-demand page', request: get('/subscribe/'), status: 200, client: 'vanish-mid-response' },
];

describe('a corpus of malformed requests', { timeout: 120_000 }, () => {
  it('gets sensible answers with the security headers, and never takes the server down', async () => {
    const cases = corpus();
    assert.ok(cases.length >= 30, `${cases.length} cases`);
    for (const { name, request, status, client } of cases) {
      const response = await exchange(request, client);
      if (status === null) assert.equal(response.status, null, `${name}: nobody is there to hear an answer`);
      else {
        assert.equal(response.status, status, `${name}: ${response.status} ${response.body.slice(0, 200)}`);
        assert.equal(header(response, 'x-content-type-options'), 'nosniff', `${name}: security headers`);
        assert.match(header(response, 'content-security-policy') ?? '', /default-src 'self'/, name);
      }
      // Nothing may send a client to another host.
      const location = header(response, 'location');
      assert.ok(location === undefined || /^\/(?![/\\])/.test(location), `${name}: Location ${location}`);
      assert.equal(server.process.exitCode, null, `${name} took the server down:\n${server.output()}`);
      assert.equal((await fetch(`${server.url}/`)).status, 200, `${name}: the server still answers`);
    }
  });

  it('answers refusals in one short plain-text sentence', async () => {
    const response = await exchange(get('/\\evil.example%2f'));
    assert.equal(header(response, 'content-type'), 'text/plain; charset=utf-8');
    assert.equal(response.body, 'The request path is not a valid path.\n');
  });

  it('prints no stack trace for any of them', async () => {
    // One more round trip, so that the last vanished client has been noticed.
    await fetch(`${server.url}/`);
    assert.doesNotMatch(server.output(), /^\s+at .+:\d+:\d+\)?$/m, server.output());
  });
});

describe('methods on static files', () => {
  it('answers 405 with Allow to anything but GET, HEAD and OPTIONS', async () => {
    for (const path of ['/', '/about/', '/about', '/rss.xml', `/_astro/${script}`, '/favicon.svg']) {
      for (const method of ['DELETE', 'PUT', 'POST', 'PROPFIND', 'PATCH']) {
        const response = await fetch(`${server.url}${path}`, { method, body: method === 'DELETE' ? null : 'x' });
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.get('allow'), 'GET, HEAD, OPTIONS', `${method} ${path}`);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${method} ${path}`);
      }
      const options = await fetch(`${server.url}${path}`, { method: 'OPTIONS' });
      assert.equal(options.status, 204, `OPTIONS ${path}`);
      assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS', `OPTIONS ${path}`);
    }
  });

  it('leaves the methods of on-demand routes and unknown paths to Astro', async () => {
    const put = await fetch(`${server.url}/subscribe/`, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.match(put.headers.get('allow') ?? '', /POST/);
    const cross = await fetch(`${server.url}/api/subscribe`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(cross.status, 403, 'the route itself refuses a cross-site post');
    assert.equal((await fetch(`${server.url}/no-such-page/`, { method: 'DELETE' })).status, 404);
  });
});

describe('caching', () => {
  it('marks only files under /_astro/ immutable, whatever the spelling of the path', async () => {
    for (const encoding of ['identity', 'br']) {
      const escaped = await exchange(get('/_astro/%2e%2e/index.html', `Accept-Encoding: ${encoding}\r\n`));
      assert.equal(escaped.status, 200, encoding);
      assert.notEqual(header(escaped, 'cache-control'), IMMUTABLE, `${encoding}: the home page is not immutable`);
      const dotted = await exchange(get('/_astro/./../_astro/../about/', `Accept-Encoding: ${encoding}\r\n`));
      assert.notEqual(header(dotted, 'cache-control'), IMMUTABLE, encoding);
      const asset = await exchange(get(`//_astro/./${script}`, `Accept-Encoding: ${encoding}\r\n`));
      assert.equal(header(asset, 'cache-control'), IMMUTABLE, `${encoding}: a hashed asset is`);
    }
  });

  // br: the server's own precompressed copy; identity: the file, through Astro's static handler.
  // Raw requests: fetch adds Cache-Control: no-cache to conditional ones, which send then honours.
  for (const encoding of ['br', 'identity']) {
    const request = (path: string, headers: Record<string, string>) =>
      exchange(
        get(
          path,
          Object.entries({ 'Accept-Encoding': encoding, ...headers })
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join(''),
        ),
      );

    it(`answers If-None-Match with 304 for its tag, weak or strong, in a list or * (${encoding})`, async () => {
      const etag = header(await request('/about/', {}), 'etag')!;
      const opaque = etag.replace(/^W\//, '');
      const cases: [string, number][] = [
        [opaque, 304],
        [`W/${opaque}`, 304],
        [`"stale", W/"other", ${etag}`, 304],
        [`"a",${opaque}`, 304],
        ['*', 304],
        ['"stale"', 200],
        [opaque.slice(1, -1), 200],
        [`"x${opaque.slice(1)}`, 200],
      ];
      for (const [ifNoneMatch, status] of cases) {
        const response = await request('/about/', { 'If-None-Match': ifNoneMatch });
        assert.equal(response.status, status, `If-None-Match: ${ifNoneMatch}`);
        if (status === 304) {
          assert.equal(header(response, 'etag'), etag);
          assert.equal(header(response, 'vary'), 'Accept-Encoding');
          assert.equal(response.body, '');
        }
      }
    });

    it(`answers If-Modified-Since at one-second resolution, unless If-None-Match is there (${encoding})`, async () => {
      const lastModified = Date.parse(header(await request('/', {}), 'last-modified')!);
      const status = async (headers: Record<string, string>) => (await request('/', headers)).status;
      const date = (ms: number) => new Date(ms).toUTCString();
      assert.equal(await status({ 'If-Modified-Since': date(lastModified) }), 304);
      assert.equal(await status({ 'If-Modified-Since': date(lastModified + 1000) }), 304);
      assert.equal(await status({ 'If-Modified-Since': date(lastModified - 1000) }), 200);
      // Not HTTP-dates, though Date.parse takes the second for the year 99999.
      assert.equal(await status({ 'If-Modified-Since': 'yesterday' }), 200);
      assert.equal(await status({ 'If-Modified-Since': '99999' }), 200);
      assert.equal(await status({ 'If-Modified-Since': date(lastModified), 'If-None-Match': '"stale"' }), 200);
    });
  }
});

describe('content negotiation', () => {
  const encodingFor = async (acceptEncoding: string) =>
    (await fetch(`${server.url}/`, { headers: { 'accept-encoding': acceptEncoding } })).headers.get('content-encoding');

  it('picks the coding with the highest q, brotli on a tie, never one at q=0', async () => {
    assert.equal(await encodingFor('br;q=0.5, gzip;q=1'), 'gzip');
    assert.equal(await encodingFor('gzip;q=0.5, br;q=0.5'), 'br');
    assert.equal(await encodingFor('gzip, deflate, br, zstd'), 'br');
    assert.equal(await encodingFor('br;q=0, gzip'), 'gzip');
    assert.equal(await encodingFor('gzip;q=0.2, *'), 'br');
    assert.equal(await encodingFor('*;q=0'), null);
    assert.equal(await encodingFor('identity'), null);
    const none = await exchange(get('/'));
    assert.equal(header(none, 'content-encoding'), undefined, 'no Accept-Encoding: the file as it is');
  });

  it('sends Vary: Accept-Encoding on every response of a file that has compressed copies', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity', 'br;q=0, gzip;q=0']) {
      const response = await fetch(`${server.url}/`, { headers: { 'accept-encoding': acceptEncoding } });
      assert.equal(response.headers.get('vary'), 'Accept-Encoding', acceptEncoding);
    }
    assert.equal(header(await exchange(get('/')), 'vary'), 'Accept-Encoding', 'without Accept-Encoding');
    const range = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br', range: 'bytes=0-9' } });
    assert.equal(range.status, 206, 'ranges come from the file as it is');
    assert.equal(range.headers.get('content-encoding'), null);
    assert.equal(range.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await range.text(), '<!DOCTYPE ');
    const single = await fetch(`${server.url}/favicon.svg`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(single.status, 200);
    assert.equal(single.headers.get('vary'), null, 'a file with one body varies on nothing');
  });

  it('answers HEAD like GET, without the body', async () => {
    for (const encoding of ['br', 'identity']) {
      const headers = `Accept-Encoding: ${encoding}\r\n`;
      const [getResponse, head] = [
        await exchange(get('/about/', headers)),
        await exchange(get('/about/', headers, 'HEAD')),
      ];
      assert.equal(head.status, 200, encoding);
      for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'cache-control', 'vary']) {
        assert.equal(header(head, name), header(getResponse, name), `${encoding}: ${name}`);
      }
      assert.equal(head.body, '', `${encoding}: no body`);
      assert.ok(getResponse.body.length > 0, encoding);
    }
  });
});
