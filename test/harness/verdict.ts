import type { Fit } from './goodness-of-fit.js';

/** Thrown by a statistical check that rejects: power tests tell it apart from any other failure. */
export class StatisticalRejection extends Error {
  override readonly name = 'StatisticalRejection';
}

/** Rejects when the fit's p-value is below `alpha`, naming what was tested and the worst category. */
export function assertFits<K>(fit: Fit<K>, alpha: number, what: string): void {
  if (fit.pValue >= alpha) return;
  const worst =
    fit.worst === undefined
      ? ''
      : `; furthest off: ${JSON.stringify(fit.worst.category)} observed ${fit.worst.observed}, expected ${fit.worst.expected.toFixed(2)}`;
  throw new StatisticalRejection(
    `${what}: p = ${fit.pValue.toExponential(3)} < alpha = ${alpha.toExponential(3)} over ${fit.samples} samples (${fit.detail})${worst}`,
  );
}

/** Counts `samples` draws by value. */
export function countDraws<K>(draw: () => K, samples: number): Map<K, number> {
  const counts = new Map<K, number>();
  for (let i = 0; i < samples; i++) {
    const value = draw();
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
