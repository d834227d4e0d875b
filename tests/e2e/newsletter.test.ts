/**
 * The subscription service end to end: the built Node server, a real SMTP server on loopback, a
 * real database file, real HTTP and Chromium. Links in emails point at the site's configured URL
 * (the fixture server); the tests follow them on their own server by swapping the origin.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import type { ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { baseUrl, fixtureEnv, launchBrowser, outDir, root } from '../support/harness.ts';
import { startServer, type RunningServer } from '../support/fixture-site.ts';
import { startMailServer, type MailServer } from '../support/mail-server.ts';

mkdirSync(join(root, 'tests', '.output'), { recursive: true });
const data = mkdtempSync(join(root, 'tests', '.output', 'newsletter-'));
let mail: MailServer;
let server: RunningServer;
let db: Client;

function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...fixtureEnv(baseUrl()),
    NEWSLETTER_DATA_DIR: data,
    SMTP_URL: mail.url,
    NEWSLETTER_RATE_LIMIT: '10000',
    ...extra,
  };
}

before(async () => {
  mail = await startMailServer();
  server = await startServer(outDir, { env: serverEnv() });
  db = createClient({ url: `file:${join(data, 'newsletter.db')}` });
});

after(async () => {
  server.stop();
  db.close();
  await mail.close();
});

function subscribe(
  body: string,
  {
    type = 'application/json',
    origin = server.url,
    path = '/api/subscribe',
    headers = {} as Record<string, string>,
  } = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(origin ? { origin } : {}), ...headers },
    body,
    redirect: 'manual',
  });
}

/** Emails in the outbox for addresses LIKE `pattern`: queued by a signup and not yet sent. */
async function queuedFor(pattern: string): Promise<number> {
  const row = (
    await db.execute({
      sql: 'SELECT count(*) AS n FROM outbox o JOIN subscribers s ON s.id = o.subscriber_id WHERE s.email LIKE ?',
      args: [pattern],
    })
  ).rows[0];
  return Number(row!.n);
}

async function subscriberRows(): Promise<Record<string, unknown>[]> {
  return (await db.execute('SELECT * FROM subscribers ORDER BY id')).rows as unknown as Record<string, unknown>[];
}

/** The link in a message that starts with `prefix` (a path), moved to the test's server. */
function linkIn(message: ParsedMail, path: string): string {
  const found = new RegExp(`https?://[^\\s"<>]*${path.replace(/[/?]/g, '\\$&')}\\?token=[^\\s"<>]+`).exec(
    message.text ?? '',
  );
  assert.ok(found, `no ${path} link in:\n${message.text}`);
  const link = new URL(found[0]);
  // Links are built from the site's configured URL, never from the request's Host.
  assert.equal(link.origin, new URL(baseUrl()).origin);
  return `${server.url}${link.pathname}${link.search}`;
}

/** A header as sent (mailparser folds List-* headers into an object of its own). */
function rawHeader(message: ParsedMail, name: string): string | undefined {
  const line = message.headerLines.find((h) => h.key === name)?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}

/** The first message to `address` among those after the first `after`, waiting for it to arrive. */
async function messageTo(address: string, after: number): Promise<ParsedMail> {
  // The outbox sends in its own order: other messages may arrive first.
  for (let count = after + 1; ; count++) {
    const messages = await mail.waitFor(count);
    const found = messages.slice(after).find((m) => m.to && 'text' in m.to && m.to.text === address);
    if (found) return found;
  }
}

/** Subscribe through the API and open the confirmation link: a confirmed subscriber. */
async function confirmedSubscriber(address: string): Promise<void> {
  const seen = mail.messages.length;
  assert.equal((await subscribe(JSON.stringify({ email: address }))).status, 200);
  const link = linkIn(await messageTo(address, seen), '/subscribe/confirm/');
  const response = await fetch(link, { method: 'POST', headers: { origin: server.url } });
  assert.equal(response.status, 200);
}

