/**
 * Sending mail: SMTP through nodemailer when SMTP_URL is set, otherwise each message is written as
 * an .eml file to the outbox folder, so that the site works out of the box and a developer can
 * open what would have been sent.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

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

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const transport = options.pool
      ? nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 1 })
      : nodemailer.createTransport(options.smtpUrl);
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
      mkdirSync(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const temporary = join(options.outboxDir, `.${name}.tmp`);
      writeFileSync(temporary, raw);
      renameSync(temporary, join(options.outboxDir, name));
    },
    close: () => transport.close(),
  };
}
