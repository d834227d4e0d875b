/**
 * The one subscription service of this server process, created on first use from the environment.
 * Only the on-demand routes import this module (it reads the build's site URL from Vite).
 */
import { site } from '../../config';
import { resolveNewsletterConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { createMailer } from './mailer.ts';
import { RateLimiter } from './rate-limit.ts';
import { purgeStale, type Service } from './subscriptions.ts';

export interface Runtime extends Service {
  limiter: RateLimiter;
}

let runtime: Promise<Runtime> | undefined;

async function create(): Promise<Runtime> {
  const config = resolveNewsletterConfig(process.env);
  const db = await openDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  const mailer = createMailer(config);
  const log = (line: string) => console.log(line);
  if (mailer.kind === 'outbox') log(`newsletter: no SMTP_URL set; emails are written to ${config.outboxDir}`);
  const service: Runtime = {
    db,
    mailer,
    config,
    // Links in emails use the URL the site was built for, never the Host of a request.
    links: { siteUrl: import.meta.env.SITE.replace(/\/+$/, ''), siteTitle: site.title, from: config.from },
    log,
    limiter: new RateLimiter(config.rateLimit),
  };
  const sweep = () => purgeStale(db, config).catch((e: Error) => log(`newsletter: purge failed: ${e.message}`));
  await sweep();
  setInterval(sweep, 3_600_000).unref();
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
