/**
 * MurmurHash3 x86_32 over the UTF-8 bytes of a string: the frozen sticky-hash contract (docs/stickiness.md).
 * Equal to `mmh3.hash(key.encode('utf-8'), seed, signed=False)` in Python and to every reference
 * implementation fed the same bytes. Lone surrogates are encoded as U+FFFD, as TextEncoder does.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * HOT PATH: murmur3's finalizer, a bijective avalanche on 32 bits, as a signed int32 (the same bits as
 * `fmix32`). The hot path uses this form: when TurboFan leaves a call out of line, a uint32 result at or
 * above 2^31 is boxed in a 16-byte HeapNumber; an int32 never is (8 bytes per sticky pick measured here).
 */
export function fmix32Int32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** murmur3's finalizer as an unsigned 32-bit integer. */
export function fmix32(input: number): number {
  return fmix32Int32(input) >>> 0;
}

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let mixed = h ^ k;
  mixed = (mixed << 13) | (mixed >>> 19);
  return (Math.imul(mixed, 5) + 0xe6546b64) | 0;
}

function finish(h: number, tail: number, tailBytes: number, byteLength: number): number {
  let out = h;
  if (tailBytes > 0) {
    let k = Math.imul(tail, C1);
    k = (k << 15) | (k >>> 17);
    out ^= Math.imul(k, C2);
  }
  // int32, not uint32: see murmur3Int32.
  return fmix32Int32(out ^ byteLength);
}

/** Non-ASCII remainder of a key, from code unit `start`: encodes UTF-8 byte by byte as it hashes. */
function hashUtf8From(key: string, start: number, seedState: number): number {
  let h = seedState;
  let acc = 0;
  let accBytes = 0;
  let byteLength = start;
  const push = (byte: number): void => {
    acc |= byte << (accBytes << 3);
    accBytes++;
    byteLength++;
    if (accBytes === 4) {
      h = mixBlock(h, acc);
      acc = 0;
      accBytes = 0;
    }
  };
  const length = key.length;
  for (let i = start; i < length; i++) {
    let cp = key.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = i + 1 < length ? key.charCodeAt(i + 1) : 0;
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    }
    if (cp < 0x80) {
      push(cp);
    } else if (cp < 0x800) {
      push(0xc0 | (cp >> 6));
      push(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      push(0xe0 | (cp >> 12));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    } else {
      push(0xf0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3f));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    }
  }
  return finish(h, acc, accBytes, byteLength);
}

/**
 * HOT PATH (sticky picks). `murmur3` as a signed int32: the same 32 bits, in the form V8 keeps unboxed. A
 * uint32 at or above 2^31 does not fit a small integer, so a non-inlined function returning one (this one
 * is too large to inline into a pick) allocates a 16-byte HeapNumber for half of all keys: 7.9 bytes and
 * several ns per sticky pick measured here. Every consumer only XORs and mixes the bits, so the results are
 * identical. Hashes four ASCII code units per block straight from the string: no TextEncoder, no Buffer;
 * the first non-ASCII code unit hands the rest of the key to the byte-wise UTF-8 path.
 */
export function murmur3Int32(key: string, seed: number): number {
  const length = key.length;
  let h = seed | 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const c0 = key.charCodeAt(i);
    const c1 = key.charCodeAt(i + 1);
    const c2 = key.charCodeAt(i + 2);
    const c3 = key.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0x7f) return hashUtf8From(key, i, h);
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) {
    const c = key.charCodeAt(i);
    if (c > 0x7f) return hashUtf8From(key, i - (shift >> 3), h);
    tail |= c << shift;
  }
  return finish(h, tail, length & 3, length);
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `key`, as an unsigned 32-bit integer (the frozen contract). */
export function murmur3(key: string, seed: number): number {
  return murmur3Int32(key, seed) >>> 0;
}
