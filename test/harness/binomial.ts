import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/** P(X >= x) for X ~ Binomial(n, p): the upper tail, exact. */
export function binomialUpperTail(x: number, n: number, p: number): number {
  return x <= 0 ? 1 : 1 - binomialCdf(x - 1, n, p);
}

/** Exact two-sided binomial p-value of x successes in n trials of probability p (doubled smaller tail). */
export function binomialTwoSided(x: number, n: number, p: number): number {
  return Math.min(1, 2 * Math.min(binomialCdf(x, n, p), binomialUpperTail(x, n, p)));
}
