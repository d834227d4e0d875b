import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveNewsletterConfig } from './config.ts';
import { migrations, openDatabase } from './db.ts';
import { createMailer } from './mailer.ts';
import { OutboxSender } from './outbox.ts';
import { recipients, startMailServer, type MailServer } from '../../../tests/support/mail-server.ts';
import { unsubscribeToken } from './tokens.ts';
import { deliveryMessageId, sendNewsletter } from './send-newsletter.ts';
import {
  confirm,
  confirmationState,
  purgeStale,
  subscribe,
  unsubscribe,
  unsubscribeKey,
  type Service,
} from './subscriptions.ts';

let dir: string;
let service: Service;
let lines: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'br-newsletter-'));
  const config = resolveNewsletterConfig({ NEWSLETTER_DATA_DIR: dir });
  lines = [];
  service = {
    db: await openDatabase({ url: config.databaseUrl }),
    mailer: createMailer(config),
    config,
    links: { siteUrl: 'https://blog.example', siteTitle: 'Blog', from: 'Blog <news@blog.example>' },
    log: (line) => lines.push(line),
  };
});

afterEach(() => {
  service.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const outbox = () => {
  try {
    return readdirSync(service.config.outboxDir).map((f) => readFileSync(join(service.config.outboxDir, f), 'utf8'));
  } catch {
    return [];
  }
};
/** Send what the outbox holds, as the server's sender does after each signup. */
async function deliver(mailer = service.mailer, now = () => Date.now()): Promise<void> {
  const sender = new OutboxSender(service.db, mailer, { log: (line) => lines.push(line), retryBaseMs: 1000, now });
  sender.kick();
  await sender.idle();
  await sender.stop();
}
const subscribeAndSend = async (address: string, now: number) => {
  await subscribe(service, address, now);
  await deliver(service.mailer, () => now);
};
const lastToken = () => /token=([A-Za-z0-9_-]{43})/.exec(lines.at(-1) ?? '')![1]!;
const rows = async (db: Client) => (await db.execute('SELECT * FROM subscribers ORDER BY id')).rows;

describe('the database', () => {
  it('is a WAL file with full fsync, migrated once, and reopens at the same version', async () => {
    const { db } = service;
    expect((await db.execute('PRAGMA journal_mode')).rows[0]!.journal_mode).toBe('wal');
    expect(Number((await db.execute('PRAGMA synchronous')).rows[0]!.synchronous)).toBe(2);
    const again = await openDatabase({ url: service.config.databaseUrl });
    const versions = (await again.execute('SELECT version FROM schema_version')).rows.map((r) => Number(r.version));
    expect(versions).toEqual(migrations.map((_, i) => i + 1));
    again.close();
  });

  it('refuses a database from a newer version of the code with a clear error', async () => {
    await service.db.execute('INSERT INTO schema_version (version) VALUES (99)');
    await expect(openDatabase({ url: service.config.databaseUrl })).rejects.toThrow(/version 99, newer than/);
  });
});

describe('double opt-in', () => {
  it('stores a pending address with a token hash, mails the link, and confirms once', async () => {
    await subscribeAndSend('reader@example.com', 1000);
    const [row] = await rows(service.db);
    expect(row).toMatchObject({ email: 'reader@example.com', status: 'pending' });
    const token = lastToken();
    expect(String(row!.token_hash)).not.toContain(token);
    const [mail] = outbox();
    expect(mail).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    expect(mail!.replace(/=\r\n/g, '')).toContain(`https://blog.example/subscribe/confirm/?token=3D${token}`);
    expect(await confirmationState(service.db, token, 2000)).toBe('valid');
    expect(await confirm(service.db, token, 2000)).toBe('valid');
    expect((await rows(service.db))[0]).toMatchObject({ status: 'confirmed', token_hash: null });
    expect(await confirm(service.db, token, 3000)).toBe('invalid');
  });

  it('refuses an expired link and sends a fresh one on the next request', async () => {
    await subscribeAndSend('reader@example.com', 0);
    const old = lastToken();
    const later = service.config.confirmTtlMs + 1;
    expect(await confirm(service.db, old, later)).toBe('expired');
    await subscribeAndSend('reader@example.com', later);
    expect(lastToken()).not.toBe(old);
    expect(await confirm(service.db, lastToken(), later + 1)).toBe('valid');
  });

  it('is idempotent: repeats within the resend interval and confirmed addresses send nothing', async () => {
    await subscribeAndSend('reader@example.com', 0);
    await subscribeAndSend('READER@example.com', 1000);
    expect(outbox()).toHaveLength(1);
    await confirm(service.db, lastToken(), 2000);
    const later = service.config.resendIntervalMs * 10;
    await subscribeAndSend('reader@example.com', later);
    expect(outbox()).toHaveLength(1);
    expect(await rows(service.db)).toHaveLength(1);
    // A request that sends nothing still writes (the same work, so the same time, as one that does).
    expect((await rows(service.db))[0]).toMatchObject({ last_request_at: later });
  });

  it('commits the confirmation email with the address, before and whatever the mail server does', async () => {
    await subscribe(service, 'reader@example.com', 0);
    const queued = (await service.db.execute('SELECT subscriber_id, message FROM outbox')).rows;
    expect(queued).toHaveLength(1);
    expect(JSON.parse(String(queued[0]!.message))).toMatchObject({ to: 'reader@example.com' });
    expect(outbox()).toHaveLength(0);
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: dir });
    await deliver(down, () => 0);
    expect(outbox()).toHaveLength(0);
    expect((await service.db.execute('SELECT attempts FROM outbox')).rows[0]).toMatchObject({ attempts: 1 });
    await deliver(service.mailer, () => 60_000);
    expect(outbox()).toHaveLength(1);
    expect((await service.db.execute('SELECT count(*) AS n FROM outbox')).rows[0]).toMatchObject({ n: 0 });
  });

  it('replaces a confirmation still waiting with the newer one, whose link is the valid one', async () => {
    await subscribe(service, 'reader@example.com', 0);
    await subscribe(service, 'reader@example.com', service.config.resendIntervalMs);
    expect((await service.db.execute('SELECT count(*) AS n FROM outbox')).rows[0]).toMatchObject({ n: 1 });
    await deliver(service.mailer, () => service.config.resendIntervalMs);
    expect(outbox()).toHaveLength(1);
    expect(await confirm(service.db, lastToken(), service.config.resendIntervalMs + 1)).toBe('valid');
  });

  it('unsubscribes with a signed link, deleting the address; forged links do nothing', async () => {
    await subscribeAndSend('reader@example.com', 0);
    const link = /unsubscribe\/\?token=3D([0-9]+\.=?\r?\n?[A-Za-z0-9_-]+)/.exec(outbox()[0]!.replace(/=\r\n/g, ''));
    const token = link![1]!;
    expect(await unsubscribe(service.db, token.replace(/^1\./, '2.'))).toBe(false);
    expect(await rows(service.db)).toHaveLength(1);
    expect(await unsubscribe(service.db, token)).toBe(true);
    expect(await rows(service.db)).toHaveLength(0);
    expect(await unsubscribe(service.db, token)).toBe(true);
  });

  it('purges pending addresses whose link expired long ago', async () => {
    await subscribe(service, 'old@example.com', 0);
    await subscribe(service, 'new@example.com', service.config.confirmTtlMs + service.config.pendingRetentionMs);
    expect(
      await purgeStale(service.db, service.config, service.config.confirmTtlMs + service.config.pendingRetentionMs + 1),
    ).toBe(1);
    expect((await rows(service.db)).map((r) => r.email)).toEqual(['new@example.com']);
  });
});

