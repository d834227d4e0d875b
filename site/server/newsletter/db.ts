/**
 * The subscribers database: a libSQL client (an embedded SQLite file by default) with the schema
 * brought up to date by numbered migrations. Every write the service acknowledges is committed
 * with WAL and synchronous=FULL first, so it survives a crash of the process or the machine.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { randomBytes } from 'node:crypto';

/** Each migration runs once, in order, inside one transaction with its version bump. */
export const migrations: readonly string[][] = [
  [
    // AUTOINCREMENT: ids are never reused, so an old unsubscribe link (signed over the id)
    // can never reach a later subscriber who happens to get the same id.
    `CREATE TABLE subscribers (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       email TEXT NOT NULL UNIQUE COLLATE NOCASE,
       status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
       created_at INTEGER NOT NULL,
       confirmed_at INTEGER,
       token_hash TEXT UNIQUE,
       token_expires_at INTEGER,
       confirmation_sent_at INTEGER
     )`,
    `CREATE INDEX subscribers_status ON subscribers (status)`,
    // One row per (post, subscriber) before the message is handed to the mail server, marked sent
    // after the server accepted it: a re-run skips every 'sent' row.
    `CREATE TABLE deliveries (
       post_slug TEXT NOT NULL,
       subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
       status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
       message_id TEXT NOT NULL,
       attempted_at INTEGER NOT NULL,
       sent_at INTEGER,
       PRIMARY KEY (post_slug, subscriber_id)
     )`,
    // The key that signs unsubscribe links; generated once, kept with the data it protects.
    `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `INSERT INTO settings (key, value) VALUES ('unsubscribe_key', '${randomBytes(32).toString('hex')}')`,
  ],
  [
    // Mail waiting to be sent: a signup commits its confirmation email here in the same transaction
    // as the address, and a sender in the server process delivers it (outbox.ts), so a request never
    // waits on the mail server and a crash between the two loses nothing. One row per subscriber:
    // a newer confirmation replaces an older one, whose link no longer works.
    `CREATE TABLE outbox (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       subscriber_id INTEGER NOT NULL UNIQUE REFERENCES subscribers (id) ON DELETE CASCADE,
       message TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       expires_at INTEGER NOT NULL,
       attempts INTEGER NOT NULL DEFAULT 0,
       next_attempt_at INTEGER NOT NULL,
       claimed_until INTEGER,
       last_error TEXT
     )`,
    `CREATE INDEX outbox_due ON outbox (next_attempt_at)`,
    // Every signup writes the same amount, whatever the address's state, so that its timing tells
    // nothing (routes answer identically too).
    `ALTER TABLE subscribers ADD COLUMN last_request_at INTEGER`,
    // Deliveries gain 'failed': a permanent refusal (5xx) is recorded and never retried.
    `CREATE TABLE deliveries_v2 (
       post_slug TEXT NOT NULL,
       subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
       status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
       message_id TEXT NOT NULL,
       attempted_at INTEGER NOT NULL,
       sent_at INTEGER,
       error TEXT,
       PRIMARY KEY (post_slug, subscriber_id)
     )`,
    `INSERT INTO deliveries_v2 (post_slug, subscriber_id, status, message_id, attempted_at, sent_at)
       SELECT post_slug, subscriber_id, status, message_id, attempted_at, sent_at FROM deliveries`,
    `DROP TABLE deliveries`,
    `ALTER TABLE deliveries_v2 RENAME TO deliveries`,
  ],
];

export interface DatabaseOptions {
  url: string;
  authToken?: string | undefined;
}

/** The database cannot be used: `reason` says why without naming where it is (for /healthz). */
export class DatabaseUnavailable extends Error {
  readonly reason: string;
  constructor(url: string, reason: string, cause: unknown) {
    super(`Could not open the subscribers database at ${url}: ${reason}`, { cause });
    this.reason = reason;
  }
}

/** Open the database, creating the file and its folder if needed, and migrate it. */
export async function openDatabase({ url, authToken }: DatabaseOptions): Promise<Client> {
  const isFile = url.startsWith('file:');
  if (isFile) mkdirSync(dirname(url.startsWith('file://') ? fileURLToPath(url) : url.slice(5)), { recursive: true });
  // One connection per process: libSQL's embedded driver is synchronous, so a second connection
  // would only contend for the same write lock. `timeout` waits for other processes' locks.
  const db = createClient({ url, authToken, concurrency: 1, timeout: 5000 });
  try {
    if (isFile) {
      await db.execute('PRAGMA journal_mode = WAL');
      await db.execute('PRAGMA synchronous = FULL');
    }
    await db.execute('PRAGMA foreign_keys = ON');
    await migrate(db);
    await checkDatabase(db);
  } catch (error) {
    db.close();
    throw new DatabaseUnavailable(url, describeDatabaseError(error), error);
  }
  return db;
}

/**
 * Throws unless the database reads as consistent and takes a write: run at start and by the
 * health check, so a damaged or read-only file is reported before a reader's signup finds it.
 */
export async function checkDatabase(db: Client): Promise<void> {
  const problems = (await db.execute('PRAGMA quick_check(3)')).rows.map((r) => String(Object.values(r)[0]));
  if (problems.join() !== 'ok') throw new Error(`the integrity check failed: ${problems.join('; ')}`);
  // A write that changes nothing still needs the write lock and a writable file.
  await db.execute("UPDATE settings SET value = value WHERE key = 'unsubscribe_key'");
}

const HINTS: Record<string, string> = {
  SQLITE_NOTADB: 'the file is not an SQLite database',
  SQLITE_CORRUPT: 'the file is damaged',
  SQLITE_READONLY: 'the file or its folder cannot be written',
  SQLITE_CANTOPEN: 'the file cannot be opened or created',
  SQLITE_FULL: 'the disk is full',
  SQLITE_BUSY: 'another process holds its write lock',
};

/** What went wrong, and what to do about it, in one line for the log. */
export function describeDatabaseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const hint = code && HINTS[code];
  const damaged = code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /integrity check/.test(message ?? '');
  return [
    hint ? `${hint} (${message})` : String(message ?? error),
    damaged ? 'restore it from a backup, or move it away to start with an empty list' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

async function migrate(db: Client): Promise<void> {
  await db.execute('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  // Read and apply under one write lock, so two processes starting together cannot both apply
  // the same migration.
  const tx = await db.transaction('write');
  try {
    const row = (await tx.execute('SELECT max(version) AS v FROM schema_version')).rows[0];
    const current = Number(row?.v ?? 0);
    if (current > migrations.length) {
      throw new Error(`its schema is version ${current}, newer than this code knows (${migrations.length})`);
    }
    for (let version = current + 1; version <= migrations.length; version++) {
      for (const sql of migrations[version - 1]!) await tx.execute(sql);
      await tx.execute({ sql: 'INSERT INTO schema_version (version) VALUES (?)', args: [version] });
    }
    await tx.commit();
  } finally {
    tx.close();
  }
}
