import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256, constantTimeEqual } from '../../src/server/hmac-sha256.js';
import { sha256Bytes, sha256Hex } from '../../src/wire/sha256.js';

describe('HmacSha256', () => {
  it("matches node:crypto's HMAC-SHA256 for keys shorter, equal to and longer than a block, and any message", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ unit: 'grapheme', maxLength: 300 }), (key, message) => {
        expect(new HmacSha256(key).hex(message)).toBe(createHmac('sha256', key).update(message, 'utf8').digest('hex'));
      }),
      { numRuns: 500 },
    );
    for (const length of [0, 32, 63, 64, 65, 200]) {
      const key = Buffer.alloc(length, 7);
      expect(new HmacSha256(key).hex('x')).toBe(createHmac('sha256', key).update('x').digest('hex'));
    }
    // Messages past the key's own buffer, and a short one after them (nothing of the long one is left over).
    const mac = new HmacSha256(Buffer.alloc(32, 3));
    for (const message of ['é'.repeat(600), 'y'.repeat(1024), 'z'.repeat(1025), 'short']) {
      expect(mac.hex(message)).toBe(createHmac('sha256', Buffer.alloc(32, 3)).update(message, 'utf8').digest('hex'));
    }
  });

  it('hashes like node:crypto', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })), (data) => {
        expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
        if (typeof data !== 'string') expect(sha256Bytes(data).equals(createHash('sha256').update(data).digest())).toBe(true);
      }),
    );
  });
});

describe('constantTimeEqual', () => {
  it('is string equality', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), fc.string({ maxLength: 70 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
      }),
    );
    expect(constantTimeEqual('ab', 'ab')).toBe(true);
    expect(constantTimeEqual('ab', 'abc')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('a'.repeat(64), `${'a'.repeat(63)}b`)).toBe(false);
  });
});
