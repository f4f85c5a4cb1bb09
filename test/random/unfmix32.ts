/** Inverse of murmur3's fmix32 (a bijection): lets a test choose a key hash whose draw lands where it wants. */

/** The inverse of an odd number modulo 2^32, by Newton's iteration (each step doubles the correct bits). */
function inverseOdd(c: number): number {
  let inverse = c;
  for (let i = 0; i < 5; i++) inverse = Math.imul(inverse, 2 - Math.imul(c, inverse));
  return inverse;
}

const INVERSE_M1 = inverseOdd(0x85ebca6b);
const INVERSE_M2 = inverseOdd(0xc2b2ae35);

export function unfmix32(output: number): number {
  let h = output | 0;
  h ^= h >>> 16;
  h = Math.imul(h, INVERSE_M2);
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, INVERSE_M1);
  h ^= h >>> 16;
  return h >>> 0;
}
