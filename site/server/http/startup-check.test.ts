import { describe, expect, it } from 'vitest';
import { selfUrl } from './startup-check.ts';

describe('selfUrl', () => {
  it('reaches a wildcard listener over loopback, and a specific one at its own address', () => {
    expect(selfUrl({ address: '0.0.0.0', family: 'IPv4', port: 80 })).toBe('http://127.0.0.1:80');
    expect(selfUrl({ address: '::', family: 'IPv6', port: 4321 })).toBe('http://[::1]:4321');
    expect(selfUrl({ address: '127.0.0.1', family: 'IPv4', port: 4321 })).toBe('http://127.0.0.1:4321');
    expect(selfUrl({ address: '::1', family: 'IPv6', port: 4321 })).toBe('http://[::1]:4321');
  });
});