describe('double opt-in', () => {
  it('subscribe → confirmation email → confirm page → confirmed', async () => {
    const seen = mail.messages.length;
    const response = await subscribe(JSON.stringify({ email: 'Ada@Example.org' }));
    assert.equal(response.status, 200);
    assert.match((await response.json()).message, /Check your inbox/);
    const message = await messageTo('Ada@example.org', seen);
    assert.match(message.subject ?? '', /Confirm your subscription/);
    assert.ok(message.html && message.html.includes('/subscribe/confirm/?token='));
    assert.equal(rawHeader(message, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    const [row] = await subscriberRows();
    assert.equal(row!.status, 'pending');

    const link = linkIn(message, '/subscribe/confirm/');
    // Opening the link only asks; link scanners that fetch it confirm nothing.
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Yes, send me new posts/);
    assert.equal((await subscriberRows())[0]!.status, 'pending');

    const confirmed = await fetch(link, { method: 'POST', headers: { origin: server.url } });
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /You are subscribed/);
    assert.equal((await subscriberRows())[0]!.status, 'confirmed');

    // The link is single-use.
    const reused = await fetch(link, { method: 'POST', headers: { origin: server.url } });
    assert.equal(reused.status, 404);
    assert.match(await reused.text(), /not valid, or it was already used/);
  });

  it('answers a repeat subscription exactly like a new one, and sends nothing more', async () => {
    const seen = mail.messages.length;
    const response = await subscribe(JSON.stringify({ email: 'ada@example.org' }));
    assert.equal(response.status, 200);
    assert.match((await response.json()).message, /Check your inbox/);
    // The answer comes after the commit, so an email not queued by then is never sent.
    assert.equal(await queuedFor('ada@example.org'), 0);
    assert.equal(mail.messages.length, seen);
    assert.equal((await subscriberRows()).filter((r) => /ada@example\.org/i.test(String(r.email))).length, 1);
  });

  it('unsubscribes with RFC 8058 one-click, and the link page works without logging in', async () => {
    await confirmedSubscriber('grace@example.org');
    // The confirmation email carries the unsubscribe link and headers like every message.
    const message = mail.messages.findLast((m) => m.to && 'text' in m.to && m.to.text === 'grace@example.org')!;
    const header = /<([^>]+)>/.exec(String(rawHeader(message, 'list-unsubscribe')))![1]!;
    assert.match(header, /\/api\/unsubscribe\/\?token=/);
    const oneClick = `${server.url}${new URL(header).pathname}${new URL(header).search}`;
    // Mail providers POST from their own servers: no Origin, no cookies.
    const response = await fetch(oneClick, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(
      (await subscriberRows()).filter((r) => r.email === 'grace@example.org'),
      [],
      'the address is deleted',
    );
    // The body link leads to a page with a button; it stays valid (and harmless) afterwards.
    const page = await fetch(linkIn(message, '/unsubscribe/'));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<button[^>]*>Unsubscribe<\/button>/);
    const forged = await fetch(oneClick.replace(/token=\d+\./, 'token=999.'), { method: 'POST' });
    assert.equal(forged.status, 404);
  });
});

