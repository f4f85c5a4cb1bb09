import { LRUCache } from 'lru-cache';
import { ThrottlingException, ValidationException } from '../errors.js';
import type { RateLimit } from './limits.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per client (access key ID, or client address without auth): `requestsPerSecond`
 * sustained, `burst` at once. The table is an LRU bounded at `maxClients`; forgetting an idle client only
 * hands it a full bucket, which it would have refilled anyway.
 */
export class RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly perMs: number;
  private readonly burst: number;

  constructor(
    limit: RateLimit,
    maxClients: number,
    /** Wall-clock milliseconds since the epoch. */
    private readonly wallClock: () => number,
  ) {
    const { requestsPerSecond } = limit;
    const burst = limit.burst ?? requestsPerSecond * 2;
    if (!(Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
      throw new ValidationException('rateLimit.requestsPerSecond', 'must be a positive number');
    }
    if (!(Number.isFinite(burst) && burst >= 1)) throw new ValidationException('rateLimit.burst', 'must be a number >= 1');
    this.perMs = requestsPerSecond / 1000;
    this.burst = burst;
    this.buckets = new LRUCache({ max: maxClients });
  }

  /** Whether `client` has a token now (none is taken). */
  has(client: string): boolean {
    const bucket = this.buckets.peek(client);
    if (bucket === undefined) return true;
    return Math.min(this.burst, bucket.tokens + Math.max(0, this.wallClock() - bucket.updatedAt) * this.perMs) >= 1;
  }

  /** Takes one token for `client` if it has one; answers whether it had. */
  spend(client: string): boolean {
    const bucket = this.refill(client);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Takes one token for `client`, or throws `ThrottlingException` saying when one will be available. */
  take(client: string): void {
    const bucket = this.refill(client);
    if (bucket.tokens < 1) {
      // The epsilon absorbs float error in the refill (0.99 tokens at 10/s is 1 ms away, not 1.0000000001).
      const retryAfterMs = Math.ceil((1 - bucket.tokens) / this.perMs - 1e-9);
      throw new ThrottlingException(`rate limit exceeded for ${client}: retry in ${retryAfterMs} ms`);
    }
    bucket.tokens -= 1;
  }

  private refill(client: string): Bucket {
    const now = this.wallClock();
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
      bucket.updatedAt = now;
    }
    return bucket;
  }
}
