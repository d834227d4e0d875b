/**
 * Settings of the subscription service, read from the environment at run time (not at build time),
 * so that one build can run against different databases and mail servers.
 */
import { resolve } from 'node:path';
import { parseAddressRange } from './client-address.ts';

export type Env = Record<string, string | undefined>;

export interface NewsletterConfig {
  /** A libSQL URL: `file:` for the embedded database, or `libsql://`/`https://` for a server. */
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** `smtp://` or `smtps://` URL of the mail server; undefined writes .eml files to `outboxDir`. */
  smtpUrl: string | undefined;
  outboxDir: string;
  /** The From: header of every message. */
  from: string;
  /** How long a confirmation link stays valid. */
  confirmTtlMs: number;
  /** A pending address gets at most one confirmation email per this interval. */
  resendIntervalMs: number;
  /** Pending addresses never confirmed are deleted this long after their link expired. */
  pendingRetentionMs: number;
  /** Subscription POSTs allowed per client IP per window. */
  rateLimit: { max: number; windowMs: number };
  /** Largest request body the subscription routes read, in bytes. */
  bodyLimitBytes: number;
  /** First delay before a confirmation email that could not be sent is tried again (it doubles). */
  retryBaseMs: number;
  /**
   * Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For names the client; empty,
   * the default, trusts no forwarded header and limits by the connection's own address.
   */
  trustedProxies: string[];
}

const HOUR = 3_600_000;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function trustedProxies(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!parseAddressRange(entry)) {
      throw new Error(
        `TRUSTED_PROXIES must list IP addresses or CIDR ranges (like 127.0.0.1,10.0.0.0/8), got ${entry}`,
      );
    }
  }
  return entries;
}

/** Resolve the settings; relative paths are taken from `cwd` (the project root under `npm start`). */
export function resolveNewsletterConfig(env: Env, cwd: string = process.cwd()): NewsletterConfig {
  const dataDir = resolve(cwd, env.NEWSLETTER_DATA_DIR ?? '.data');
  const databaseUrl = env.NEWSLETTER_DB_URL ?? `file:${resolve(dataDir, 'newsletter.db')}`;
  if (!/^(file:|libsql:|https?:|wss?:)/.test(databaseUrl)) {
    throw new Error(`NEWSLETTER_DB_URL must be a file:, libsql:, http(s): or ws(s): URL, got ${databaseUrl}`);
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
    throw new Error('SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
  }
  return {
    databaseUrl,
    databaseAuthToken: env.NEWSLETTER_DB_AUTH_TOKEN || undefined,
    smtpUrl,
    outboxDir: resolve(dataDir, 'outbox'),
    from: env.MAIL_FROM ?? 'Bounded Rationality <newsletter@localhost>',
    confirmTtlMs: positiveInt(env, 'NEWSLETTER_CONFIRM_TTL_HOURS', 48) * HOUR,
    resendIntervalMs: positiveInt(env, 'NEWSLETTER_RESEND_MINUTES', 10) * 60_000,
    pendingRetentionMs: 7 * 24 * HOUR,
    rateLimit: {
      max: positiveInt(env, 'NEWSLETTER_RATE_LIMIT', 10),
      windowMs: positiveInt(env, 'NEWSLETTER_RATE_WINDOW_SECONDS', 600) * 1000,
    },
    bodyLimitBytes: 8 * 1024,
    retryBaseMs: positiveInt(env, 'NEWSLETTER_RETRY_SECONDS', 30) * 1000,
    trustedProxies: trustedProxies(env.TRUSTED_PROXIES),
  };
}
