/**
 * Tokens in email links. Confirmation tokens are random and single-use; only their SHA-256 is
 * stored. Unsubscribe tokens are an HMAC of the subscriber id, so every message can carry one
 * without storing anything per message.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newConfirmationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A syntactically possible confirmation token: 43 base64url characters. */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

function signature(key: string, id: number): Buffer {
  return createHmac('sha256', key).update(`unsubscribe:${id}`).digest();
}

export function unsubscribeToken(key: string, id: number): string {
  return `${id}.${signature(key, id).toString('base64url')}`;
}

/** The subscriber id an unsubscribe token was issued for, or null if it is not genuine. */
export function verifyUnsubscribeToken(key: string, token: unknown): number | null {
  if (typeof token !== 'string') return null;
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  const given = Buffer.from(match[2]!, 'base64url');
  return given.length === 32 && timingSafeEqual(given, signature(key, id)) ? id : null;
}
