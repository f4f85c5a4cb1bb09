import type { FamilyOutput, Row } from './results.js';
import { median, round3 } from './stats.js';

/**
 * One family measured in several fresh processes, as if in one: each row's rounds are pooled, so its median
 * and its ratio are medians over the rounds of every process. Each process compiles the code anew and may
 * land on a busier CPU; pooling keeps one process's luck from deciding a gate. Only timed rows combine.
 */
function sameRow(a: Row, b: Row): boolean {
  return a.scenario === b.scenario && a.impl === b.impl && a.n === b.n && a.shape === b.shape;
}

function combineRow(runs: readonly Row[]): Row {
  const first = runs[0] as Row;
  const roundMedians = runs.flatMap((r) => r.roundMedians);
  const roundRatios = runs.flatMap((r) => r.roundRatios);
  const samples = runs.reduce((total, r) => total + r.samples, 0);
  const mean = runs.reduce((total, r) => total + r.nsPerOp.mean * r.samples, 0) / samples;
  return {
    ...first,
    nsPerOp: { mean: round3(mean), median: round3(median(roundMedians)), p99: round3(median(runs.map((r) => r.nsPerOp.p99))) },
    ratio: roundRatios.length === 0 ? null : round3(median(roundRatios)),
    ratioRange: roundRatios.length === 0 ? null : [Math.min(...roundRatios), Math.max(...roundRatios)],
    roundMedians,
    roundRatios,
    samples,
    processes: runs.length,
  };
}

export function combineProcesses(outputs: readonly FamilyOutput[]): FamilyOutput {
  if (outputs.length === 1) return outputs[0] as FamilyOutput;
  if (outputs.some((o) => o.allocations !== undefined || o.memory !== undefined || o.coldStart !== undefined || o.endpoints !== undefined)) {
    throw new Error('only timed rows can be pooled over processes');
  }
  const rows = (outputs[0]?.rows ?? []).map((row) =>
    combineRow(
      outputs.map((o) => {
        const same = (o.rows ?? []).find((r) => sameRow(r, row));
        if (same === undefined) throw new Error(`a process of the family has no row ${row.scenario} / ${row.impl}`);
        return same;
      }),
    ),
  );
  return { rows };
}
