import { describe, expect, it } from 'vitest';
import { FastRandom } from '../../src/random/fast.js';
import { BatchedDraws, FunctionDraws } from '../../src/random/sources.js';
import { MemorySource, Router, seededRandom } from '../../test/all-entries.js';

/** sfc32 written the textbook way, one output per call, as the reference for FastRandom's batches. */
function referenceSfc32(a0: number, b0: number, c0: number): () => number {
  let a = a0 >>> 0;
  let b = b0 >>> 0;
  let c = c0 >>> 0;
  let d = 1;
  return () => {
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
    return t;
  };
}

function fixedEntropy(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

describe('FastRandom', () => {
  it('draws (high 27 bits * 2^26 + high 26 bits) / 2^53 from sfc32 output pairs, 64 per batch, last made first', () => {
    const entropy = [0.125, 0.5, 0.875];
    const random = new FastRandom(fixedEntropy(entropy));
    const next32 = referenceSfc32(0.125 * 2 ** 32, 0.5 * 2 ** 32, 0.875 * 2 ** 32);
    for (let i = 0; i < 12; i++) next32();
    for (let batch = 0; batch < 4; batch++) {
      const made = Array.from({ length: 64 }, () => {
        const high = next32() >>> 5;
        const low = next32() >>> 6;
        return (high * 2 ** 26 + low) / 2 ** 53;
      });
      for (const expected of made.reverse()) expect(random.next()).toBe(expected);
    }
  });

  it('hands out draws in [0, 1) on a 2^-53 grid, through take() and draws alike', () => {
    const random = new FastRandom();
    for (let i = 0; i < 10_000; i++) {
      const u = random.draws[random.take()] as number;
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(Number.isInteger(u * 2 ** 53)).toBe(true);
    }
  });

  it('is seeded from Math.random: two generators differ', () => {
    const a = new FastRandom();
    const b = new FastRandom();
    const same = Array.from({ length: 8 }, () => a.next() === b.next()).filter(Boolean).length;
    expect(same).toBeLessThan(8);
  });

  it('has the mean and spread of a uniform source', () => {
    const random = new FastRandom(fixedEntropy([0.3, 0.6, 0.9]));
    const count = 200_000;
    let sum = 0;
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < count; i++) {
      const u = random.next();
      sum += u;
      deciles[Math.floor(u * 10)]! += 1;
    }
    // Mean: standard error 1 / sqrt(12 n) ~ 0.00065; decile counts: sd ~ 134 around 20,000.
    expect(Math.abs(sum / count - 0.5)).toBeLessThan(0.004);
    for (const decile of deciles) expect(Math.abs(decile - count / 10)).toBeLessThan(800);
  });
});

describe('FunctionDraws', () => {
  it('stores each call of the wrapped source at index 0', () => {
    const draws = new FunctionDraws(fixedEntropy([0.25, 0.75]));
    expect(draws.draws[draws.take()]).toBe(0.25);
    expect(draws.draws[draws.take()]).toBe(0.75);
  });
});

describe('Router default source', () => {
  it('routes by weight without Math.random on the pick path', () => {
    const source = new MemorySource();
    source.set('flow', 'live', [
      { version: '1', weight: 80 },
      { version: '2', weight: 20 },
    ]);
    const router = new Router({ source });
    router.pick('flow', 'live');
    const original = Math.random;
    let calls = 0;
    Math.random = () => {
      calls++;
      return original();
    };
    let first = 0;
    try {
      for (let i = 0; i < 50_000; i++) if (router.pick('flow', 'live') === '1') first++;
    } finally {
      Math.random = original;
    }
    expect(calls).toBe(0);
    // 80% of 50,000 with sd ~ 89.
    expect(Math.abs(first - 40_000)).toBeLessThan(600);
  });
});

describe('BatchedDraws', () => {
  it('hands out the wrapped generator outputs in order, across refills', () => {
    let calls = 0;
    const draws = new BatchedDraws(() => (calls++ % 1000) / 1000);
    for (let i = 0; i < 200; i++) expect(draws.draws[draws.take()]).toBe((i % 1000) / 1000);
  });

  it('gives a seeded router the same picks as one Alea output per draw', () => {
    const source = new MemorySource();
    source.set('flow', 'one', [{ version: 'x', weight: 1 }]);
    source.set('flow', 'ten', Array.from({ length: 10 }, (_, i) => ({ version: String(i), weight: i + 1 })));
    const seeded = new Router({ source, seed: 'batched' });
    const reference = new Router({ source, random: seededRandom('batched') });
    for (let i = 0; i < 300; i++) {
      const alias = i % 3 === 0 ? 'one' : 'ten';
      expect(seeded.pick('flow', alias)).toBe(reference.pick('flow', alias));
    }
  });
});
