import { describe, expect, it } from 'vitest';
import { ConflictException, FlowRegistry, ResourceNotFoundException, ValidationException } from '../../test/all-entries.js';
import { positionAt } from '../../src/rollout/schedule.js';
import type { BreachEvidence, HealthPolicy } from '../../src/rollout/model.js';
import { T0, failureOf, iso, testRegistry } from './fixtures.js';

const MIN = 60_000;
const POLICY: HealthPolicy = { minSamples: 10, maxErrorRate: 0.1, maxErrorRatio: 3, windowMs: 10_000, breachingWindows: 2, action: 'abort' };

/** Flow `checkout` with versions 1, 2 and 3 and alias `live` routing to 1. */
async function withAlias() {
  const t = await testRegistry();
  const flow = await t.registry.createFlow({ name: 'checkout' });
  for (let i = 0; i < 3; i++) await t.registry.createVersion(flow.id);
  const alias = await t.registry.createAlias(flow.id, { name: 'live', routing: [{ version: '1', weight: 100 }] });
  return { ...t, flow, alias };
}

function evidence(revision: number): BreachEvidence {
  return {
    action: 'abort',
    revision,
    policy: POLICY,
    windows: [{ window: 1, target: { ok: 5, errors: 5 }, baseline: { ok: 100, errors: 1 }, verdict: 'breach', reason: 'test' }],
    decidedBy: 'p1',
    scope: 'fleet',
  };
}

describe('FlowRegistry rollouts: start', () => {
  it('stores the rollout in the alias record, stamped with the registry clock, one revision up', async () => {
    const { registry, alias } = await withAlias();
    const after = await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes', health: POLICY });
    expect(after.revision).toBe(alias.revision + 1);
    expect(after.routing).toEqual([{ version: '1', weight: 100 }]);
    expect(after.rollout).toEqual({
      id: 'ID00000003',
      target: '2',
      steps: [{ weight: 10, holdMs: 5 * MIN }],
      preset: 'Canary10Percent5Minutes',
      health: POLICY,
      state: 'running',
      startAt: iso(T0),
      startedAt: iso(T0),
      attempt: 1,
    });
    expect(await registry.getAlias('checkout', 'live')).toEqual(after);
  });

  it('takes Step Functions deployment preferences and custom steps', async () => {
    const { registry } = await withAlias();
    const linear = await registry.startRollout('checkout', 'live', { target: '2', preset: { type: 'LINEAR', percentage: 30, interval: 2 } });
    expect(linear.rollout?.steps.map((s) => s.weight)).toEqual([30, 60, 90]);
    expect(linear.rollout?.preset).toBe('LINEAR(30, 2)');
    const custom = await registry.startRollout('checkout', 'live', { target: '3', steps: [{ weight: 1, holdMs: 1000 }, { weight: 50, holdMs: 1000 }] });
    expect(custom.rollout?.preset).toBe('custom');
  });

  it('names the field at fault', async () => {
    const { registry } = await withAlias();
    const cases: [unknown, string][] = [
      [{ preset: 'Canary10Percent5Minutes' }, 'target'],
      [{ target: '9', preset: 'AllAtOnce' }, 'target'],
      [{ target: '1', preset: 'AllAtOnce' }, 'target'],
      [{ target: '2' }, 'preset'],
      [{ target: '2', preset: 'Canary11Percent5Minutes' }, 'preset'],
      [{ target: '2', preset: { type: 'CANARY', percentage: 100, interval: 5 } }, 'preset.percentage'],
      [{ target: '2', preset: { type: 'LINEAR', percentage: 10, interval: 2101 } }, 'preset.interval'],
      [{ target: '2', preset: { type: 'ALL_AT_ONCE', percentage: 10 } }, 'preset.percentage'],
      [{ target: '2', preset: { type: 'BLUE_GREEN' } }, 'preset.type'],
      [{ target: '2', steps: [{ weight: 50, holdMs: 1 }, { weight: 10, holdMs: 1 }] }, 'steps[1].weight'],
      [{ target: '2', steps: [{ weight: 101, holdMs: 1 }] }, 'steps[0].weight'],
      [{ target: '2', steps: [{ weight: 10, holdMs: -1 }] }, 'steps[0].holdMs'],
      [{ target: '2', steps: [{ weight: 10 }] }, 'steps[0].holdMs'],
      [{ target: '2', steps: [] }, 'steps'],
      [{ target: '2', preset: 'AllAtOnce', steps: [{ weight: 1, holdMs: 1 }] }, 'steps'],
      [{ target: '2', preset: 'AllAtOnce', health: { ...POLICY, maxErrorRate: 2 } }, 'health.maxErrorRate'],
      [{ target: '2', preset: 'AllAtOnce', health: { ...POLICY, action: 'rollback' } }, 'health.action'],
      [{ target: '2', preset: 'AllAtOnce', health: { ...POLICY, windowMs: undefined } }, 'health.windowMs'],
      [{ target: '2', preset: 'AllAtOnce', extra: 1 }, 'extra'],
    ];
    for (const [input, field] of cases) {
      const error = await failureOf(() => registry.startRollout('checkout', 'live', input as never));
      expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).field, JSON.stringify(input)).toBe(field);
    }
    expect((await registry.getAlias('checkout', 'live')).rollout).toBeUndefined();
  });

  it('refuses a second rollout of the same target while one is active, and supersedes one of another target', async () => {
    const { registry } = await withAlias();
    const first = await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    expect((await failureOf(() => registry.startRollout('checkout', 'live', { target: '2', preset: 'AllAtOnce' }))).code).toBe('RolloutInProgress');
    const second = await registry.startRollout('checkout', 'live', { target: '3', preset: 'Canary10Percent5Minutes' });
    expect(second.rollout?.id).not.toBe(first.rollout?.id);
    expect(second.rollout?.target).toBe('3');
    expect(second.routing).toEqual(first.routing);
  });

  it('makes the target version in use while the rollout is active', async () => {
    const { registry } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    expect(await failureOf(() => registry.deleteVersion('checkout', '2'))).toBeInstanceOf(ConflictException);
    await registry.abortRollout('checkout', 'live');
    await registry.deleteVersion('checkout', '2');
  });
});

