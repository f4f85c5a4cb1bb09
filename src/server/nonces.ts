import { ThrottlingException } from '../errors.js';

/**
 * Remembers CloudFlow signature nonces for as long as the request that carried them could still be
 * accepted, so a replay inside the clock-skew window is refused. Bounded: when `max` live nonces are held
 * the expired ones are swept, and if none has expired the request is refused with `ThrottlingException`
 * rather than forgetting a live nonce (which would reopen the replay window).
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Records `nonce` until `expiresAt` (ms); false if it is already recorded and not expired. */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    const known = this.expiries.get(nonce);
    if (known !== undefined && known > now) return false;
    if (known === undefined && this.expiries.size >= this.max) {
      this.sweep(now);
      if (this.expiries.size >= this.max) {
        throw new ThrottlingException('too many signed requests inside the replay window; retry later');
      }
    }
    this.expiries.set(nonce, expiresAt);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private sweep(now: number): void {
    for (const [nonce, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(nonce);
  }
}
