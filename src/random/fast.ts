import type { DrawSource } from './sources.js';

/** 2^26 and 2^-53: two 32-bit outputs make one 53-bit uniform double, as MT19937's genrand_res53 does. */
const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const TWO_POW_32 = 4294967296;
/** Draws generated per refill, as V8 does for Math.random. */
const CACHE_SIZE = 64;

/**
 * HOT PATH: the router's default unseeded source. sfc32, Chris Doty-Humphrey's Small Fast Chaotic generator
 * from PractRand (128 bits of state, a 32-bit counter guaranteeing a period of at least 2^32), with two
 * outputs per draw combined into a uniform double in [0, 1) on a 2^-53 grid, as fine as Math.random's.
 *
 * Not Math.random, which on Node 20 allocates a 16-byte HeapNumber per call and costs about 10 ns here
 * (docs/architecture.md, "Boxing").
 *
 * Like V8's Math.random, it generates 64 draws at a time into a Float64Array (the state stays in registers
 * for the whole refill); `take` hands out the index of the next one, which the selector reads itself.
 *
 * Seeded from Math.random, so unseeded routers draw different sequences in every process, as they did with
 * Math.random. Like Math.random, not for secrets; `seed` gives a reproducible source instead.
 */
export class FastRandom implements DrawSource {
  // Initialized to small integers, never left undefined first: a field that starts as undefined loses its
  // small-integer representation, and every round then converts through doubles (10.5 ns against 2.4 ns).
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;
  /** Unread draws are draws[0 .. left - 1], taken from the top (the last made first, as V8 reads its cache). */
  private left = 0;
  readonly draws = new Float64Array(CACHE_SIZE);

  constructor(entropy: () => number = Math.random) {
    this.a = (entropy() * TWO_POW_32) | 0;
    this.b = (entropy() * TWO_POW_32) | 0;
    this.c = (entropy() * TWO_POW_32) | 0;
    // PractRand's sfc32 seeding discards the first 12 outputs, so nearby seeds diverge.
    this.refill(6);
  }

  /** HOT PATH: the index in `draws` of a fresh uniform double in [0, 1): a load, a compare and a store. */
  take(): number {
    let left = this.left;
    if (left === 0) left = this.refill(CACHE_SIZE);
    this.left = --left;
    return left;
  }

  /** A uniform double in [0, 1) (off the hot path: the double is returned by value). */
  next(): number {
    return this.draws[this.take()] as number;
  }

  /** Fills draws[0 .. count - 1] with fresh draws (two sfc32 rounds each); returns count. */
  private refill(count: number): number {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    const draws = this.draws;
    for (let i = 0; i < count; i++) {
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const high = t >>> 5;
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      draws[i] = (high * TWO_POW_26 + (t >>> 6)) * TWO_POW_MINUS_53;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return count;
  }
}
