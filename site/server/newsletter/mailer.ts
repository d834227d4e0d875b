/**
 * Sending mail: SMTP through nodemailer when SMTP_URL is set, otherwise each message is written as
 * an .eml file to the outbox folder, so that the site works out of the box and a developer can
 * open what would have been sent.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { writeAtomic } from '../../lib/write-atomic.ts';

export type Message = Mail.Options;

export interface Mailer {
  /** 'outbox' when messages go to files, not to a mail server. */
  kind: 'smtp' | 'outbox';
  /** Resolves once the mail server (or the file system) has accepted the message. */
  send(message: Message): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  outboxDir: string;
  /** Keep SMTP connections open between messages: for sending many in a row. */
  pool?: boolean;
}

/**
 * Nodemailer waits minutes by default (2 min to connect, 10 min of silence): a mail server that
 * stops answering would hold a send that long. These fail it soon enough to retry later.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport({
      url: options.smtpUrl,
      ...TIMEOUTS,
      ...(options.pool ? { pool: true, maxConnections: 1 } : {}),
    });
    return {
      kind: 'smtp',
      send: async (message) => {
        await transport.sendMail(message);
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'outbox',
    send: async (message) => {
      const { message: raw } = (await transport.sendMail(message)) as { message: Buffer };
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
      // A reader of the outbox never sees half a message.
      writeAtomic(join(options.outboxDir, name), raw);
    },
    close: () => transport.close(),
  };
}

/**
 * What a failed send means for the next attempt:
 * - `refused`: the server permanently refused this message or recipient (a 5xx reply to the
 *   envelope or the data): sending it again would fail the same way;
 * - `deferred`: a temporary refusal (4xx): try this one again later;
 * - `unreachable`: no answer, a dropped connection, a timeout or failed authentication: the server
 *   itself is the problem, so every other message would fail too.
 */
export type SendFailure = 'refused' | 'deferred' | 'unreachable';

export function classifySendError(error: unknown): SendFailure {
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    if (typeof responseCode === 'number' && responseCode >= 500) return 'refused';
    if (typeof responseCode === 'number' && responseCode >= 400) return 'deferred';
  }
  return 'unreachable';
}
