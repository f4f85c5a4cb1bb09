import { describe, expect, it } from 'vitest';
import { decide, judgeWindow } from '../../src/rollout/health.js';
import type { HealthPolicy } from '../../src/rollout/model.js';

const POLICY: HealthPolicy = { minSamples: 100, maxErrorRate: 0.05, maxErrorRatio: 3, windowMs: 60_000, breachingWindows: 2, action: 'abort' };

const counts = (window: number, tOk: number, tErr: number, bOk: number, bErr: number) => ({
  window,
  target: { ok: tOk, errors: tErr },
  baseline: { ok: bOk, errors: bErr },
});

describe('health', () => {
  it('judges a window on the target against the baseline, never the alias as a whole', () => {
    expect(judgeWindow(POLICY, counts(1, 90, 10, 900, 10))).toMatchObject({ verdict: 'breach', reason: expect.stringMatching(/maxErrorRate/) });
    expect(judgeWindow(POLICY, counts(1, 96, 4, 990, 10))).toMatchObject({ verdict: 'breach', reason: expect.stringMatching(/maxErrorRatio/) });
    expect(judgeWindow(POLICY, counts(1, 98, 2, 980, 20))).toMatchObject({ verdict: 'healthy' });
    // A baseline without errors counts as one error in its samples: one target error is not an infinite ratio.
    expect(judgeWindow(POLICY, counts(1, 99, 1, 200, 0))).toMatchObject({ verdict: 'healthy' });
  });

  it('too few samples of either side is insufficient, whatever the error rates', () => {
    expect(judgeWindow(POLICY, counts(1, 0, 99, 1000, 0)).verdict).toBe('insufficient');
    expect(judgeWindow(POLICY, counts(1, 0, 1000, 99, 0)).verdict).toBe('insufficient');
  });

  it('decides a breach only on breachingWindows consecutive breaching windows; insufficient never triggers', () => {
    const bad = (w: number) => counts(w, 80, 20, 990, 10);
    const thin = (w: number) => counts(w, 0, 99, 1000, 0);
    expect(decide(POLICY, 2, [bad(1), bad(2)]).verdict).toBe('breach');
    expect(decide(POLICY, 2, [bad(2)]).verdict).toBe('insufficient');
    expect(decide(POLICY, 3, [bad(1), thin(2), bad(3)]).verdict).toBe('insufficient');
    expect(decide(POLICY, 2, [bad(1), counts(2, 99, 1, 990, 10)]).verdict).toBe('healthy');
    expect(decide(POLICY, 3, [bad(2), thin(3)]).verdict).toBe('insufficient');
    expect(decide(POLICY, 2, [bad(1), bad(2)]).windows.map((w) => w.window)).toEqual([1, 2]);
  });
});
