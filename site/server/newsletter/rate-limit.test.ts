import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows max requests per window per key, then says how long to wait', () => {
    const limiter = new RateLimiter({ max: 2, windowMs: 60_000 });
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 1000)).toBe(0);
    expect(limiter.take('a', 2000)).toBe(58);
    expect(limiter.take('b', 2000)).toBe(0);
    expect(limiter.take('a', 60_000)).toBe(0);
  });
  it('stays bounded under a flood of distinct keys', () => {
    const limiter = new RateLimiter({ max: 1, windowMs: 60_000, maxKeys: 3 });
    for (let i = 0; i < 10; i++) expect(limiter.take(`ip${i}`, i)).toBe(0);
    // The newest keys are still limited.
    expect(limiter.take('ip9', 20)).toBeGreaterThan(0);
  });
});
