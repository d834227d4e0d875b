/**
 * The subscription life cycle: subscribe (double opt-in), confirm, unsubscribe. Responses never
 * depend on whether an address was already known; only confirmed addresses receive posts.
 */
import type { Client } from '@libsql/client';
import type { NewsletterConfig } from './config.ts';
import type { Mailer } from './mailer.ts';
import { confirmationMessage, confirmUrl, type Links } from './messages.ts';
import { enqueue } from './outbox.ts';
import { hashToken, isTokenShaped, newConfirmationToken, unsubscribeToken, verifyUnsubscribeToken } from './tokens.ts';

export interface Service {
  db: Client;
  mailer: Mailer;
  config: NewsletterConfig;
  links: Links;
  /** Where to report what a developer needs to see (the confirmation link in outbox mode). */
  log: (line: string) => void;
}

const keys = new WeakMap<Client, string>();

/** The key that signs unsubscribe links, created by the first migration. */
export async function unsubscribeKey(db: Client): Promise<string> {
  let key = keys.get(db);
  if (!key) {
    const row = (await db.execute("SELECT value FROM settings WHERE key = 'unsubscribe_key'")).rows[0];
    if (!row) throw new Error('The subscribers database has no unsubscribe key: was it migrated?');
    key = String(row.value);
    keys.set(db, key);
  }
  return key;
}

/**
 * Record a request to subscribe `address` (already validated) and queue a confirmation link for
 * it, unless it is confirmed already or was sent one within the resend interval. The outbox row
 * commits with the address, in one transaction; the caller kicks the sender afterwards.
 *
 * Every branch writes and commits once, so the time a request takes does not tell a known
 * address from a new one.
 */
export async function subscribe(service: Service, address: string, now: number = Date.now()): Promise<void> {
  const { db, config } = service;
  const { token, hash } = newConfirmationToken();
  const key = await unsubscribeKey(db);
  const expires = now + config.confirmTtlMs;
  let queued = false;
  const tx = await db.transaction('write');
  try {
    const row = (
      await tx.execute({
        sql: 'SELECT id, status, confirmation_sent_at FROM subscribers WHERE email = ?',
        args: [address],
      })
    ).rows[0];
    const lastSent = row?.confirmation_sent_at == null ? null : Number(row.confirmation_sent_at);
    const send = row?.status !== 'confirmed' && (lastSent === null || now - lastSent >= config.resendIntervalMs);
    if (row && !send) {
      await tx.execute({ sql: 'UPDATE subscribers SET last_request_at = ? WHERE id = ?', args: [now, Number(row.id)] });
    } else {
      const id = row
        ? Number(row.id)
        : Number(
            (
              await tx.execute({
                sql: `INSERT INTO subscribers (email, status, created_at) VALUES (?, 'pending', ?) RETURNING id`,
                args: [address, now],
              })
            ).rows[0]!.id,
          );
      await tx.execute({
        sql: `UPDATE subscribers SET token_hash = ?, token_expires_at = ?, confirmation_sent_at = ?, last_request_at = ?
              WHERE id = ?`,
        args: [hash, expires, now, now, id],
      });
      const message = confirmationMessage(
        service.links,
        address,
        { confirm: token, unsubscribe: unsubscribeToken(key, id) },
        Math.round(config.confirmTtlMs / 3_600_000),
      );
      await enqueue(tx, id, message, { now, expiresAt: expires });
      queued = true;
    }
    await tx.commit();
  } finally {
    tx.close();
  }
  if (queued && service.mailer.kind === 'outbox') {
    service.log(`newsletter: confirmation link for ${address}: ${confirmUrl(service.links, token)}`);
  }
}

export type TokenState = 'valid' | 'expired' | 'invalid';

/** Whether a confirmation link can still be used, without using it. */
export async function confirmationState(db: Client, token: unknown, now: number = Date.now()): Promise<TokenState> {
  if (!isTokenShaped(token)) return 'invalid';
  const row = (
    await db.execute({
      sql: "SELECT token_expires_at FROM subscribers WHERE token_hash = ? AND status = 'pending'",
      args: [hashToken(token)],
    })
  ).rows[0];
  if (!row) return 'invalid';
  return Number(row.token_expires_at) > now ? 'valid' : 'expired';
}

/** Use a confirmation link: the address becomes confirmed and the token is gone. */
export async function confirm(db: Client, token: unknown, now: number = Date.now()): Promise<TokenState> {
  if (!isTokenShaped(token)) return 'invalid';
  const result = await db.execute({
    sql: `UPDATE subscribers SET status = 'confirmed', confirmed_at = ?, token_hash = NULL, token_expires_at = NULL
          WHERE token_hash = ? AND status = 'pending' AND token_expires_at > ?`,
    args: [now, hashToken(token), now],
  });
  return result.rowsAffected === 1 ? 'valid' : confirmationState(db, token, now);
}

/** Whether an unsubscribe link is genuine (the address may already be gone). */
export async function isUnsubscribeTokenValid(db: Client, token: unknown): Promise<boolean> {
  return verifyUnsubscribeToken(await unsubscribeKey(db), token) !== null;
}

/**
 * Forget the subscriber an unsubscribe link was made for, with its delivery records. Returns
 * false for a forged link; a genuine link for an address already removed is still a success.
 */
export async function unsubscribe(db: Client, token: unknown): Promise<boolean> {
  const id = verifyUnsubscribeToken(await unsubscribeKey(db), token);
  if (id === null) return false;
  await db.execute({ sql: 'DELETE FROM subscribers WHERE id = ?', args: [id] });
  return true;
}

/** Delete pending addresses whose link expired long ago: there is no reason to keep them. */
export async function purgeStale(db: Client, config: NewsletterConfig, now: number = Date.now()): Promise<number> {
  const result = await db.execute({
    sql: "DELETE FROM subscribers WHERE status = 'pending' AND token_expires_at < ?",
    args: [now - config.pendingRetentionMs],
  });
  return result.rowsAffected;
}