describe('bad input is refused with a readable 4xx and stores nothing', () => {
  const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`;
  const json = (value: unknown) => JSON.stringify(value);
  const form = 'application/x-www-form-urlencoded';
  const cases: [name: string, send: () => Promise<Response>, status: number][] = [
    ['GET', () => fetch(`${server.url}/api/subscribe`), 405],
    ['PUT', () => fetch(`${server.url}/api/subscribe`, { method: 'PUT', body: '{}' }), 405],
    ['no Origin or Referer', () => subscribe(json({ email: 'x@example.org' }), { origin: '' }), 403],
    ['another Origin', () => subscribe(json({ email: 'x@example.org' }), { origin: 'https://evil.example' }), 403],
    ['Origin null', () => subscribe(json({ email: 'x@example.org' }), { origin: 'null' }), 403],
    [
      'another Referer',
      () => subscribe(json({ email: 'x@example.org' }), { origin: '', headers: { referer: 'https://evil.example/' } }),
      403,
    ],
    ['text/plain', () => subscribe('email=x@example.org', { type: 'text/plain' }), 415],
    ['no content type', () => subscribe('email=x@example.org', { type: '' }), 415],
    ['broken JSON', () => subscribe('{"email": '), 400],
    ['a JSON array', () => subscribe(json(['x@example.org'])), 400],
    ['a JSON string', () => subscribe(json('x@example.org')), 400],
    ['invalid UTF-8', () => subscribe(Buffer.from([0x7b, 0xff, 0x7d]) as unknown as string), 400],
    ['email a number', () => subscribe(json({ email: 42 })), 400],
    ['email missing', () => subscribe(json({})), 400],
    ['an unknown field', () => subscribe(json({ email: 'x@example.org', admin: true })), 400],
    ['honeypot filled (JSON)', () => subscribe(json({ email: 'x@example.org', website: 'http://spam' })), 400],
    ['honeypot filled (form)', () => subscribe('email=x%40example.org&website=spam', { type: form }), 400],
    ['email twice', () => subscribe('email=x%40example.org&email=y%40example.org', { type: form }), 400],
    ['email twice (JSON)', () => subscribe('{"email":"x@example.org","email":"y@example.org"}'), 400],
    ['a declared 20 KB body', () => subscribe(json({ email: 'x@example.org', pad: 'p'.repeat(20_000) })), 413],
    [
      'a streamed 20 KB body',
      () =>
        fetch(`${server.url}/api/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          body: new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode(`{"email":"x@example.org","pad":"${'p'.repeat(20_000)}"}`));
              c.close();
            },
          }),
          duplex: 'half',
        } as RequestInit),
      413,
    ],
    ['CR LF header injection', () => subscribe(json({ email: 'x@example.org\r\nBcc: all@example.org' })), 400],
    [
      'LF header injection (form)',
      () => subscribe('email=x%40example.org%0ABcc%3A+y%40example.org', { type: form }),
      400,
    ],
    ['NUL byte', () => subscribe(json({ email: 'x\u0000@example.org' })), 400],
    ['a display name', () => subscribe(json({ email: 'Evil <x@example.org>' })), 400],
    ['a quoted display name', () => subscribe(json({ email: '"x@example.org" <evil@example.com>' })), 400],
    ['two addresses', () => subscribe(json({ email: 'x@example.org, y@example.org' })), 400],
    ['empty', () => subscribe(json({ email: '' })), 400],
    ['blank', () => subscribe('email=+++', { type: form }), 400],
    ['no @', () => subscribe(json({ email: 'x.example.org' })), 400],
    ['two @', () => subscribe(json({ email: 'x@y@example.org' })), 400],
    ['a 65-character local part', () => subscribe(json({ email: `${'a'.repeat(65)}@example.org` })), 400],
    ['over 254 characters', () => subscribe(json({ email: long })), 400],
    ['a domain without a dot', () => subscribe(json({ email: 'x@localhost' })), 400],
    ['an IP address', () => subscribe(json({ email: 'x@10.0.0.1' })), 400],
    ['a non-ASCII local part', () => subscribe(json({ email: 'zoë@example.org' })), 400],
    [
      'a file instead of text',
      () => {
        const body = new FormData();
        body.set('email', new Blob(['x@example.org']), 'email.txt');
        return fetch(`${server.url}/api/subscribe`, { method: 'POST', headers: { origin: server.url }, body });
      },
      400,
    ],
    [
      'the no-JS form with a bad address',
      () => subscribe('email=not-an-address', { type: form, path: '/subscribe/' }),
      400,
    ],
  ];

  it(`refuses all ${cases.length} cases`, async () => {
    assert.ok(cases.length >= 30);
    const rowsBefore = await subscriberRows();
    const mailBefore = mail.messages.length;
    for (const [name, send, status] of cases) {
      const response = await send();
      const text = await response.text();
      assert.equal(response.status, status, `${name}: ${text}`);
      const message = response.headers.get('content-type')?.includes('json') ? JSON.parse(text).message : text;
      assert.match(message, /[A-Z][^]*\./, `${name}: a sentence for the reader`);
      assert.doesNotMatch(text, /\n\s+at |node_modules|Error:/, `${name}: no stack trace`);
    }
    assert.deepEqual(await subscriberRows(), rowsBefore);
    assert.equal(await queuedFor('%'), 0, 'nothing queued for sending');
    assert.equal(mail.messages.length, mailBefore);
  });
});

