import type { HealthPolicy, OutcomeCounts, WindowEvidence } from './model.js';

/** The counts of one window, as recorded (locally, or summed over the fleet by the store). */
export interface WindowCounts {
  readonly window: number;
  readonly target: OutcomeCounts;
  readonly baseline: OutcomeCounts;
}

function rate(c: OutcomeCounts): number {
  return c.errors / (c.ok + c.errors);
}

function fixed(x: number): string {
  return String(Math.round(x * 10_000) / 10_000);
}

/**
 * One window's verdict. `insufficient` when the target or the baseline has fewer than `minSamples`
 * outcomes: it never counts toward a breach. Otherwise `breach` when the target's error rate is above
 * `maxErrorRate`, or above `maxErrorRatio` times the baseline's. A baseline without errors counts as one
 * error in its samples (its measurement's resolution), so a single target error is not an infinite ratio.
 */
export function judgeWindow(policy: HealthPolicy, counts: WindowCounts): WindowEvidence {
  const { target, baseline } = counts;
  const base = { window: counts.window, target: { ok: target.ok, errors: target.errors }, baseline: { ok: baseline.ok, errors: baseline.errors } };
  const targetSamples = target.ok + target.errors;
  const baselineSamples = baseline.ok + baseline.errors;
  if (targetSamples < policy.minSamples || baselineSamples < policy.minSamples) return { ...base, verdict: 'insufficient' };
  const targetRate = rate(target);
  if (targetRate > policy.maxErrorRate) {
    return { ...base, verdict: 'breach', reason: `target error rate ${fixed(targetRate)} > maxErrorRate ${policy.maxErrorRate}` };
  }
  const baselineRate = Math.max(rate(baseline), 1 / baselineSamples);
  const ratio = targetRate / baselineRate;
  if (ratio > policy.maxErrorRatio) {
    return {
      ...base,
      verdict: 'breach',
      reason: `target error rate ${fixed(targetRate)} is ${fixed(ratio)}x the baseline's ${fixed(rate(baseline))} > maxErrorRatio ${policy.maxErrorRatio}`,
    };
  }
  return { ...base, verdict: 'healthy' };
}

export interface HealthDecision {
  /** `breach` when each of the last `breachingWindows` windows breached; else `insufficient` when one of them was. */
  readonly verdict: 'breach' | 'healthy' | 'insufficient';
  /** The windows judged, oldest first. */
  readonly windows: readonly WindowEvidence[];
}

const EMPTY: OutcomeCounts = { ok: 0, errors: 0 };

/**
 * The decision after window `last` closed, over windows `last - breachingWindows + 1` to `last` (a window
 * with no counts is insufficient). Stateless: every evaluator that sees the same counts decides the same.
 */
export function decide(policy: HealthPolicy, last: number, counts: readonly WindowCounts[]): HealthDecision {
  const windows: WindowEvidence[] = [];
  for (let w = last - policy.breachingWindows + 1; w <= last; w++) {
    const found = counts.find((c) => c.window === w) ?? { window: w, target: EMPTY, baseline: EMPTY };
    windows.push(judgeWindow(policy, found));
  }
  const verdict = windows.every((w) => w.verdict === 'breach') ? 'breach' : windows.some((w) => w.verdict === 'insufficient') ? 'insufficient' : 'healthy';
  return { verdict, windows };
}
