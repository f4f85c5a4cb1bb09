import * as crypto from 'node:crypto';

/**
 * HMAC-SHA256 (RFC 2104) over a fixed key, from two one-shot SHA-256 hashes of the padded key blocks and the
 * message: no native Hash or Hmac object per call. A signed request used to create three of them (canonical
 * request, signature, body), and in the server they cost about 12 µs a request where a loop measures 2: the
 * objects are garbage with native backing that every scavenge must finalise (docs/server.md, Throughput).
 * `crypto.hash` is Node 20.12's one-shot digest; on an older Node the same digests come from `createHash`.
 */
const oneShot: ((algorithm: string, data: crypto.BinaryLike, encoding: 'hex' | 'buffer') => string | Buffer) | undefined =
  typeof (crypto as { hash?: unknown }).hash === 'function' ? (crypto as unknown as { hash: typeof oneShot }).hash : undefined;

const BLOCK = 64;

export function sha256HexOf(data: string | Uint8Array): string {
  if (oneShot !== undefined) return oneShot('sha256', data, 'hex') as string;
  return crypto.createHash('sha256').update(data).digest('hex');
}

function sha256BufferOf(data: Uint8Array): Buffer {
  if (oneShot !== undefined) return oneShot('sha256', data, 'buffer') as Buffer;
  return crypto.createHash('sha256').update(data).digest();
}

/** Longest message hashed in the key's own buffer (a string to sign is under 300 bytes); longer ones are copied. */
const SCRATCH = 1024;

export class HmacSha256 {
  /** The inner padded key, then room for a message: each call writes its message after the key block. */
  private readonly inner = Buffer.alloc(BLOCK + SCRATCH);
  /** The outer padded key, then the inner hash. */
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(key: Uint8Array) {
    const block = Buffer.alloc(BLOCK);
    if (key.length > BLOCK) sha256BufferOf(key).copy(block);
    else block.set(key);
    for (let i = 0; i < BLOCK; i++) {
      this.inner[i] = (block[i] as number) ^ 0x36;
      this.outer[i] = (block[i] as number) ^ 0x5c;
    }
  }

  /**
   * The MAC of `message` (UTF-8), in lowercase hex. Synchronous, so the key's buffers are never in use by
   * two calls at once.
   */
  hex(message: string): string {
    let innerHash: Buffer;
    if (Buffer.byteLength(message, 'utf8') <= SCRATCH) {
      const length = this.inner.write(message, BLOCK, 'utf8');
      innerHash = sha256BufferOf(this.inner.subarray(0, BLOCK + length));
    } else {
      innerHash = sha256BufferOf(Buffer.concat([this.inner.subarray(0, BLOCK), Buffer.from(message, 'utf8')]));
    }
    innerHash.copy(this.outer, BLOCK);
    return sha256HexOf(this.outer);
  }
}

/** Whether two strings are equal, in time that depends on their lengths only. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
