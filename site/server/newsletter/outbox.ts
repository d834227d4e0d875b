/**
 * The outbox: confirmation emails are committed to the database in the signup's own transaction
 * (`enqueue`) and delivered by a sender in the server process (`OutboxSender`), with retries and
 * backoff. A request therefore never waits on the mail server, answers the same whatever the
 * mail server is doing, and a crash between the commit and the send loses nothing: the sender
 * resumes the outbox when the server starts again.
 *
 * Delivery is at least once: a crash after the mail server accepted a message and before its row
 * is deleted sends it again.
 */
import type { Client, Transaction } from '@libsql/client';
import { classifySendError, type Mailer, type Message } from './mailer.ts';

/** Put `message` for `subscriberId` in the outbox, replacing one still waiting for them. */
export async function enqueue(
  tx: Transaction,
  subscriberId: number,
  message: Message,
  { now, expiresAt }: { now: number; expiresAt: number },
): Promise<void> {
  // REPLACE gives the new message a new id: a sender still busy with the old row deletes only that.
  await tx.execute({
    sql: `INSERT OR REPLACE INTO outbox (subscriber_id, message, created_at, expires_at, next_attempt_at)
          VALUES (?, ?, ?, ?, ?)`,
    args: [subscriberId, JSON.stringify(message), now, expiresAt, now],
  });
}

export interface OutboxOptions {
  log: (line: string) => void;
  /** Delay before the first retry; it doubles with every failed attempt, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs?: number;
  /**
   * How long a claimed row stays reserved for this sender (another process may share the file):
   * longer than a send can take with mailer.ts's timeouts. A sender killed mid-send leaves its
   * row to the next one after this.
   */
  leaseMs?: number;
  now?: () => number;
}

interface Row {
  id: number;
  message: Message;
  attempts: number;
  expiresAt: number;
}

export interface OutboxState {
  waiting: number;
  /** Age of the oldest waiting message, ms; 0 when none. */
  oldestMs: number;
  lastError: string | null;
}

/** The retry delay after `attempts` failed attempts. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export class OutboxSender {
  readonly #db: Client;
  readonly #mailer: Mailer;
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  readonly #leaseMs: number;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Set while the mail server does not answer: nothing is tried before then. */
  #pausedUntil = 0;

  constructor(db: Client, mailer: Mailer, options: OutboxOptions) {
    this.#db = db;
    this.#mailer = mailer;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#retryBaseMs = options.retryBaseMs;
    this.#retryMaxMs = options.retryMaxMs ?? 3_600_000;
    this.#leaseMs = options.leaseMs ?? 120_000;
  }

  /** Deliver whatever is due, now or as soon as the current pass ends; then wait for the next retry. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#drain()
      .catch((error: Error) => this.#log(`newsletter: the outbox sender failed: ${error.message}`))
      .then(() => this.#schedule())
      .catch((error: Error) => this.#log(`newsletter: the outbox sender could not schedule a retry: ${error.message}`))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves once no pass is running (and none was asked for meanwhile). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stop sending: what is still waiting stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.idle();
  }

  async state(): Promise<OutboxState> {
    const row = (
      await this.#db.execute(
        `SELECT count(*) AS n, min(created_at) AS oldest,
                (SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1) AS error
         FROM outbox`,
      )
    ).rows[0]!;
    const waiting = Number(row.n);
    return {
      waiting,
      oldestMs: waiting ? this.#now() - Number(row.oldest) : 0,
      lastError: row.error == null ? null : String(row.error),
    };
  }

  async #drain(): Promise<void> {
    for (let row = await this.#claim(); row && !this.#stopped; row = await this.#claim()) {
      if (!(await this.#deliver(row))) return;
    }
  }

  /** Reserve the next due message, or null when nothing is due. */
  async #claim(): Promise<Row | null> {
    const now = this.#now();
    if (now < this.#pausedUntil) return null;
    const row = (
      await this.#db.execute({
        sql: `UPDATE outbox SET claimed_until = ?
              WHERE id = (SELECT id FROM outbox
                          WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
                          ORDER BY next_attempt_at, id LIMIT 1)
              RETURNING id, message, attempts, expires_at`,
        args: [now + this.#leaseMs, now, now],
      })
    ).rows[0];
    if (!row) return null;
    return {
      id: Number(row.id),
      message: JSON.parse(String(row.message)) as Message,
      attempts: Number(row.attempts),
      expiresAt: Number(row.expires_at),
    };
  }

  /** Try one message; false when the mail server is unreachable and the pass should stop. */
  async #deliver(row: Row): Promise<boolean> {
    const to = String(row.message.to);
    if (this.#now() >= row.expiresAt) {
      await this.#remove(row.id);
      this.#log(`newsletter: gave up on the email to ${to} after ${row.attempts} attempts: its link has expired`);
      return true;
    }
    try {
      await this.#mailer.send(row.message);
    } catch (error) {
      const reason = (error as Error).message;
      const failure = classifySendError(error);
      if (failure === 'refused') {
        await this.#remove(row.id);
        this.#log(`newsletter: the mail server refused the email to ${to} for good: ${reason}`);
        return true;
      }
      const attempts = row.attempts + 1;
      const retryAt = this.#now() + retryDelay(attempts, this.#retryBaseMs, this.#retryMaxMs);
      await this.#db.execute({
        sql: 'UPDATE outbox SET attempts = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?',
        args: [attempts, retryAt, reason, row.id],
      });
      const seconds = Math.round((retryAt - this.#now()) / 1000);
      this.#log(`newsletter: could not send the email to ${to} (attempt ${attempts}; next in ${seconds} s): ${reason}`);
      if (failure === 'unreachable') {
        this.#pausedUntil = retryAt;
        return false;
      }
      return true;
    }
    await this.#remove(row.id);
    return true;
  }

  async #remove(id: number): Promise<void> {
    await this.#db.execute({ sql: 'DELETE FROM outbox WHERE id = ?', args: [id] });
  }

  /** Sleep until the earliest retry (or lease expiry) that is not yet due. */
  async #schedule(): Promise<void> {
    if (this.#stopped) return;
    const row = (
      await this.#db.execute('SELECT min(max(next_attempt_at, coalesce(claimed_until, 0))) AS due FROM outbox')
    ).rows[0];
    if (row?.due == null) return;
    const delay = Math.max(Number(row.due), this.#pausedUntil) - this.#now();
    this.#timer = setTimeout(() => this.kick(), Math.max(0, delay));
    this.#timer.unref();
  }
}
