import { describe, expect, it } from 'vitest';
import { combineProcesses } from '../../bench/harness/combine.js';
import type { Row } from '../../bench/harness/results.js';

function row(roundMedians: number[], roundRatios: number[], p99: number): Row {
  return {
    scenario: 'pick.sticky',
    impl: 'flow-alias-router',
    n: 2,
    nsPerOp: { mean: roundMedians[0] as number, median: roundMedians[0] as number, p99 },
    baseline: 'floor.sticky',
    ratio: roundRatios[0] ?? null,
    ratioRange: null,
    roundMedians,
    roundRatios,
    processes: 1,
    batch: 256,
    samples: 100,
  };
}

describe('combineProcesses', () => {
  it('pools the rounds of every process: medians and ratios over all of them', () => {
    const pooled = combineProcesses([
      { rows: [row([60, 61, 62], [1.29, 1.3, 1.31], 100)] },
      { rows: [row([70, 71, 72], [1.45, 1.46, 1.47], 120)] },
      { rows: [row([65, 66, 67], [1.36, 1.37, 1.38], 110)] },
    ]).rows?.[0];
    expect(pooled?.ratio).toBe(1.37);
    expect(pooled?.ratioRange).toEqual([1.29, 1.47]);
    expect(pooled?.nsPerOp.median).toBe(66);
    expect(pooled?.nsPerOp.p99).toBe(110);
    expect(pooled?.samples).toBe(300);
    expect(pooled?.processes).toBe(3);
  });

  it('refuses outputs that are not timed rows, and processes missing a row', () => {
    expect(() => combineProcesses([{ allocations: [] }, { allocations: [] }])).toThrow();
    expect(() => combineProcesses([{ rows: [row([1], [1], 1)] }, { rows: [] }])).toThrow();
  });
});
