import { describe, expect, it } from 'vitest';
import { AccessDeniedException, ConflictException, Router, ValidationException } from '../../test/all-entries.js';
import type { RolloutStatus } from '../../src/registry/operations/rollouts.js';
import { formatStatus } from '../../src/cli/rollout.js';
import { ManualScheduler } from '../../src/router/rollout-scheduler.js';
import { HttpAliasSource } from '../../src/sources/http.js';
import { HttpRolloutClient } from '../../src/sources/rollout-client.js';
import { makeRegistry } from '../registry/fixtures.js';
import { KEY, testServers } from './fixtures.js';

const start = testServers();
const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

async function withRollout() {
  const scheduler = new ManualScheduler(T0);
  const registry = await makeRegistry({ wallClock: () => scheduler.now() });
  const flow = await registry.createFlow({ name: 'checkout' });
  await registry.createVersion(flow.id);
  await registry.createVersion(flow.id);
  await registry.createAlias(flow.id, { name: 'live', routing: [{ version: '1', weight: 100 }] });
  const server = await start({ registry, wallClock: () => Date.now() });
  const client = new HttpRolloutClient({ endpoint: server.url, credentials: KEY });
  return { scheduler, registry, server, client };
}

describe('the rollout operations of the server', () => {
  it('start, status, every verb, signed like the Bedrock protocol', async () => {
    const { scheduler, client } = await withRollout();
    const started = (await client.start('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' })) as { rollout: { id: string } };
    scheduler.advance(MIN + 1);
    const status = (await client.status('checkout', 'live')) as RolloutStatus;
    expect(status.rollout.id).toBe(started.rollout.id);
    expect(status.position).toMatchObject({ step: 1, percent: 20, nextAt: T0 + 2 * MIN });
    expect(formatStatus(status)).toContain('step 2 of 9');
    expect(formatStatus(status)).toContain('next step in 1m00s');
    for (const [verb, state] of [
      ['pause', 'paused'],
      ['resume', 'running'],
      ['skip', 'running'],
      ['abort', 'aborted'],
      ['retry', 'running'],
      ['promote', 'promoted'],
    ] as const) {
      const alias = (await client.verb('checkout', 'live', verb)) as { rollout: { state: string } };
      expect(alias.rollout.state, verb).toBe(state);
    }
    await expect(client.verb('checkout', 'live', 'abort')).rejects.toBeInstanceOf(ConflictException);
    const bad = await client.start('checkout', 'live', { target: '2', preset: { type: 'CANARY', percentage: 0, interval: 1 } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationException);
    expect((bad as ValidationException).field).toBe('preset.percentage');
  });

  it('refuses unsigned and wrongly signed requests', async () => {
    const { server } = await withRollout();
    const unsigned = new HttpRolloutClient({ endpoint: server.url });
    await expect(unsigned.status('checkout', 'live')).rejects.toBeInstanceOf(AccessDeniedException);
    const wrong = new HttpRolloutClient({ endpoint: server.url, credentials: { ...KEY, secretAccessKey: 'not-the-secret-at-all-000000' } });
    await expect(wrong.verb('checkout', 'live', 'pause')).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it('a router on HttpAliasSource evaluates the rollout and writes its decision through the server', async () => {
    const { scheduler, registry, server, client } = await withRollout();
    const policy = { minSamples: 20, maxErrorRate: 0.1, maxErrorRatio: 3, windowMs: 10_000, breachingWindows: 1, action: 'pause' as const };
    await client.start('checkout', 'live', { target: '2', steps: [{ weight: 50, holdMs: 10 * MIN }], health: policy });
    const source = new HttpAliasSource({ endpoint: server.url, credentials: KEY });
    const router = new Router({ source, scheduler, rolloutControl: client, seed: 'http', processId: 'gateway-1' });
    await router.preload('checkout', 'live');
    expect(router.explain('checkout', 'live').rollout).toMatchObject({ percent: 50, clockOffsetMs: 0 });
    for (let i = 0; i < 200; i++) {
      const version = router.pick('checkout', 'live');
      router.recordOutcome('checkout', 'live', version, version === '1' || i % 2 === 0);
    }
    scheduler.advance(10_000);
    await router.settleRollouts();
    const alias = await registry.getAlias('checkout', 'live');
    expect(alias.rollout).toMatchObject({ state: 'paused', evidence: { decidedBy: 'gateway-1', scope: 'fleet', action: 'pause' } });
    router.close();
    source.close();
  });
});
