import { createRequire } from 'node:module';
import { ValidationException } from '../errors.js';

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * HOT PATH: how the router draws. `take()` returns an index into `draws` holding a fresh uniform number in
 * [0, 1), valid until the next `take()`: the number goes by reference (array and index), never as a double,
 * so it is never boxed (docs/architecture.md, "Boxing": 8 to 16 bytes per pick otherwise, measured).
 */
export interface DrawSource {
  readonly draws: Float64Array;
  take(): number;
}

/** Draws generated per refill by `BatchedDraws`. */
const BATCH = 64;

/**
 * A seeded generator as a `DrawSource`: 64 outputs generated per refill, handed out in order, so every pick
 * consumes the same output it did one call at a time (same seed, same picks). The generator is called from
 * `refill` only, a small function where it is always inlined, so its draws are never boxed (16 bytes per
 * seeded pick otherwise, measured: docs/architecture.md, "Boxing").
 */
export class BatchedDraws implements DrawSource {
  readonly draws = new Float64Array(BATCH);
  private next = BATCH;

  constructor(private readonly random: RandomSource) {}

  take(): number {
    let at = this.next;
    if (at === BATCH) at = this.refill();
    this.next = at + 1;
    return at;
  }

  private refill(): number {
    const random = this.random;
    const draws = this.draws;
    for (let i = 0; i < BATCH; i++) draws[i] = random();
    return 0;
  }
}

/**
 * An injected `RandomSource` as a `DrawSource`: one call per draw, never ahead (a test may hand a finite
 * sequence). Its draws may be boxed; the default and seeded sources are not.
 */
export class FunctionDraws implements DrawSource {
  readonly draws = new Float64Array(1);

  constructor(private readonly random: RandomSource) {}

  take(): number {
    this.draws[0] = this.random();
    return 0;
  }
}

export const MAX_SEED_LENGTH = 1024;

const require = createRequire(import.meta.url);
let alea: ((seed: string) => RandomSource) | undefined;

/**
 * A seeded source: seedrandom's Alea generator (about 3 ns a draw here, against 27 ns for seedrandom's
 * default ARC4). Draws have 32 bits of resolution, so a version's share is exact to within 2^-32.
 * The same seed gives the same sequence on every machine.
 *
 * Loaded on the first seeded router, not at import: seedrandom's entry point loads all seven generators and
 * Node's crypto module, 12.5 ms of the package's import time measured here; `seedrandom/lib/alea.js` is the
 * very function `seedrandom.alea` is, alone.
 */
export function seededRandom(seed: string): RandomSource {
  if (typeof seed !== 'string' || seed.length === 0 || seed.length > MAX_SEED_LENGTH) {
    throw new ValidationException('seed', `must be a string of 1 to ${MAX_SEED_LENGTH} characters`);
  }
  alea ??= require('seedrandom/lib/alea.js') as (seed: string) => RandomSource;
  return alea(seed);
}
