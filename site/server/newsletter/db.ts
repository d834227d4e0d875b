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
];

export interface DatabaseOptions {
  url: string;
  authToken?: string | undefined;
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
  } catch (error) {
    db.close();
    throw new Error(`Could not open the subscribers database at ${url}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return db;
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
