import type { BinaryLike } from 'node:crypto';
import { nodeCrypto } from './builtins.js';

/** SHA-256 of no bytes: the payload hash of every signed GET. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

type OneShot = (algorithm: string, data: BinaryLike, encoding: 'hex' | 'buffer') => string | Buffer;

/**
 * Node 20.12's one-shot digest (`crypto.hash`), or undefined on an older Node. A native `Hash` object per
 * call cost about 4 µs a request in the server against under 1 µs in a loop: each is garbage with native
 * backing that every scavenge must finalise (docs/server.md, Throughput).
 */
function oneShot(): OneShot | undefined {
  const hash = (nodeCrypto() as { hash?: unknown }).hash;
  return typeof hash === 'function' ? (hash as OneShot) : undefined;
}

/** SHA-256 in lowercase hex (strings as UTF-8). */
export function sha256Hex(data: string | Uint8Array): string {
  if (data.length === 0) return EMPTY_SHA256;
  const hash = oneShot();
  return hash === undefined ? nodeCrypto().createHash('sha256').update(data).digest('hex') : (hash('sha256', data, 'hex') as string);
}

/** SHA-256 as 32 bytes. */
export function sha256Bytes(data: Uint8Array): Buffer {
  const hash = oneShot();
  return hash === undefined ? nodeCrypto().createHash('sha256').update(data).digest() : (hash('sha256', data, 'buffer') as Buffer);
}
