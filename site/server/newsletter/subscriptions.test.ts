import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveNewsletterConfig } from './config.ts';
import { migrations, openDatabase } from './db.ts';
import { createMailer } from './mailer.ts';
import { deliveryMessageId, sendNewsletter } from './send-newsletter.ts';
import {
  confirm,
  confirmationState,
  MailUnavailable,
  purgeStale,
  subscribe,
  unsubscribe,
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
    await subscribe(service, 'reader@example.com', 1000);
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
    await subscribe(service, 'reader@example.com', 0);
    const old = lastToken();
    const later = service.config.confirmTtlMs + 1;
    expect(await confirm(service.db, old, later)).toBe('expired');
    await subscribe(service, 'reader@example.com', later);
    expect(lastToken()).not.toBe(old);
    expect(await confirm(service.db, lastToken(), later + 1)).toBe('valid');
  });

  it('is idempotent: repeats within the resend interval and confirmed addresses send nothing', async () => {
    await subscribe(service, 'reader@example.com', 0);
    await subscribe(service, 'READER@example.com', 1000);
    expect(outbox()).toHaveLength(1);
    await confirm(service.db, lastToken(), 2000);
    await subscribe(service, 'reader@example.com', service.config.resendIntervalMs * 10);
    expect(outbox()).toHaveLength(1);
    expect(await rows(service.db)).toHaveLength(1);
  });

  it('keeps the address but lets the next request resend when the mail server is down', async () => {
    const down = { ...service, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: dir }) };
    await expect(subscribe(down, 'reader@example.com', 0)).rejects.toThrow(MailUnavailable);
    expect((await rows(service.db))[0]).toMatchObject({ confirmation_sent_at: null });
    await subscribe(service, 'reader@example.com', 1);
    expect(outbox()).toHaveLength(1);
  });

  it('unsubscribes with a signed link, deleting the address; forged links do nothing', async () => {
    await subscribe(service, 'reader@example.com', 0);
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

  it('records a refused message as not sent, so a re-run retries it', async () => {
    await confirmed('one@example.com');
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: dir });
    const failed = await sendNewsletter(service.db, down, service.links, post);
    expect(failed.failed.map((f) => f.email)).toEqual(['one@example.com']);
    expect(await sendNewsletter(service.db, service.mailer, service.links, post)).toMatchObject({ sent: 1 });
  });
});
