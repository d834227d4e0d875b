/**
 * Mailing a post to every confirmed subscriber, exactly once each across any number of runs.
 * Each delivery is recorded as 'sending' before the message goes to the mail server and 'sent'
 * once the server accepted it; a later run skips 'sent' and retries everything else but what the
 * server refused for good ('failed', a 5xx reply), which is recorded and reported once. The one
 * case no protocol can close (the process dies after the server accepted a message and before
 * 'sent' is committed) resends with the same Message-ID, which mail systems deduplicate.
 */
import type { Client } from '@libsql/client';
import { classifySendError, type Mailer } from './mailer.ts';
import { newsletterMessage, type Links, type PostSummary } from './messages.ts';
import { unsubscribeKey } from './subscriptions.ts';
import { unsubscribeToken } from './tokens.ts';

export interface SendReport {
  confirmed: number;
  alreadySent: number;
  /** Deliveries an earlier run started and did not finish. */
  interrupted: number;
  /** Addresses whose server refused this post for good in an earlier run: not tried again. */
  refusedEarlier: number;
  sent: number;
  /** Unsubscribed while this run was going: skipped. */
  departed: number;
  /** Refused for good (5xx) in this run: recorded, never retried. */
  refused: { email: string; error: string }[];
  /** Refused for now (4xx), or not tried because the mail server stopped answering: a re-run retries. */
  failed: { email: string; error: string }[];
}

export interface SendOptions {
  dryRun?: boolean;
  log?: (line: string) => void;
  now?: () => number;
}

/** Stable for a (post, subscriber) pair, so that a resend is recognisably the same message. */
export function deliveryMessageId(links: Links, slug: string, subscriberId: number): string {
  return `<${slug}.${subscriberId}@${new URL(links.siteUrl).hostname}>`;
}

export async function sendNewsletter(
  db: Client,
  mailer: Mailer,
  links: Links,
  post: PostSummary,
  { dryRun = false, log = () => {}, now = Date.now }: SendOptions = {},
): Promise<SendReport> {
  const rows = (
    await db.execute({
      sql: `SELECT s.id, s.email, d.status FROM subscribers s
            LEFT JOIN deliveries d ON d.subscriber_id = s.id AND d.post_slug = ?
            WHERE s.status = 'confirmed' ORDER BY s.id`,
      args: [post.slug],
    })
  ).rows;
  const todo = rows.filter((r) => r.status !== 'sent' && r.status !== 'failed');
  const report: SendReport = {
    confirmed: rows.length,
    alreadySent: rows.filter((r) => r.status === 'sent').length,
    interrupted: todo.filter((r) => r.status === 'sending').length,
    refusedEarlier: rows.filter((r) => r.status === 'failed').length,
    sent: 0,
    departed: 0,
    refused: [],
    failed: [],
  };
  if (dryRun) return report;
  const key = await unsubscribeKey(db);
  const forget = (id: number) =>
    db.execute({ sql: 'DELETE FROM deliveries WHERE post_slug = ? AND subscriber_id = ?', args: [post.slug, id] });
  for (const [index, row] of todo.entries()) {
    const id = Number(row.id);
    const email = String(row.email);
    const messageId = deliveryMessageId(links, post.slug, id);
    // Only while still subscribed: an address removed since the list was read is skipped.
    const claimed = await db.execute({
      sql: `INSERT INTO deliveries (post_slug, subscriber_id, status, message_id, attempted_at)
            SELECT ?, id, 'sending', ?, ? FROM subscribers WHERE id = ? AND status = 'confirmed'
            ON CONFLICT (post_slug, subscriber_id) DO UPDATE SET attempted_at = excluded.attempted_at`,
      args: [post.slug, messageId, now(), id],
    });
    if (claimed.rowsAffected === 0) {
      report.departed += 1;
      continue;
    }
    try {
      await mailer.send(newsletterMessage(links, email, post, unsubscribeToken(key, id), messageId));
    } catch (error) {
      const reason = (error as Error).message;
      const failure = classifySendError(error);
      if (failure === 'refused') {
        await db.execute({
          sql: "UPDATE deliveries SET status = 'failed', error = ? WHERE post_slug = ? AND subscriber_id = ?",
          args: [reason, post.slug, id],
        });
        report.refused.push({ email, error: reason });
        log(`  refused for good: ${email}: ${reason}`);
        continue;
      }
      // Not delivered: forget the attempt, so that a re-run tries again.
      await forget(id);
      report.failed.push({ email, error: reason });
      log(`  failed: ${email}: ${reason}`);
      if (failure === 'unreachable') {
        // Every later message would fail the same way; leave them for the re-run.
        const rest = todo.slice(index + 1).map((r) => ({ email: String(r.email), error: 'not tried: ' + reason }));
        report.failed.push(...rest);
        log(`  the mail server is not answering: ${rest.length} more left for a re-run`);
        return report;
      }
      continue;
    }
    // An unsubscribe during the send has already removed the record with the address.
    await db.execute({
      sql: "UPDATE deliveries SET status = 'sent', sent_at = ? WHERE post_slug = ? AND subscriber_id = ?",
      args: [now(), post.slug, id],
    });
    report.sent += 1;
  }
  return report;
}
