/**
 * Which client a request came from, for the rate limit. By default that is the connection's own
 * address and forwarded headers are ignored, since anyone can send them. Behind reverse proxies
 * listed in TRUSTED_PROXIES, the client is the nearest address in X-Forwarded-For that is not one
 * of those proxies (each proxy appends the address it received the request from).
 */
import { BlockList, isIP } from 'node:net';

interface AddressRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `::1` or `fd00::/8` as a range, or null when it is not one. */
export function parseAddressRange(entry: string): AddressRange | null {
  const [address = '', prefixText, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(bits)) || prefix > bits) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The proxies to trust, from entries that config.ts already checked. */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseAddressRange(entry)!;
    list.addSubnet(range.address, range.prefix, range.family);
  }
  return list;
}

/** `::ffff:127.0.0.1`, as a dual-stack socket reports an IPv4 peer, is 127.0.0.1. */
function plain(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

export function clientAddress(peer: string, forwardedFor: string | null, trusted: BlockList): string {
  let client = plain(peer);
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => plain(hop.trim()))
    .filter(Boolean);
  while (hops.length > 0 && isTrusted(trusted, client)) client = hops.pop()!;
  return client;
}
