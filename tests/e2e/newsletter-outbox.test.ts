/**
 * The subscription service when things go wrong, end to end against the built Node server: mail
 * leaves the request path (a signup answers at once, the same whether the mail server is up, down
 * or silent, and its email survives a kill -9), a broken database is reported at start and by
 * `/healthz`, and `npm run newsletter` copes with refusals and unsubscribes during a run.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { baseUrl, fixtureEnv, outDir, root } from '../support/harness.ts';
import { freePort, startServer, type RunningServer } from '../support/fixture-site.ts';
import { recipients, startMailServer, type MailServer } from '../support/mail-server.ts';

mkdirSync(join(root, 'tests', '.output'), { recursive: true });
const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const step of cleanup.reverse()) await step();
});

function dataDir(): string {
  return mkdtempSync(join(root, 'tests', '.output', 'newsletter-outbox-'));
}

async function serve(data: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer(outDir, {
    env: {
      ...fixtureEnv(baseUrl()),
      NEWSLETTER_DATA_DIR: data,
      NEWSLETTER_RATE_LIMIT: '10000',
      NEWSLETTER_RETRY_SECONDS: '1',
      ...extra,
    },
  });
  cleanup.push(() => server.stop());
  return server;
}

async function mailServer(port?: number): Promise<MailServer> {
  const mail = await startMailServer({ port });
  cleanup.push(() => mail.close());
  return mail;
}

function signup(server: RunningServer, email: string): Promise<Response> {
  return fetch(`${server.url}/api/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email }),
  });
}

/** Waits until the server has printed something matching `pattern` (it logs as things happen). */
async function printed(server: RunningServer, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const streams = [server.process.stdout!, server.process.stderr!];
  while (!pattern.test(server.output())) {
    if (Date.now() > deadline) throw new Error(`the server never printed ${pattern}; it printed:\n${server.output()}`);
    // The server's own listeners come first, so output() already holds the chunk that wakes this.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, deadline - Date.now());
      function done() {
        clearTimeout(timer);
        streams.forEach((s) => s.off('data', done));
        resolve();
      }
      streams.forEach((s) => s.on('data', done));
    });
  }
  return server.output();
}

