/**
 * A real SMTP server on loopback (the nodemailer project's smtp-server) that keeps every message
 * it accepts, parsed. A test can make it refuse some recipients (`refuse`), answer each message
 * only after a delay (`delayMs`), or stop answering in the middle of one message (`holdNext`), so
 * that it can kill the sender, or change the database, while that message is in flight.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailServer {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Resolves once `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /**
   * The next message is received but not acknowledged; `onHeld` runs when it has arrived, with a
   * function that accepts it after all (never called: the client waits until it gives up).
   */
  holdNext(onHeld: (release: () => void) => void): void;
  /** Refuse RCPT TO for `address` with this reply code (550: permanent, 450: try later); null accepts again. */
  refuse(address: string, code: number | null): void;
  /** Stop listening and drop every open connection, as a crashed server would. */
  close(): Promise<void>;
}

export interface MailServerOptions {
  /** Listen on this port (to restart a server where a client expects it); default: any free one. */
  port?: number;
  /** Wait this long before acknowledging each message, like a slow relay. */
  delayMs?: number;
}

/** Addresses of a parsed message's To: header. */
export function recipients(message: ParsedMail): string[] {
  const to = Array.isArray(message.to) ? message.to : message.to ? [message.to] : [];
  return to.flatMap((t) => t.value.map((v) => v.address ?? ''));
}

export async function startMailServer(options: MailServerOptions = {}): Promise<MailServer> {
  const messages: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const refused = new Map<string, number>();
  let hold: ((release: () => void) => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refused.get(address.address.toLowerCase());
      if (!code) return callback();
      const error = Object.assign(new Error(`mailbox ${address.address} refused`), { responseCode: code });
      callback(error);
    },
    onData(stream, _session, callback) {
      const held = hold;
      hold = null;
      simpleParser(stream).then(
        (mail) => {
          const accept = () => {
            messages.push(mail);
            callback();
            waiters.splice(0).forEach((w) => w());
          };
          if (held) return held(accept);
          if (options.delayMs) setTimeout(accept, options.delayMs);
          else accept();
        },
        (error: Error) => callback(error),
      );
    },
  });
  server.on('error', () => {}); // a client killed mid-message is expected in these tests
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the SMTP server has no address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    messages,
    holdNext: (onHeld) => (hold = onHeld),
    refuse: (recipient, code) =>
      code === null ? refused.delete(recipient.toLowerCase()) : refused.set(recipient.toLowerCase(), code),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // smtp-server's close waits for its clients to quit; a crash does not.
        const open = (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections;
        for (const connection of open) connection._socket.destroy();
        server.close(() => resolve());
      }),
  };
}