describe('FlowRegistry rollouts: verbs', () => {
  it('pause freezes the step clock; resume continues from the same elapsed time', async () => {
    const { registry, advance } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    advance(90_000);
    const paused = await registry.pauseRollout('checkout', 'live');
    expect(paused.rollout).toMatchObject({ state: 'paused', pausedElapsedMs: 90_000 });
    advance(10 * MIN);
    const status = await registry.rolloutStatus('checkout', 'live');
    expect(status.position).toMatchObject({ step: 1, percent: 20, phase: 'paused', nextAt: null });
    const resumed = await registry.resumeRollout('checkout', 'live');
    expect(resumed.rollout?.startAt).toBe(iso(T0 + 90_000 + 10 * MIN - 90_000));
    expect(resumed.rollout?.pausedElapsedMs).toBeUndefined();
    const now = T0 + 90_000 + 10 * MIN;
    expect(positionAt(resumed.rollout!, now)).toMatchObject({ step: 1, elapsedMs: 90_000, nextAt: now + 30_000 });
    expect((await failureOf(() => registry.resumeRollout('checkout', 'live'))).code).toBe('RolloutStateConflict');
  });

  it('promote gives the target 100 % and ends the rollout', async () => {
    const { registry } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    const promoted = await registry.promoteRollout('checkout', 'live');
    expect(promoted.routing).toEqual([{ version: '2', weight: 100 }]);
    expect(promoted.rollout).toMatchObject({ state: 'promoted', endReason: 'promoted', endedAt: iso(T0) });
    expect((await failureOf(() => registry.abortRollout('checkout', 'live'))).code).toBe('RolloutStateConflict');
    expect((await failureOf(() => registry.retryRollout('checkout', 'live'))).code).toBe('RolloutStateConflict');
  });

  it('abort keeps the starting routing; retry starts again with a new id and startAt', async () => {
    const { registry, advance } = await withAlias();
    const started = await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    advance(MIN);
    const aborted = await registry.abortRollout('checkout', 'live');
    expect(aborted.routing).toEqual([{ version: '1', weight: 100 }]);
    expect(aborted.rollout).toMatchObject({ state: 'aborted', endReason: 'aborted', endedAt: iso(T0 + MIN) });
    advance(MIN);
    const retried = await registry.retryRollout('checkout', 'live');
    expect(retried.rollout).toMatchObject({ state: 'running', startAt: iso(T0 + 2 * MIN), startedAt: iso(T0 + 2 * MIN), attempt: 2 });
    expect(retried.rollout?.id).not.toBe(started.rollout?.id);
    expect(retried.rollout?.endReason).toBeUndefined();
  });

  it('skip moves to the start of the next step, running or paused', async () => {
    const { registry, advance } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery10Minutes' });
    advance(MIN);
    const skipped = await registry.skipRolloutStep('checkout', 'live');
    expect(positionAt(skipped.rollout!, T0 + MIN)).toMatchObject({ step: 1, percent: 20, elapsedMs: 10 * MIN });
    await registry.pauseRollout('checkout', 'live');
    const pausedSkip = await registry.skipRolloutStep('checkout', 'live');
    expect(pausedSkip.rollout).toMatchObject({ state: 'paused', pausedElapsedMs: 20 * MIN });
    expect(positionAt(pausedSkip.rollout!, T0 + 99 * MIN)).toMatchObject({ step: 2, percent: 30 });
  });

  it('a verb on an alias without a rollout, or at another revision, changes nothing', async () => {
    const { registry, alias } = await withAlias();
    expect(await failureOf(() => registry.pauseRollout('checkout', 'live'))).toBeInstanceOf(ResourceNotFoundException);
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    const error = await failureOf(() => registry.pauseRollout('checkout', 'live', { expectedRevision: alias.revision }));
    expect(error.code).toBe('RevisionMismatch');
    expect((await registry.getAlias('checkout', 'live')).rollout?.state).toBe('running');
  });

  it('a change of the routing during a rollout ends it explicitly', async () => {
    const { registry, advance } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    advance(3 * MIN);
    const changed = await registry.updateAlias('checkout', 'live', { routing: [{ version: '1', weight: 50 }, { version: '3', weight: 50 }] });
    expect(changed.rollout).toMatchObject({ state: 'aborted', endReason: 'routing-changed', endedAt: iso(T0 + 3 * MIN) });
    const renamed = await registry.updateAlias('checkout', 'live', { description: 'only a description' });
    expect(renamed.rollout?.endReason).toBe('routing-changed');
  });

  it('status gives the step, the weights routers use and the time of the next step', async () => {
    const { registry, advance } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    advance(MIN + 1);
    const status = await registry.rolloutStatus('checkout', 'live');
    expect(status.position).toMatchObject({ step: 1, percent: 20, phase: 'running', nextAt: T0 + 2 * MIN });
    expect(status.routing).toEqual([
      { version: '1', weight: 80 },
      { version: '2', weight: 20 },
    ]);
    expect(status.wallClockAt).toBe(T0 + MIN + 1);
    advance(10 * MIN);
    expect((await registry.rolloutStatus('checkout', 'live')).position).toMatchObject({ phase: 'complete', percent: 100 });
  });
});