describe('a signup never waits on the mail server', () => {
  it('answers at once while the mail server is down, and the email goes once it is back', async () => {
    const port = await freePort();
    const server = await serve(dataDir(), { SMTP_URL: `smtp://127.0.0.1:${port}` });
    const response = await signup(server, 'early@example.org');
    assert.equal(response.status, 200);
    assert.match((await response.json()).message, /Check your inbox/);
    await printed(server, /could not send the email to early@example\.org \(attempt 1/);
    const mail = await mailServer(port);
    const [message] = await mail.waitFor(1, 30_000);
    assert.deepEqual(recipients(message!), ['early@example.org']);
    assert.match(message!.subject ?? '', /Confirm your subscription/);
  });

  it('answers while the mail server holds the connection without a word', async () => {
    const connected: Socket[] = [];
    const silent = createServer((socket) => connected.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => {
      connected.forEach((s) => s.destroy());
      silent.close();
    });
    const port = (silent.address() as { port: number }).port;
    const server = await serve(dataDir(), { SMTP_URL: `smtp://127.0.0.1:${port}` });
    const first = await signup(server, 'one@example.org');
    const second = await signup(server, 'two@example.org');
    assert.deepEqual([first.status, second.status], [200, 200]);
    // The answers came while the sender is still connected and waiting for a greeting.
    assert.ok(connected.length >= 1 && connected.every((s) => !s.destroyed));
  });

  it('sends the confirmation of a signup acknowledged before a kill -9, after the restart', async () => {
    const data = dataDir();
    const port = await freePort();
    const server = await serve(data, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    assert.equal((await signup(server, 'survivor@example.org')).status, 200);
    await printed(server, /could not send the email to survivor@example\.org \(attempt 1/);
    server.process.kill('SIGKILL'); // its email was never sent
    await new Promise((resolve) => server.process.once('exit', resolve));
    const mail = await mailServer(port);
    const restarted = await serve(data, { SMTP_URL: mail.url });
    await printed(restarted, /newsletter: ready \(outbox: \d+ waiting\)/);
    const [message] = await mail.waitFor(1, 30_000);
    assert.deepEqual(recipients(message!), ['survivor@example.org']);
  });
});

describe('a broken subscribers database', () => {
  it('is healthy when it is not: /healthz says 200 with what is waiting', async () => {
    const server = await serve(dataDir());
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, outbox: { waiting: 0, oldestMs: 0, lastError: null } });
    assert.equal((await fetch(`${server.url}/healthz`, { method: 'POST' })).status, 405);
  });

  /** A database file with a few subscribers, closed and checkpointed. */
  async function populated(data: string): Promise<string> {
    const { openDatabase } = await import('../../site/server/newsletter/db.ts');
    const file = join(data, 'newsletter.db');
    const db = await openDatabase({ url: `file:${file}` });
    for (let i = 0; i < 50; i++) {
      await db.execute({
        sql: "INSERT INTO subscribers (email, status, created_at) VALUES (?, 'confirmed', 0)",
        args: [`r${i}@example.org`],
      });
    }
    await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    return file;
  }

  const damage: [name: string, make: (data: string) => Promise<void>, reason: RegExp][] = [
    [
      'random bytes',
      async (data) => writeFileSync(join(data, 'newsletter.db'), Buffer.alloc(8192, 0x5a)),
      /not an SQLite database/,
    ],
    [
      'a damaged page',
      async (data) => {
        const file = await populated(data);
        const bytes = readFileSync(file);
        bytes.fill(0xff, 4096, 4096 + 16); // the b-tree header of page 2
        writeFileSync(file, bytes);
      },
      /damaged|integrity check/,
    ],
  ];

  for (const [name, make, reason] of damage) {
    it(`with ${name}: says so at start, answers /healthz with 503 and the reason, and signups with 503`, async () => {
      const data = dataDir();
      await make(data);
      const server = await serve(data);
      const output = await printed(server, /newsletter: .*(not an SQLite database|damaged|integrity check)/);
      assert.match(output, /restore it from a backup, or move it away/);
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 503);
      const body = (await health.json()) as { ok: boolean; problem: string };
      assert.equal(body.ok, false);
      assert.match(body.problem, reason);
      assert.doesNotMatch(body.problem, new RegExp(data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no path');
      assert.equal((await signup(server, 'x@example.org')).status, 503);
      assert.equal((await fetch(`${server.url}/`)).status, 200, 'pages are still served');
    });
  }

  it('that cannot be written: says so at start and in /healthz', async (t) => {
    const data = dataDir();
    const file = await populated(data);
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    } catch {
      t.skip('chattr +i is not available on this file system');
      return;
    }
    cleanup.push(() => execFileSync('chattr', ['-i', file]));
    const server = await serve(data);
    await printed(server, /newsletter: .*cannot be written/);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 503);
    assert.match(((await health.json()) as { problem: string }).problem, /cannot be written/);
  });
});

describe('npm run newsletter when recipients refuse or leave', () => {
  it('reports a 550 once and never retries it, skips an address that unsubscribed mid-run', async () => {
    const data = dataDir();
    const mail = await mailServer();
    const env = { ...fixtureEnv(baseUrl()), NEWSLETTER_DATA_DIR: data, SMTP_URL: mail.url };
    const { openDatabase } = await import('../../site/server/newsletter/db.ts');
    const db = await openDatabase({ url: `file:${join(data, 'newsletter.db')}` });
    cleanup.push(() => db.close());
    for (const email of ['a@example.org', 'gone@example.org', 'c@example.org', 'd@example.org']) {
      await db.execute({
        sql: "INSERT INTO subscribers (email, status, created_at) VALUES (?, 'confirmed', 0)",
        args: [email],
      });
    }
    mail.refuse('gone@example.org', 550);
    const cli = () =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['site/server/newsletter/cli.ts', 'math-heavy', '--site', join(outDir, 'client')],
          { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('exit', (code) => resolve({ code, output }));
      });
    // While the first message is in flight, d@ unsubscribes (the database is shared with the server).
    mail.holdNext((release) => {
      void db.execute("DELETE FROM subscribers WHERE email = 'd@example.org'").then(release);
    });
    const first = await cli();
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /sent 2; 1 unsubscribed during the run, skipped; 1 refused for good, not to be retried/);
    assert.equal(first.output.match(/refused for good: gone@example\.org: .*550/g)?.length, 1);
    const received = () => mail.messages.flatMap(recipients).sort();
    assert.deepEqual(received(), ['a@example.org', 'c@example.org']);

    const second = await cli();
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /2 already have this post; sent 0; 1 refused for good by an earlier run, not retried/);
    assert.doesNotMatch(second.output, /refused for good: gone/);
    assert.deepEqual(received(), ['a@example.org', 'c@example.org']);
    const rows = await db.execute(
      "SELECT d.status, d.error FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = 'gone@example.org'",
    );
    assert.equal(rows.rows[0]!.status, 'failed');
    assert.match(String(rows.rows[0]!.error), /550/);
  });
});