describe('rate limit', () => {
  it('refuses the fourth attempt from one address with 429 and Retry-After', async () => {
    const limited = await startServer(outDir, { env: serverEnv({ NEWSLETTER_RATE_LIMIT: '3' }) });
    try {
      const post = (email: string, headers: Record<string, string> = {}) =>
        fetch(`${limited.url}/api/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: limited.url, ...headers },
          body: JSON.stringify({ email }),
        });
      for (const i of [1, 2, 3]) assert.equal((await post(`limit${i}@example.org`)).status, 200);
      const refused = await post('limit4@example.org');
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.match((await refused.json()).message, /Too many attempts.*try again in 10 minutes/);
      assert.equal((await subscriberRows()).filter((r) => r.email === 'limit4@example.org').length, 0);
      // Forwarded headers are not trusted by default: a new X-Forwarded-For is still the same client.
      const spoofed = await post('limit5@example.org', { 'x-forwarded-for': '198.51.100.9' });
      assert.equal(spoofed.status, 429);
    } finally {
      limited.stop();
    }
  });

  it('counts each client behind a trusted proxy on its own, by X-Forwarded-For', async () => {
    const proxied = await startServer(outDir, {
      env: serverEnv({ NEWSLETTER_RATE_LIMIT: '2', TRUSTED_PROXIES: '127.0.0.1,::1' }),
    });
    try {
      const post = (email: string, client: string) =>
        fetch(`${proxied.url}/api/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: proxied.url, 'x-forwarded-for': client },
          body: JSON.stringify({ email }),
        });
      // The left end is whatever the client sent; the proxy appended the address it saw.
      const statuses = [
        await post('p1@example.org', '198.51.100.1'),
        await post('p2@example.org', '6.6.6.6, 198.51.100.1'),
        await post('p3@example.org', '198.51.100.1'),
        await post('p4@example.org', '198.51.100.2'),
      ].map((r) => r.status);
      assert.deepEqual(statuses, [200, 200, 429, 200]);
    } finally {
      proxied.stop();
    }
  });
});

/** The response to the form POST the next click sends (the page then shows it). */
const posted = (page: Page) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');