describe('FlowRegistry rollouts: latch and outcomes', () => {
  it('the first latch on the evaluated revision wins; the others write nothing', async () => {
    const { registry } = await withAlias();
    const started = await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes', health: POLICY });
    const request = { rolloutId: started.rollout!.id, revision: started.revision, state: 'aborted' as const, evidence: evidence(started.revision) };
    const answers = await Promise.all([0, 1, 2, 3].map(() => registry.latchRollout('checkout', 'live', request)));
    expect(answers.filter((a) => a.latched)).toHaveLength(1);
    const alias = await registry.getAlias('checkout', 'live');
    expect(alias.revision).toBe(started.revision + 1);
    expect(alias.rollout).toMatchObject({ state: 'aborted', endReason: 'health', evidence: evidence(started.revision) });
    expect(alias.routing).toEqual([{ version: '1', weight: 100 }]);
  });

  it('a latch needs evidence for a breach, and promotes only once every hold has passed by the control plane clock', async () => {
    const { registry, advance } = await withAlias();
    const started = await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    const base = { rolloutId: started.rollout!.id, revision: started.revision };
    expect(((await failureOf(() => registry.latchRollout('checkout', 'live', { ...base, state: 'paused' }))) as ValidationException).field).toBe('evidence');
    expect((await registry.latchRollout('checkout', 'live', { ...base, state: 'promoted' })).latched).toBe(false);
    advance(5 * MIN);
    const done = await registry.latchRollout('checkout', 'live', { ...base, state: 'promoted' });
    expect(done.latched).toBe(true);
    expect(done.alias.routing).toEqual([{ version: '2', weight: 100 }]);
    expect(done.alias.rollout).toMatchObject({ state: 'promoted', endReason: 'completed' });
  });

  it('sums every process outcome counts per window, and forgets them when the rollout ends', async () => {
    const { registry } = await withAlias();
    const started = await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes', health: POLICY });
    const id = started.rollout!.id;
    const report = (processId: string, window: number, n: number) =>
      registry.recordRolloutOutcomes('checkout', 'live', {
        rolloutId: id,
        processId,
        window,
        target: { ok: n, errors: 1 },
        baseline: { ok: 10 * n, errors: 2 },
        windows: 2,
      });
    await report('a', 7, 5);
    await report('b', 7, 3);
    await report('a', 8, 1);
    const summed = await report('a', 8, 2);
    expect(summed).toEqual([
      { window: 7, target: { ok: 8, errors: 2 }, baseline: { ok: 80, errors: 4 } },
      { window: 8, target: { ok: 2, errors: 1 }, baseline: { ok: 20, errors: 2 } },
    ]);
    await registry.abortRollout('checkout', 'live');
    expect(await report('a', 9, 1)).toEqual([]);
    await registry.retryRollout('checkout', 'live');
  });

  it('survives a snapshot and restore', async () => {
    const { registry } = await withAlias();
    await registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes', health: POLICY });
    await registry.pauseRollout('checkout', 'live');
    const restored = FlowRegistry.restore(JSON.parse(JSON.stringify(await registry.snapshot())));
    expect(restored.getAlias('checkout', 'live')).toEqual(await registry.getAlias('checkout', 'live'));
  });
});
