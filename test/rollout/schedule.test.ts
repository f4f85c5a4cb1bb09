import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/errors.js';
import type { RolloutRecord } from '../../src/rollout/model.js';
import { allAtOnce, canary, CODEDEPLOY_PRESETS, linear, readPreset } from '../../src/rollout/presets.js';
import { positionAt, rolloutRouting, stepAt } from '../../src/rollout/schedule.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

function rollout(more: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    id: 'ROLLOUT001',
    target: '2',
    steps: linear(10, 1).steps,
    preset: 'linear(10, 1)',
    state: 'running',
    startAt: new Date(T0).toISOString(),
    startedAt: new Date(T0).toISOString(),
    attempt: 1,
    ...more,
  };
}

describe('presets', () => {
  it('map to the anchors: a canary is one step, a linear rollout one step per increment below 100 %', () => {
    expect(canary(10, 5).steps).toEqual([{ weight: 10, holdMs: 5 * MIN }]);
    expect(linear(10, 1).steps.map((s) => s.weight)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(linear(30, 2).steps).toEqual([30, 60, 90].map((weight) => ({ weight, holdMs: 2 * MIN })));
    expect(linear(50, 1).steps.map((s) => s.weight)).toEqual([50]);
    expect(allAtOnce().steps).toEqual([]);
    expect(readPreset('CodeDeployDefault.LambdaLinear10PercentEvery3Minutes', 'p').steps).toEqual(linear(10, 3).steps);
    expect(Object.keys(CODEDEPLOY_PRESETS)).toHaveLength(9);
    expect(readPreset({ type: 'CANARY', percentage: 25, interval: 2100 }, 'p').steps).toEqual(canary(25, 2100).steps);
  });

  it('refuse what the anchors refuse, naming the argument', () => {
    for (const [call, field] of [
      [() => canary(0, 5), 'percent'],
      [() => canary(100, 5), 'percent'],
      [() => canary(10.5, 5), 'percent'],
      [() => linear(10, 0), 'interval'],
      [() => linear(10, 2101), 'interval'],
    ] as const) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).field).toBe(field);
    }
  });
});

describe('positionAt: a pure function of the rollout and t', () => {
  it('puts every step boundary exactly at startAt + the holds before it', () => {
    const r = rollout();
    for (let step = 0; step < 9; step++) {
      const start = T0 + step * MIN;
      expect(positionAt(r, start), `start of ${step}`).toMatchObject({ step, percent: 10 * (step + 1), nextAt: start + MIN, phase: 'running' });
      expect(positionAt(r, start + MIN - 1), `end of ${step}`).toMatchObject({ step, percent: 10 * (step + 1) });
    }
    expect(positionAt(r, T0 + 9 * MIN)).toMatchObject({ step: 9, percent: 100, nextAt: null, phase: 'complete' });
  });

  it('counts a time before startAt (a clock behind the control plane) as the start', () => {
    expect(positionAt(rollout(), T0 - 5000)).toMatchObject({ step: 0, percent: 10, elapsedMs: 0, nextAt: T0 + MIN });
  });

  it('freezes a paused rollout at its elapsed time, and gives final weights to final states', () => {
    expect(positionAt(rollout({ state: 'paused', pausedElapsedMs: 150_000 }), T0 + 99 * MIN)).toMatchObject({ step: 2, percent: 30, nextAt: null, phase: 'paused' });
    expect(positionAt(rollout({ state: 'aborted' }), T0)).toMatchObject({ percent: 0, phase: 'aborted' });
    expect(positionAt(rollout({ state: 'promoted' }), T0)).toMatchObject({ percent: 100, phase: 'promoted' });
  });

  it('holds of 0 ms are passed over', () => {
    const steps = [
      { weight: 5, holdMs: 0 },
      { weight: 10, holdMs: 1000 },
    ];
    expect(stepAt(steps, 0)).toBe(1);
    expect(stepAt(steps, 1000)).toBe(2);
  });
});

describe('rolloutRouting', () => {
  it('gives the target its percent and keeps the ratios of the others exactly', () => {
    const baseline = [
      { version: '1', weight: 60 },
      { version: '3', weight: 40 },
      { version: '4', weight: 0 },
    ];
    expect(rolloutRouting(baseline, '2', 10)).toEqual([
      { version: '1', weight: 3 * 90 },
      { version: '3', weight: 2 * 90 },
      { version: '4', weight: 0 },
      { version: '2', weight: 10 * 5 },
    ]);
    expect(rolloutRouting([{ version: '1', weight: 90 }, { version: '2', weight: 10 }], '2', 0)).toEqual([
      { version: '1', weight: 100 },
      { version: '2', weight: 0 },
    ]);
  });

  it('refuses a baseline with nothing but the target, or weights too fine to scale', () => {
    expect(() => rolloutRouting([{ version: '2', weight: 1 }], '2', 10)).toThrow(ValidationException);
    expect(() => rolloutRouting([{ version: '1', weight: 2_000_000_000 }, { version: '3', weight: 3 }], '2', 10)).toThrow(/too fine/);
  });
});