describe('the form in the browser', () => {
  it('shows the answer inline with JavaScript, without leaving the page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/about/`);
      const seen = mail.messages.length;
      await page.fill('#about-subscribe-email', 'inline@example.org');
      await page.click('#about-subscribe-email ~ button');
      await page.waitForFunction(() =>
        /Check your inbox/.test(document.querySelector('#about-subscribe-result')!.textContent!),
      );
      assert.equal(new URL(page.url()).pathname, '/about/');
      assert.equal(await page.inputValue('#about-subscribe-email'), '');
      await messageTo('inline@example.org', seen);

      await page.fill('#sidebar-subscribe-email', 'Someone <x@example.org>');
      await page.click('#sidebar-subscribe-email ~ button');
      await page.waitForFunction(() =>
        /without a name/.test(document.querySelector('#sidebar-subscribe-result')!.textContent!),
      );
      assert.equal(await page.getAttribute('#sidebar-subscribe-email', 'aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'sidebar-subscribe-email');
    } finally {
      await browser.close();
    }
  });

  it('works with JavaScript off: a plain POST, then a result page', async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.url}/posts/math-heavy/`);
      await page.fill('#sidebar-subscribe-email', 'bad address');
      const [bad] = await Promise.all([posted(page), page.click('#sidebar-subscribe-email ~ button')]);
      assert.equal(bad!.status(), 400);
      assert.match((await page.textContent('#subscribe-page-result')) ?? '', /without a name, spaces or brackets/);
      assert.equal(new URL(page.url()).pathname, '/subscribe/');
      assert.equal(await page.inputValue('#subscribe-page-email'), 'bad address');
      assert.equal(await page.getAttribute('#subscribe-page-email', 'aria-invalid'), 'true');

      const seen = mail.messages.length;
      await page.fill('#subscribe-page-email', 'nojs@example.org');
      const [ok] = await Promise.all([posted(page), page.click('#subscribe-page-email ~ button')]);
      assert.equal(ok!.status(), 200);
      await page.waitForSelector('main .notice');
      assert.match((await page.textContent('main')) ?? '', /Check your inbox/);
      const link = linkIn(await messageTo('nojs@example.org', seen), '/subscribe/confirm/');
      await page.goto(link);
      await Promise.all([posted(page), page.click('main button')]);
      await page.waitForSelector('main .notice');
      assert.match((await page.textContent('main')) ?? '', /You are subscribed/);
    } finally {
      await browser.close();
    }
  });
});

describe('npm run newsletter', () => {
  const cli = (...args: string[]) =>
    spawn(process.execPath, ['site/server/newsletter/cli.ts', ...args, '--site', join(outDir, 'client')], {
      cwd: root,
      env: serverEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const finish = (child: ReturnType<typeof cli>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = '';
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('survives a kill -9 mid-send: after a re-run everyone has the post exactly once', async () => {
    for (let i = 0; i < 6; i++) await confirmedSubscriber(`reader${i}@example.org`);
    const confirmed = (await subscriberRows()).filter((r) => r.status === 'confirmed').map((r) => String(r.email));
    assert.ok(confirmed.length >= 7);
    const received = () =>
      mail.messages
        .filter((m) => m.subject === 'The evidence lower bound, derived twice')
        .map((m) => (m.to && 'text' in m.to ? m.to.text : ''));

    const dry = await finish(cli('math-heavy', '--dry-run'));
    assert.equal(dry.code, 0, dry.output);
    assert.match(
      dry.output,
      new RegExp(`${confirmed.length} confirmed subscribers; 0 already have this post; would send ${confirmed.length}`),
    );
    assert.deepEqual(received(), []);

    // The fourth message reaches the mail server, which never acknowledges it: kill -9 then.
    const before = mail.messages.length;
    const first = cli('math-heavy');
    const firstDone = finish(first);
    await mail.waitFor(before + 3);
    await new Promise<void>((resolve) => mail.holdNext(() => resolve()));
    first.kill('SIGKILL');
    assert.equal((await firstDone).code, null);
    assert.equal(received().length, 3);

    const second = await finish(cli('math-heavy'));
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /3 already have this post; sent \d+ \(1 left unfinished by an earlier run\)/);
    assert.deepEqual(received().sort(), [...confirmed].sort(), 'every confirmed subscriber exactly once');

    const third = await finish(cli('math-heavy'));
    assert.match(third.output, /already have this post; sent 0/);
    assert.equal(received().length, confirmed.length);
    const post = mail.messages.find((m) => m.subject === 'The evidence lower bound, derived twice')!;
    assert.match(post.text ?? '', /\/posts\/math-heavy\//);
    assert.match(post.html || '', /Unsubscribe/);
    assert.equal(rawHeader(post, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  });

  it('names the problem when the post does not exist', async () => {
    const { code, output } = await finish(cli('no-such-post'));
    assert.equal(code, 1);
    assert.match(output, /No published post "no-such-post".*Published: .*math-heavy/);
  });
});
