/**
 * A real SMTP server on loopback (the nodemailer project's smtp-server) that keeps every message
 * it accepts, parsed. `holdNext` makes it stop answering in the middle of one message, so a test
 * can kill the sender while that message is in flight.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailServer {
  url: string;
  messages: ParsedMail[];
  /** Resolves once `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** The next message is received but never acknowledged; `onHeld` runs when it has arrived. */
  holdNext(onHeld: () => void): void;
  close(): Promise<void>;
}

export async function startMailServer(): Promise<MailServer> {
  const messages: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  let hold: (() => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const held = hold;
      hold = null;
      simpleParser(stream).then(
        (mail) => {
          if (held) return held(); // no callback: the client is left waiting for the 250
          messages.push(mail);
          callback();
          waiters.splice(0).forEach((w) => w());
        },
        (error: Error) => callback(error),
      );
    },
  });
  server.on('error', () => {}); // a client killed mid-message is expected in these tests
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the SMTP server has no address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    holdNext: (onHeld) => (hold = onHeld),
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