describe('sendNewsletter', () => {
  const post = {
    slug: 'a-post',
    title: 'A post',
    teaser: 'What it is about.',
    url: 'https://blog.example/posts/a-post/',
  };

  async function confirmed(email: string): Promise<void> {
    await subscribe(service, email, 0);
    await confirm(service.db, lastToken(), 1);
  }

  it('mails confirmed subscribers once across runs, and never pending ones', async () => {
    await confirmed('one@example.com');
    await confirmed('two@example.com');
    await subscribe(service, 'pending@example.com', 0);
    const before = outbox().length;
    const dry = await sendNewsletter(service.db, service.mailer, service.links, post, { dryRun: true });
    expect(dry).toMatchObject({ confirmed: 2, alreadySent: 0, sent: 0 });
    expect(outbox()).toHaveLength(before);
    expect(await sendNewsletter(service.db, service.mailer, service.links, post)).toMatchObject({ sent: 2 });
    const mails = outbox().slice(before);
    expect(mails.map((m) => /^To: (.*)$/m.exec(m)![1]).sort()).toEqual(['one@example.com', 'two@example.com']);
    expect(mails[0]).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    expect(mails.join('')).toContain(deliveryMessageId(service.links, 'a-post', 1));
    expect(await sendNewsletter(service.db, service.mailer, service.links, post)).toMatchObject({
      alreadySent: 2,
      sent: 0,
    });
    expect(outbox()).toHaveLength(before + 2);
  });

  describe('against a real SMTP server', () => {
    let mail: MailServer;
    let smtp: ReturnType<typeof createMailer>;
    beforeEach(async () => {
      mail = await startMailServer();
      smtp = createMailer({ smtpUrl: mail.url, outboxDir: dir, pool: true });
    });
    afterEach(async () => {
      smtp.close();
      await mail.close();
    });
    const got = () => mail.messages.filter((m) => m.subject === post.title).flatMap(recipients);

    it('skips an address that unsubscribes while the run is going, and finishes', async () => {
      for (const email of ['one@example.com', 'two@example.com', 'three@example.com']) await confirmed(email);
      mail.holdNext((release) => {
        void unsubscribeKey(service.db)
          .then((key) => unsubscribe(service.db, unsubscribeToken(key, 2)))
          .then(release);
      });
      const report = await sendNewsletter(service.db, smtp, service.links, post);
      expect(report).toMatchObject({ sent: 2, departed: 1, failed: [], refused: [] });
      expect(got()).toEqual(['one@example.com', 'three@example.com']);
    });

    it('records a permanent refusal once and never retries it; retries a temporary one', async () => {
      for (const email of ['one@example.com', 'gone@example.com', 'busy@example.com']) await confirmed(email);
      mail.refuse('gone@example.com', 550);
      mail.refuse('busy@example.com', 451);
      const first = await sendNewsletter(service.db, smtp, service.links, post);
      expect(first.refused.map((r) => r.email)).toEqual(['gone@example.com']);
      expect(first.refused[0]!.error).toMatch(/550/);
      expect(first.failed.map((r) => r.email)).toEqual(['busy@example.com']);
      mail.refuse('busy@example.com', null);
      const second = await sendNewsletter(service.db, smtp, service.links, post);
      expect(second).toMatchObject({ alreadySent: 1, refusedEarlier: 1, sent: 1, refused: [], failed: [] });
      expect(got()).toEqual(['one@example.com', 'busy@example.com']);
      const third = await sendNewsletter(service.db, smtp, service.links, post);
      expect(third).toMatchObject({ alreadySent: 2, refusedEarlier: 1, sent: 0, refused: [], failed: [] });
    });

    it('stops when the mail server dies mid-run; a re-run delivers the rest exactly once', async () => {
      const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
      for (const email of emails) await confirmed(email);
      const port = mail.port;
      mail.holdNext(() => void mail.close());
      const first = await sendNewsletter(service.db, smtp, service.links, post);
      expect(first.sent).toBe(0);
      expect(first.failed.map((f) => f.email)).toEqual(emails);
      expect(first.failed[1]!.error).toMatch(/^not tried/);
      smtp.close();
      mail = await startMailServer({ port });
      smtp = createMailer({ smtpUrl: mail.url, outboxDir: dir, pool: true });
      const second = await sendNewsletter(service.db, smtp, service.links, post);
      expect(second).toMatchObject({ sent: 4, failed: [] });
      expect(got().sort()).toEqual(emails);
    });
  });

  it('records a refused message as not sent, so a re-run retries it', async () => {
    await confirmed('one@example.com');
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: dir });
    const failed = await sendNewsletter(service.db, down, service.links, post);
    expect(failed.failed.map((f) => f.email)).toEqual(['one@example.com']);
    expect(await sendNewsletter(service.db, service.mailer, service.links, post)).toMatchObject({ sent: 1 });
  });
});
