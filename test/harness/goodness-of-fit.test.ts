import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/all-entries.js';
import { binomialTwoSided, binomialUpperTail } from './binomial.js';
import { goodnessOfFit } from './goodness-of-fit.js';
import { exactPower, sampleSizeForShift } from './power.js';

const labels = (values: readonly number[]): Map<string, number> => new Map(values.map((v, i) => [`c${i}`, v]));

describe('goodnessOfFit', () => {
  it("matches a textbook answer: Mendel's peas, 315/108/101/32 against 9:3:3:1, chi-square 0.470, p 0.925", () => {
    const fit = goodnessOfFit(labels([315, 108, 101, 32]), labels([9 / 16, 3 / 16, 3 / 16, 1 / 16]));
    expect(fit.df).toBe(3);
    expect(fit.statistic).toBeCloseTo(0.47, 2);
    expect(fit.pValue).toBeCloseTo(0.9254, 3);
  });

  it('gives p = 1 for a perfect fit and p = 0 for a version with share 0 or no share at all', () => {
    expect(goodnessOfFit(labels([500, 500]), labels([0.5, 0.5])).pValue).toBe(1);
    expect(goodnessOfFit(labels([500, 499, 1]), labels([0.5, 0.5, 0])).pValue).toBe(0);
    expect(goodnessOfFit(new Map([['c0', 999], ['intruder', 1]]), labels([1])).pValue).toBe(0);
  });

  it('pools categories expected fewer than 5 times into one chi-square cell when the pool reaches 5', () => {
    const shares = labels([0.98, 0.005, 0.005, 0.005, 0.005]);
    const fit = goodnessOfFit(labels([490, 3, 2, 3, 2]), shares);
    expect(fit.df).toBe(1);
    expect(fit.detail).toContain('4 rare categories pooled');
    expect(fit.pValue).toBe(1);
  });

  it('tests a pool still expected fewer than 5 times exactly, by binomial, and the rest conditionally', () => {
    const shares = labels([0.9999, 0.0001]);
    expect(goodnessOfFit(labels([1000, 0]), shares).pValue).toBe(1);
    const five = goodnessOfFit(labels([995, 5]), shares);
    // Bonferroni over the two parts: twice the two-sided binomial p-value of 5 rare picks.
    expect(five.pValue).toBeCloseTo(2 * binomialTwoSided(5, 1000, 0.0001), 12);
    expect(five.pValue).toBeLessThan(1e-6);
  });

  it('holds its false-alarm rate: under the null, p < 0.05 in about 5% of 2,000 simulated runs', () => {
    const random = seededRandom('size');
    const shares = [0.6, 0.3, 0.09, 0.008, 0.002];
    let rejections = 0;
    for (let run = 0; run < 2000; run++) {
      const counts = [0, 0, 0, 0, 0];
      for (let i = 0; i < 1000; i++) {
        let u = random();
        let c = 0;
        while (c < shares.length - 1 && u >= (shares[c] as number)) u -= shares[c++] as number;
        counts[c]! += 1;
      }
      if (goodnessOfFit(labels(counts), labels(shares)).pValue < 0.05) rejections++;
    }
    // Not significantly more false alarms than 5% (exact binomial, one-sided), and not a test that never fires.
    expect(binomialUpperTail(rejections, 2000, 0.05)).toBeGreaterThan(1e-4);
    expect(rejections).toBeGreaterThan(40);
  });
});

describe('binomial tails', () => {
  it('match known values', () => {
    expect(binomialUpperTail(0, 10, 0.5)).toBe(1);
    expect(binomialUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 12);
    expect(binomialTwoSided(5, 10, 0.5)).toBe(1);
    expect(binomialTwoSided(0, 10, 0.5)).toBeCloseTo(2 / 1024, 12);
  });
});

describe('power', () => {
  it('sizes the textbook case: 50% vs 51% at alpha 0.05 and power 0.8 needs about 19,600 draws', () => {
    expect(sampleSizeForShift(0.05, 0.8)).toBeGreaterThan(19_500);
    expect(sampleSizeForShift(0.05, 0.8)).toBeLessThan(19_700);
  });

  it("computes the exact power of the harness's own decision rule: about alpha when there is no error", () => {
    expect(exactPower(20_000, 0.05, 0.5)).toBeGreaterThan(0.045);
    expect(exactPower(20_000, 0.05, 0.5)).toBeLessThan(0.055);
    expect(exactPower(sampleSizeForShift(1e-6), 1e-6, 0.51)).toBeGreaterThan(0.999);
  });
});
