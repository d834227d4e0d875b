/**
 * The one subscription service of this server process, created on first use from the environment:
 * the database (checked as it opens), the mailer and the outbox sender, which resumes any mail
 * left waiting by an earlier run. Only the on-demand routes import this module (it reads the
 * build's site URL from Vite).
 */
import { site } from '../../config.ts';
import { trustedProxies } from './client-address.ts';
import { resolveNewsletterConfig } from './config.ts';
import { checkDatabase, DatabaseUnavailable, describeDatabaseError, openDatabase } from './db.ts';
import { createMailer } from './mailer.ts';
import { OutboxSender, type OutboxState } from './outbox.ts';
import { RateLimiter } from './rate-limit.ts';
import { purgeStale, type Service } from './subscriptions.ts';

export interface Runtime extends Service {
  limiter: RateLimiter;
  sender: OutboxSender;
  proxies: ReturnType<typeof trustedProxies>;
}

let runtime: Promise<Runtime> | undefined;

async function create(): Promise<Runtime> {
  const config = resolveNewsletterConfig(process.env);
  const db = await openDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  // One connection, kept open: the sender sends one message at a time, often many in a row.
  const mailer = createMailer({ ...config, pool: true });
  const log = (line: string) => console.log(line);
  if (mailer.kind === 'outbox') log(`newsletter: no SMTP_URL set; emails are written to ${config.outboxDir}`);
  const sender = new OutboxSender(db, mailer, { log, retryBaseMs: config.retryBaseMs });
  const service: Runtime = {
    db,
    mailer,
    config,
    // Links in emails use the URL the site was built for, never the Host of a request.
    links: { siteUrl: import.meta.env.SITE.replace(/\/+$/, ''), siteTitle: site.title, from: config.from },
    log,
    limiter: new RateLimiter(config.rateLimit),
    sender,
    proxies: trustedProxies(config.trustedProxies),
  };
  const sweep = () => purgeStale(db, config).catch((e: Error) => log(`newsletter: purge failed: ${e.message}`));
  await sweep();
  setInterval(sweep, 3_600_000).unref();
  sender.kick();
  return service;
}

/** The service, or a rejection whose message is fit for the log (not for the reader). */
export function getRuntime(): Promise<Runtime> {
  runtime ??= create().catch((error: unknown) => {
    runtime = undefined; // try again on the next request, e.g. once the disk has room
    throw error;
  });
  return runtime;
}

export type Health = { ok: true; outbox: OutboxState } | { ok: false; problem: string };

let lastProblem: string | undefined;
/** Logs a failure of the health check once, not on every poll of a supervisor. */
function reported(health: Health, detail: string): Health {
  if (!health.ok && detail !== lastProblem) console.error(`newsletter: unhealthy: ${detail}`);
  lastProblem = health.ok ? undefined : detail;
  return health;
}

/** For `GET /healthz`: whether signups can be taken now, and what is waiting to be mailed. */
export async function health(): Promise<Health> {
  let service: Runtime;
  try {
    service = await getRuntime();
  } catch (error) {
    // The log has the whole story; the answer says what, not where.
    const reason = error instanceof DatabaseUnavailable ? error.reason : 'see the server log';
    return reported({ ok: false, problem: `The subscription service could not start: ${reason}.` }, String(error));
  }
  try {
    await checkDatabase(service.db);
    return reported({ ok: true, outbox: await service.sender.state() }, '');
  } catch (error) {
    const problem = `The subscribers database fails its check: ${describeDatabaseError(error)}.`;
    return reported({ ok: false, problem }, problem);
  }
}
