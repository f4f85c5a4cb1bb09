import fc from 'fast-check';
import { expect } from 'vitest';
import type { PropertyRun } from '../harness/property-run.js';

/** A reproducible stream: the same seed must give the same values, different seeds different ones. */
export interface SeededStream<T> {
  readonly name: string;
  open(seed: string): () => T;
}

const seeds = fc.string({ minLength: 1, maxLength: 64, unit: 'binary' });

function take<T>(next: () => T, count: number): T[] {
  return Array.from({ length: count }, next);
}

/** The same seed gives the same sequence, whatever its length. */
export function sameSeedSameSequence<T>(stream: SeededStream<T>, runs: number): PropertyRun<[string, number]> {
  return {
    property: fc.property(seeds, fc.integer({ min: 1, max: 500 }), (seed, length) => {
      expect(take(stream.open(seed), length)).toEqual(take(stream.open(seed), length));
    }),
    parameters: { numRuns: runs },
  };
}

/**
 * Different seeds give different sequences: 64 values of two seeds never all agree. (For a stream of fair
 * coin flips, the chance they would by accident is 2^-64.)
 */
export function differentSeedsDiffer<T>(stream: SeededStream<T>, runs: number): PropertyRun<[string, string]> {
  return {
    property: fc.property(seeds, seeds, (a, b) => {
      fc.pre(a !== b);
      expect(take(stream.open(a), 64)).not.toEqual(take(stream.open(b), 64));
    }),
    parameters: { numRuns: runs },
  };
}
