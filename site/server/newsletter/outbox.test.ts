import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recipients, startMailServer, type MailServer } from '../../../tests/support/mail-server.ts';
import { resolveNewsletterConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { OutboxSender, retryDelay } from './outbox.ts';
import { subscribe, unsubscribe, type Service } from './subscriptions.ts';

let dir: string;
let db: Client;
let mail: MailServer;
let mailer: Mailer;
let lines: string[];
let clock: number;

const config = () => resolveNewsletterConfig({ NEWSLETTER_DATA_DIR: dir });
const links = { siteUrl: 'https://blog.example', siteTitle: 'Blog', from: 'Blog <news@blog.example>' };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'br-outbox-'));
  db = await openDatabase({ url: config().databaseUrl });
  mail = await startMailServer();
  mailer = createMailer({ smtpUrl: mail.url, outboxDir: dir });
  lines = [];
  clock = 1_000_000;
});

afterEach(async () => {
  mailer.close();
  db.close();
  await mail.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Queue a confirmation email for each address, as signups do. */
async function signups(...addresses: string[]): Promise<void> {
  const service: Service = { db, mailer, config: config(), links, log: () => {} };
  for (const address of addresses) await subscribe(service, address, clock);
}

function sender(on: Client = db, through: Mailer = mailer): OutboxSender {
  return new OutboxSender(on, through, { log: (l) => lines.push(l), retryBaseMs: 30_000, now: () => clock });
}

/** One pass of a sender over what is due now. */
async function pass(s: OutboxSender = sender()): Promise<void> {
  s.kick();
  await s.idle();
  await s.stop();
}

const waiting = async () =>
  (
    await db.execute(
      'SELECT s.email, o.attempts, o.next_attempt_at, o.last_error FROM outbox o JOIN subscribers s ON s.id = o.subscriber_id ORDER BY o.id',
    )
  ).rows;

describe('retryDelay', () => {
  it('doubles from the base with every failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(8, 30_000, 3_600_000)).toBe(3_600_000);
    expect(retryDelay(60, 30_000, 3_600_000)).toBe(3_600_000);
  });
});

describe('the outbox sender', () => {
  it('delivers what signups queued, once, and empties the outbox', async () => {
    await signups('a@example.org', 'b@example.org');
    await pass();
    expect(mail.messages.flatMap(recipients).sort()).toEqual(['a@example.org', 'b@example.org']);
    expect(mail.messages[0]!.subject).toMatch(/Confirm your subscription/);
    expect(await waiting()).toEqual([]);
    await pass();
    expect(mail.messages).toHaveLength(2);
  });

  it('resumes, in a new process, what an earlier one left, including a claim it never finished', async () => {
    await signups('a@example.org', 'b@example.org');
    // A sender that died holding a claim: its lease runs out, then the mail goes.
    await db.execute({ sql: 'UPDATE outbox SET claimed_until = ? WHERE id = 1', args: [clock + 60_000] });
    const again = await openDatabase({ url: config().databaseUrl });
    try {
      await pass(sender(again));
      expect(mail.messages.flatMap(recipients)).toEqual(['b@example.org']);
      clock += 60_000;
      await pass(sender(again));
      expect(mail.messages.flatMap(recipients)).toEqual(['b@example.org', 'a@example.org']);
    } finally {
      again.close();
    }
  });

  it('drops a message the server refuses for good (550), and retries a deferred one (450) with backoff', async () => {
    mail.refuse('gone@example.org', 550);
    mail.refuse('busy@example.org', 450);
    await signups('gone@example.org', 'busy@example.org', 'fine@example.org');
    await pass();
    expect(mail.messages.flatMap(recipients)).toEqual(['fine@example.org']);
    expect(await waiting()).toMatchObject([
      { email: 'busy@example.org', attempts: 1, next_attempt_at: clock + 30_000 },
    ]);
    expect(lines.join('\n')).toMatch(/refused the email to gone@example\.org for good/);

    mail.refuse('busy@example.org', null);
    clock += 29_999;
    await pass();
    expect(mail.messages).toHaveLength(1); // not due yet
    clock += 1;
    await pass();
    expect(mail.messages.flatMap(recipients)).toEqual(['fine@example.org', 'busy@example.org']);
    expect(await waiting()).toEqual([]);
  });

  it('pauses everything while the mail server does not answer, then catches up', async () => {
    await signups('a@example.org', 'b@example.org', 'c@example.org');
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: dir });
    await pass(sender(db, down));
    // One attempt found the server down; the others were not tried against it.
    expect((await waiting()).map((r) => Number(r.attempts))).toEqual([1, 0, 0]);
    expect(String((await waiting())[0]!.last_error)).toMatch(/ECONNREFUSED/);
    clock += 30_000;
    await pass();
    expect(mail.messages.flatMap(recipients).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
  });

  it('gives up on a message once its link has expired, and forgets the mail of an address that left', async () => {
    await signups('late@example.org', 'left@example.org');
    const token = /\/unsubscribe\/\?token=([^\s"]+)/.exec(
      JSON.parse(String((await db.execute('SELECT message FROM outbox WHERE id = 2')).rows[0]!.message)).text,
    )![1]!;
    expect(await unsubscribe(db, decodeURIComponent(token))).toBe(true);
    clock += config().confirmTtlMs;
    await pass();
    expect(mail.messages).toEqual([]);
    expect(await waiting()).toEqual([]);
    expect(lines.join('\n')).toMatch(
      /gave up on the email to late@example\.org after 0 attempts: its link has expired/,
    );
  });

  it('shares the outbox with another process without sending anything twice', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `r${i}@example.org`);
    await signups(...addresses);
    const other = await openDatabase({ url: config().databaseUrl });
    const otherMailer = createMailer({ smtpUrl: mail.url, outboxDir: dir });
    try {
      const [one, two] = [sender(), sender(other, otherMailer)];
      one.kick();
      two.kick();
      await Promise.all([one.idle(), two.idle()]);
      await Promise.all([one.stop(), two.stop()]);
      expect(mail.messages.flatMap(recipients).sort()).toEqual([...addresses].sort());
    } finally {
      otherMailer.close();
      other.close();
    }
  });

  it('reports what is waiting, how old it is and the last error', async () => {
    await signups('a@example.org');
    expect(await sender().state()).toEqual({ waiting: 1, oldestMs: 0, lastError: null });
    await pass(sender(db, createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: dir })));
    clock += 5000;
    const state = await sender().state();
    expect([state.waiting, state.oldestMs]).toEqual([1, 5000]);
    expect(state.lastError).toMatch(/ECONNREFUSED/);
  });
});
