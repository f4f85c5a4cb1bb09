import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fmix32, murmur3 } from '../../test/all-entries.js';

/** A byte-wise reference over Buffer's UTF-8: independent of the string fast path under test. */
function referenceMurmur3(bytes: Buffer, seed: number): number {
  let h = seed >>> 0;
  const mix = (block: number): number => {
    let k = Math.imul(block, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    return Math.imul(k, 0x1b873593);
  };
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) {
    h ^= mix(bytes.readUInt32LE(i));
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let j = bytes.length - 1; j >= i; j--) tail = (tail << 8) | (bytes[j] as number);
  if (bytes.length & 3) h ^= mix(tail);
  return fmix32(h ^ bytes.length);
}

describe('murmur3 x86_32 (the frozen sticky hash)', () => {
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['abc', 0, 0xb3dd93fa],
    ['test', 0, 0xba6bd213],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['Hello, world!', 1234, 0xfaf6cdb3],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('matches the published vector for %j with seed %i', (key, seed, expected) => {
    expect(murmur3(key, seed)).toBe(expected);
  });

  it.each(['héllo', '日本語のキー', 'a😀b', 'exec-é', 'xxxxxü', 'abcdefgh€'])('hashes the UTF-8 bytes of %j', (key) => {
    expect(murmur3(key, 7)).toBe(referenceMurmur3(Buffer.from(key, 'utf8'), 7));
  });

  it.each(['\ud800x', 'ab\udc00', 'abc\ud83d', '\udfff'])('encodes lone surrogate %j as U+FFFD like TextEncoder', (key) => {
    expect(murmur3(key, 99)).toBe(referenceMurmur3(Buffer.from(new TextEncoder().encode(key)), 99));
  });

  it('equals the byte-wise reference on arbitrary strings and seeds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.integer({ min: 0, max: 0xffffffff }), (key, seed) => {
        expect(murmur3(key, seed)).toBe(referenceMurmur3(Buffer.from(new TextEncoder().encode(key)), seed));
      }),
      { seed: 20261122 },
    );
  });

  it('returns unsigned 32-bit integers', () => {
    for (const key of ['a', 'b', 'exec-000001', 'zzzz']) {
      const h = murmur3(key, 0);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });

  it('fmix32 is the murmur3 finalizer', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
});
