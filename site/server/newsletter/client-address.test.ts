import { describe, expect, it } from 'vitest';
import { clientAddress, parseAddressRange, trustedProxies } from './client-address.ts';

describe('parseAddressRange', () => {
  it('reads addresses and CIDR ranges of both families', () => {
    expect(parseAddressRange('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseAddressRange('127.0.0.1')).toEqual({ address: '127.0.0.1', prefix: 32, family: 'ipv4' });
    expect(parseAddressRange('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
  });

  it('refuses what is not one', () => {
    for (const bad of ['', 'proxy.local', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', '10.0.0.0/x', '10.0.0.0/']) {
      expect(parseAddressRange(bad), bad).toBeNull();
    }
  });
});

describe('clientAddress', () => {
  const none = trustedProxies([]);
  const proxies = trustedProxies(['127.0.0.1', '10.0.0.0/8']);

  it('ignores X-Forwarded-For unless the connection comes from a trusted proxy', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', none)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '198.51.100.1', none)).toBe('127.0.0.1');
    expect(clientAddress('203.0.113.7', '198.51.100.1', proxies)).toBe('203.0.113.7');
  });

  it('takes the nearest untrusted hop behind trusted proxies, so a client cannot spoof the left end', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.1, 10.1.2.3', proxies)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:127.0.0.1', '::ffff:198.51.100.1', proxies)).toBe('198.51.100.1');
  });

  it('falls back to the last proxy when the header names only proxies, or is missing', () => {
    expect(clientAddress('127.0.0.1', null, proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '10.0.0.5', proxies)).toBe('10.0.0.5');
  });
});
