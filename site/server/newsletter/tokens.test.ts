import { describe, expect, it } from 'vitest';
import { hashToken, isTokenShaped, newConfirmationToken, unsubscribeToken, verifyUnsubscribeToken } from './tokens.ts';

describe('confirmation tokens', () => {
  it('are random, token-shaped, and stored only as their hash', () => {
    const a = newConfirmationToken();
    const b = newConfirmationToken();
    expect(a.token).not.toBe(b.token);
    expect(isTokenShaped(a.token)).toBe(true);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(isTokenShaped(`${a.token}x`)).toBe(false);
    expect(isTokenShaped(null)).toBe(false);
  });
});

describe('unsubscribe tokens', () => {
  const key = 'k'.repeat(64);
  it('name the subscriber they were made for', () => {
    expect(verifyUnsubscribeToken(key, unsubscribeToken(key, 17))).toBe(17);
  });
  it('cannot be moved to another subscriber, forged or made with another key', () => {
    const token = unsubscribeToken(key, 17);
    expect(verifyUnsubscribeToken(key, token.replace(/^17\./, '18.'))).toBeNull();
    expect(verifyUnsubscribeToken('other', token)).toBeNull();
    expect(verifyUnsubscribeToken(key, `17.${'A'.repeat(43)}`)).toBeNull();
    expect(verifyUnsubscribeToken(key, '17')).toBeNull();
    expect(verifyUnsubscribeToken(key, undefined)).toBeNull();
  });
});
