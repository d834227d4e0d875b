/**
 * The server's failure handling, with a stand-in for Astro's handler that fails on demand (the
 * real one is exercised end to end in tests/e2e/http-hardening.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSiteServer } from './server.ts';

type Astro = (req: IncomingMessage & { body?: Buffer }, res: ServerResponse) => unknown;

const client = mkdtempSync(join(tmpdir(), 'site-server-'));
let astro: Astro;
let calls: string[];
let logged: string[];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createSiteServer({
    headers: { 'X-Content-Type-Options': 'nosniff' },
    clientDir: client,
    astro: (req, res) => astro(req, res),
    bodySizeLimit: 16,
    log: (line) => logged.push(line),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(client, { recursive: true, force: true });
});
beforeEach(() => {
  calls = [];
  logged = [];
  astro = (req, res) => {
    calls.push(`${req.method} ${req.url} ${req.body?.toString() ?? '-'}`);
    res.end('ok');
  };
});

describe('a handler that fails', () => {
  it('throwing: the request gets a 500 with the headers, the log one line, the server goes on', async () => {
    astro = () => {
      throw new TypeError('boom\n    at somewhere (file.js:1:1)');
    };
    const response = await fetch(`${base}/dynamic`);
    expect(response.status).toBe(500);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('The server failed to answer this request.\n');
    expect(logged).toEqual(['serve: GET /dynamic failed: TypeError: boom']);
    astro = (_req, res) => res.end('fine');
    expect(await (await fetch(`${base}/dynamic`)).text()).toBe('fine');
  });

  it('rejecting: the same 500', async () => {
    astro = () => Promise.reject(new Error('later'));
    expect((await fetch(`${base}/x`)).status).toBe(500);
    expect(logged).toEqual(['serve: GET /x failed: Error: later']);
  });

  it('after the headers went out: the connection is cut, and logged once', async () => {
    astro = async (_req, res) => {
      res.writeHead(200);
      res.write('partial');
      // A failing stream reports on the response and rejects: still one line.
      res.emit('error', new Error('disk gone'));
      throw new Error('disk gone');
    };
    await expect(fetch(`${base}/y`).then((r) => r.text())).rejects.toThrow();
    expect(logged).toEqual(['serve: GET /y failed: Error: disk gone']);
  });
});

describe('request bodies', () => {
  it('reach the handler read in full, as req.body', async () => {
    const response = await fetch(`${base}/api?a=1`, { method: 'POST', body: 'email=a@b.exampl' });
    expect(await response.text()).toBe('ok');
    expect(calls).toEqual(['POST /api?a=1 email=a@b.exampl']);
  });

  it('over the limit get 413 without reaching the handler', async () => {
    const declared = await fetch(`${base}/api`, { method: 'POST', body: 'x'.repeat(17) });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toBe('The request body is larger than 16 bytes.\n');
    // Chunked, so the size shows only while reading.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('x'.repeat(10)));
        c.enqueue(new TextEncoder().encode('x'.repeat(10)));
        c.close();
      },
    });
    const chunked = await fetch(`${base}/api`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('cut off by a client that leaves never reach the handler, and nothing is logged', async () => {
    const closed = new Promise<void>((resolve) => server.once('request', (req) => req.once('close', resolve)));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.write('POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc', () => socket.destroy());
    await closed;
    // The body reader learns of the close in the same turn; let what it resolves run.
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    expect(logged).toEqual([]);
  });
});

describe('requests that do not parse', () => {
  it('get a 400 written onto the socket, with the headers', async () => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.write('GET / HTTP/1.1\r\nBad Header: x\r\n\r\n');
    await new Promise((resolve) => socket.on('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('\r\nX-Content-Type-Options: nosniff\r\n');
    expect(answer).toMatch(/\r\n\r\nThe request is not valid HTTP\/1\.1\.\n$/);
    expect(logged).toEqual([]);
  });
});
