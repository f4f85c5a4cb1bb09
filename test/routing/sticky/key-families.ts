import { seededRandom } from '../../../test/all-entries.js';

/**
 * Realistic execution keys, each family an endless stream of distinct keys fixed by a seed: UUIDs, sequential
 * names, short keys, keys sharing a long prefix, and non-ASCII keys (the hash's UTF-8 path).
 */
export type KeyFamily = 'uuid' | 'sequence' | 'short' | 'prefixed' | 'unicode';

export const KEY_FAMILIES: readonly KeyFamily[] = ['uuid', 'sequence', 'short', 'prefixed', 'unicode'];

const HEX = '0123456789abcdef';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every byte as two hex digits: a UUID is built from lookups, not from Number.toString(16) per digit. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** 32 random bits as 8 hex digits. */
function hex32(random: () => number): string {
  const bits = Math.floor(random() * 4_294_967_296);
  return (
    (BYTE_HEX[bits >>> 24] as string) +
    (BYTE_HEX[(bits >>> 16) & 0xff] as string) +
    (BYTE_HEX[(bits >>> 8) & 0xff] as string) +
    (BYTE_HEX[bits & 0xff] as string)
  );
}

/** Random version-4 UUIDs: 122 random bits, the version nibble 4 and the variant bits 10. */
function uuids(seed: number): () => string {
  const random = seededRandom(`uuid-${seed}`);
  return () => {
    const a = hex32(random);
    const b = hex32(random);
    const c = hex32(random);
    const d = hex32(random);
    const variant = HEX[8 + (parseInt(c[0] as string, 16) & 3)] as string;
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
}

function sequence(seed: number): () => string {
  let next = seed % 500_000;
  return () => `exec-${String(++next).padStart(6, '0')}`;
}

/** Every key of 1 to 4 characters over [a-z0-9]: 36 + 36^2 + 36^3 + 36^4 = 2^2 3^2 37 1297 of them. */
const SHORT_KEYS = 1_727_604;
/** A stride coprime with SHORT_KEYS: the stream visits every short key once before any repeats. */
const SHORT_STRIDE = 1_000_003;

/** The n-th short key in bijective base 36: 0 -> 'a', 35 -> '9', 36 -> 'aa', ... */
function shortKey(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    n -= 1;
    out = ALPHABET[n % 36] + out;
    n = Math.floor(n / 36);
  }
  return out;
}

function short(seed: number): () => string {
  let index = seed % SHORT_KEYS;
  return () => {
    index = (index + SHORT_STRIDE) % SHORT_KEYS;
    return shortKey(index);
  };
}

function prefixed(seed: number): () => string {
  const random = seededRandom(`prefix-${seed}`);
  let prefix = 'tenant-';
  while (prefix.length < 200) prefix += ALPHABET[Math.floor(random() * 36)];
  let next = 0;
  return () => `${prefix}/execution/${next++}`;
}

function unicode(seed: number): () => string {
  let next = seed % 1_000_000;
  return () => `租户-${next++}-🚀`;
}

const FACTORIES: Record<KeyFamily, (seed: number) => () => string> = { uuid: uuids, sequence, short, prefixed, unicode };

/** An endless stream of distinct keys of `family`, the same stream for the same seed. */
export function familyKeys(family: KeyFamily, seed: number): () => string {
  return FACTORIES[family](seed);
}

/** A stream of distinct keys from a family chosen by the seed. */
export function keyStream(seed: number): () => string {
  return familyKeys(KEY_FAMILIES[seed % KEY_FAMILIES.length] as KeyFamily, seed);
}
