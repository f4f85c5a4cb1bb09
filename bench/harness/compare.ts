import type { Row } from './results.js';
import { median, round3 } from './stats.js';

/**
 * How much faster we are than the fastest of several competitors, round by round: in each round, the
 * fastest competitor's median over ours; then the median over rounds. Like every ratio here it is taken
 * within a round, so a round in which another process slowed the whole machine cancels out.
 */
export function marginOverFastest(ours: Row, competitors: readonly Row[]): number {
  const rounds = ours.roundMedians.length;
  if (rounds === 0 || competitors.some((c) => c.roundMedians.length !== rounds)) {
    throw new Error('rows to compare must come from the same rounds');
  }
  const margins = ours.roundMedians.map((mine, r) => Math.min(...competitors.map((c) => c.roundMedians[r] as number)) / mine);
  return round3(median(margins));
}

/** The competitor with the lowest median over rounds (for naming it). */
export function fastestByMedian(competitors: readonly Row[]): Row {
  return competitors.reduce((a, b) => (b.nsPerOp.median < a.nsPerOp.median ? b : a));
}
