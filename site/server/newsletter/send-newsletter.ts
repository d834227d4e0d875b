/**
 * Mailing a post to every confirmed subscriber, exactly once each across any number of runs.
 * Each delivery is recorded as 'sending' before the message goes to the mail server and 'sent'
 * once the server accepted it; a later run skips 'sent' and retries everything else. The one
 * case no protocol can close (the process dies after the server accepted a message and before
 * 'sent' is committed) resends with the same Message-ID, which mail systems deduplicate.
 */
import type { Client } from '@libsql/client';
import type { Mailer } from './mailer.ts';
import { newsletterMessage, type Links, type PostSummary } from './messages.ts';
import { unsubscribeKey } from './subscriptions.ts';
import { unsubscribeToken } from './tokens.ts';

export interface SendReport {
  confirmed: number;
  alreadySent: number;
  /** Deliveries an earlier run started and did not finish. */
  interrupted: number;
  sent: number;
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
  const todo = rows.filter((r) => r.status !== 'sent');
  const report: SendReport = {
    confirmed: rows.length,
    alreadySent: rows.length - todo.length,
    interrupted: todo.filter((r) => r.status === 'sending').length,
    sent: 0,
    failed: [],
  };
  if (dryRun) return report;
  const key = await unsubscribeKey(db);
  for (const row of todo) {
    const id = Number(row.id);
    const email = String(row.email);
    const messageId = deliveryMessageId(links, post.slug, id);
    await db.execute({
      sql: `INSERT INTO deliveries (post_slug, subscriber_id, status, message_id, attempted_at)
            VALUES (?, ?, 'sending', ?, ?)
            ON CONFLICT (post_slug, subscriber_id) DO UPDATE SET attempted_at = excluded.attempted_at`,
      args: [post.slug, id, messageId, now()],
    });
    try {
      await mailer.send(newsletterMessage(links, email, post, unsubscribeToken(key, id), messageId));
    } catch (error) {
      // The server refused it, so it was not delivered: forget the attempt and let a re-run retry.
      await db.execute({
        sql: 'DELETE FROM deliveries WHERE post_slug = ? AND subscriber_id = ?',
        args: [post.slug, id],
      });
      report.failed.push({ email, error: (error as Error).message });
      log(`  failed: ${email}: ${(error as Error).message}`);
      continue;
    }
    await db.execute({
      sql: "UPDATE deliveries SET status = 'sent', sent_at = ? WHERE post_slug = ? AND subscriber_id = ?",
      args: [now(), post.slug, id],
    });
    report.sent += 1;
  }
  return report;
}
