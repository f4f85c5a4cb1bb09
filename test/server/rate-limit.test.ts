import { describe, expect, it } from 'vitest';
import { ThrottlingException, ValidationException } from '../../test/all-entries.js';
import { RateLimiter } from '../../src/server/rate-limit.js';

describe('RateLimiter', () => {
  it('lets a burst through, refuses the next, and refills at the sustained rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 3 }, 100, () => now);
    for (let i = 0; i < 3; i++) limiter.take('a');
    expect(() => limiter.take('a')).toThrow(ThrottlingException);
    limiter.take('b');
    now += 99;
    expect(() => limiter.take('a')).toThrow(/retry in 1 ms/);
    now += 1;
    limiter.take('a');
    now += 10_000;
    for (let i = 0; i < 3; i++) limiter.take('a');
    expect(() => limiter.take('a')).toThrow(ThrottlingException);
  });

  it('refuses with ThrottlingException (CloudFlow code from the one map)', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, 10, () => 0);
    limiter.take('a');
    expect(() => limiter.take('a')).toThrow(expect.objectContaining({ name: 'ThrottlingException', httpStatus: 429 }));
  });

  it('bounds its table: the least recently seen client is forgotten', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, 2, () => 0);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    limiter.take('a');
    expect(() => limiter.take('c')).toThrow(ThrottlingException);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 }, 1, () => 0)).toThrow(ValidationException);
    expect(() => new RateLimiter({ requestsPerSecond: Number.NaN }, 1, () => 0)).toThrow(ValidationException);
    expect(() => new RateLimiter({ requestsPerSecond: 1, burst: 0.5 }, 1, () => 0)).toThrow(ValidationException);
  });
});
