import { sha256Bytes, sha256Hex } from '../wire/sha256.js';

const BLOCK = 64;
/** Longest message hashed in the key's own buffer (a string to sign is under 300 bytes); longer ones are copied. */
const SCRATCH = 1024;

/**
 * HMAC-SHA256 (RFC 2104) over a fixed key, from two one-shot SHA-256 hashes of the padded key blocks and the
 * message (src/wire/sha256.ts): no native Hash or Hmac object per call, which in the server cost about 4 µs
 * each where a loop measures under 1 (docs/server.md, Throughput).
 */
export class HmacSha256 {
  /** The inner padded key, then room for a message: each call writes its message after the key block. */
  private readonly inner = Buffer.alloc(BLOCK + SCRATCH);
  /** The outer padded key, then the inner hash. */
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(key: Uint8Array) {
    const block = Buffer.alloc(BLOCK);
    if (key.length > BLOCK) sha256Bytes(key).copy(block);
    else block.set(key);
    for (let i = 0; i < BLOCK; i++) {
      this.inner[i] = (block[i] as number) ^ 0x36;
      this.outer[i] = (block[i] as number) ^ 0x5c;
    }
  }

  /** The inner buffer's first `length` bytes, kept for the last length (a string to sign's length rarely changes). */
  private view = Buffer.alloc(0);

  /**
   * The MAC of `message` (UTF-8), in lowercase hex. Synchronous, so the key's buffers are never in use by
   * two calls at once. The inner hash comes back as hex and is written into the outer block: a Buffer
   * result is a new ArrayBuffer per call, 1.13 against 0.73 µs a MAC in a loop (measured, with the kept view).
   */
  hex(message: string): string {
    let innerHex: string;
    // A UTF-16 unit is at most 3 bytes of UTF-8: a bound that needs no measuring of the message.
    if (message.length * 3 <= SCRATCH) {
      const length = BLOCK + this.inner.write(message, BLOCK, 'utf8');
      if (this.view.length !== length) this.view = this.inner.subarray(0, length);
      innerHex = sha256Hex(this.view);
    } else {
      innerHex = sha256Hex(Buffer.concat([this.inner.subarray(0, BLOCK), Buffer.from(message, 'utf8')]));
    }
    this.outer.write(innerHex, BLOCK, 'hex');
    return sha256Hex(this.outer);
  }
}

/** Whether two strings are equal, in time that depends on their lengths only. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
