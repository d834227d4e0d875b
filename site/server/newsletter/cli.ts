/**
 * `npm run newsletter -- <post-slug> [--dry-run] [--site <folder>]`: mail a published post's
 * title, summary and link to every confirmed subscriber. Safe to re-run after a crash or a
 * failure: nobody who already got the post gets it again.
 *
 * The post is read from the built site's feed.json, so only what the site publishes can be sent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveNewsletterConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { createMailer } from './mailer.ts';
import type { PostSummary } from './messages.ts';
import { sendNewsletter } from './send-newsletter.ts';
import { purgeStale } from './subscriptions.ts';

const USAGE = 'usage: npm run newsletter -- <post-slug> [--dry-run] [--site <built site folder, default dist/client>]';

interface FeedItem {
  url?: unknown;
  title?: unknown;
  summary?: unknown;
}

/** The post and the site's address, from the built site's JSON Feed. */
function readPost(siteDir: string, slug: string): { post: PostSummary; siteUrl: string; siteTitle: string } {
  const file = join(siteDir, 'feed.json');
  if (!existsSync(file)) throw new Error(`No built site at ${siteDir} (no feed.json): run \`npm run build\` first.`);
  let feed: { title?: unknown; home_page_url?: unknown; items?: FeedItem[] };
  try {
    feed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof feed.home_page_url !== 'string' || typeof feed.title !== 'string' || !Array.isArray(feed.items)) {
    throw new Error(`${file} is not the site's JSON Feed (no home_page_url, title or items).`);
  }
  const item = feed.items.find((i) => typeof i.url === 'string' && new URL(i.url).pathname === `/posts/${slug}/`);
  if (!item) {
    const known = feed.items.map((i) => (typeof i.url === 'string' ? new URL(i.url).pathname.split('/')[2] : '?'));
    throw new Error(
      `No published post "${slug}" in ${file}, which carries the newest ${feed.items.length}. Published: ${known.join(', ') || 'none'}.`,
    );
  }
  return {
    post: { slug, title: String(item.title), teaser: String(item.summary ?? ''), url: String(item.url) },
    siteUrl: feed.home_page_url.replace(/\/+$/, ''),
    siteTitle: feed.title,
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, site: { type: 'string', default: 'dist/client' } },
  });
  const slug = positionals[0];
  if (positionals.length !== 1 || !slug || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
    console.error(USAGE);
    return 2;
  }
  const config = resolveNewsletterConfig(process.env);
  const { post, siteUrl, siteTitle } = readPost(resolve(values.site), slug);
  const db = await openDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  const mailer = createMailer({ ...config, pool: true });
  try {
    await purgeStale(db, config);
    const dryRun = values['dry-run'];
    console.log(`newsletter: "${post.title}" (${post.url})${dryRun ? ', dry run' : ''}`);
    console.log(`newsletter: mail goes ${mailer.kind === 'smtp' ? 'to the SMTP server' : `to ${config.outboxDir}`}`);
    const report = await sendNewsletter(db, mailer, { siteUrl, siteTitle, from: config.from }, post, {
      dryRun,
      log: (line) => console.log(line),
    });
    const todo = report.confirmed - report.alreadySent - report.refusedEarlier;
    console.log(
      `newsletter: ${report.confirmed} confirmed subscribers; ${report.alreadySent} already have this post; ` +
        `${dryRun ? 'would send' : 'sent'} ${dryRun ? todo : report.sent}` +
        (report.interrupted ? ` (${report.interrupted} left unfinished by an earlier run)` : '') +
        (report.departed ? `; ${report.departed} unsubscribed during the run, skipped` : '') +
        (report.refusedEarlier ? `; ${report.refusedEarlier} refused for good by an earlier run, not retried` : '') +
        (report.refused.length ? `; ${report.refused.length} refused for good, not to be retried` : '') +
        (report.failed.length ? `; ${report.failed.length} not delivered, run again to retry them` : ''),
    );
    // Only what a re-run can still deliver makes the run a failure.
    return report.failed.length ? 1 : 0;
  } finally {
    mailer.close();
    db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`newsletter: ${error.message}`);
    process.exit(1);
  },
);
