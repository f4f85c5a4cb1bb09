import { ThrottlingException } from '../errors.js';
import type { NonceClaim, RegistryStore } from '../stores/store.js';

/**
 * CloudFlow signature nonces, held in the registry's store for as long as the request that carried them
 * could still be accepted: a replay is refused after a restart, and by every replica sharing the store
 * (SQLite file, PostgreSQL). Each access key has its own budget of live nonces; when it is spent that key
 * (and only that key) gets `ThrottlingException` until its nonces expire: a live nonce is never forgotten,
 * which would reopen the replay window.
 */
export class NonceLedger {
  constructor(
    private readonly store: RegistryStore,
    private readonly maxPerKey: number,
  ) {}

  /** Claims `nonce` of `accessKeyId` until `expiresAt` (ms); false if it is held and not expired. */
  async claim(accessKeyId: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
    const max = this.maxPerKey;
    const claim = await this.store.write((tx) => tx.claimNonce(accessKeyId, nonce, expiresAt, now, max));
    return answer(claim);
  }
}

function answer(claim: NonceClaim): boolean {
  if (claim === 'full') {
    throw new ThrottlingException('this access key has too many signed requests inside the replay window; retry later');
  }
  return claim === 'claimed';
}
