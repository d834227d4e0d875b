/**
 * The server asks its own `/healthz` once it listens. That starts the subscription service now,
 * not at the first signup: its sender resumes the emails an earlier run left in the outbox, and a
 * damaged or read-only database is reported at start (the service logs the details).
 */
import type { AddressInfo } from 'node:net';

/** An address the server can reach itself at, for what it listens on. */
export function selfUrl(address: AddressInfo): string {
  const loopback = address.family === 'IPv6' ? '[::1]' : '127.0.0.1';
  const host = ['0.0.0.0', '::'].includes(address.address)
    ? loopback
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

export async function checkAtStart(origin: string, log: (line: string) => void): Promise<void> {
  try {
    const response = await fetch(`${origin}/healthz`);
    const health = (await response.json()) as { ok: boolean; problem?: string; outbox?: { waiting: number } };
    log(
      health.ok
        ? `newsletter: ready (outbox: ${health.outbox?.waiting ?? 0} waiting)`
        : `newsletter: NOT READY, signups fail until this is fixed: ${health.problem}`,
    );
  } catch (error) {
    log(`newsletter: the start-up check could not reach ${origin}/healthz: ${(error as Error).message}`);
  }
}
