import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus, type EventDetails } from '@openfeature/server-sdk';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MemorySource, Router, type SourceStats } from '../../src/index.js';
import { FlowAliasRouterProvider, parseFlagKey } from '../../src/openfeature/index.js';
import { EIGHTY_TWENTY } from '../routing/fixtures.js';
import { FakeSource } from '../router/fake-source.js';
import { rolloutFixture } from '../rollout/fixtures.js';

const FLOW = 'checkout';
let domains = 0;

/** A provider on its own OpenFeature domain, set and initialized through the SDK, and that domain's client. */
async function served(router: Router, options: { preload?: string[] } = {}) {
  const provider = new FlowAliasRouterProvider({ router, sourceCheckMs: 0, ...options });
  const domain = `test-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return { provider, client: OpenFeature.getClient(domain), domain };
}

function source(): MemorySource & { current: SourceStats; stats(): SourceStats } {
  const memory = new MemorySource();
  memory.set(FLOW, 'live', [{ version: '1', weight: 80 }, { version: '2', weight: 20 }]);
  memory.set(FLOW, 'one', [{ version: '3', weight: 1 }]);
  const withStats = Object.assign(memory, { current: { state: 'ready' } as SourceStats, stats: () => withStats.current });
  return withStats;
}

afterAll(async () => {
  await OpenFeature.close();
});

describe('parseFlagKey', () => {
  it('splits at the last slash, so a flow ARN works', () => {
    expect(parseFlagKey('checkout/live')).toEqual({ flow: 'checkout', alias: 'live' });
    expect(parseFlagKey('arn:aws:bedrock:us-east-1:123456789012:flow/FLOW1234/live')).toEqual({ flow: 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW1234', alias: 'live' });
    for (const bad of ['', 'checkout', '/live', 'checkout/']) expect(parseFlagKey(bad)).toBeUndefined();
  });
});

describe('FlowAliasRouterProvider through the OpenFeature SDK', () => {
  it('SPLIT: the version, sticky on targetingKey, with the revision in flagMetadata', async () => {
    const router = new Router({ source: source() });
    const { client } = await served(router);
    const details = await client.getStringDetails(`${FLOW}/live`, 'fallback', { targetingKey: 'user-42' });
    expect(details).toMatchObject({ flagKey: `${FLOW}/live`, reason: 'SPLIT', flagMetadata: { revision: 1, sticky: true, identity: `${FLOW}/live` } });
    expect(details.value).toBe(details.variant);
    expect(details.value).toBe(router.pick(FLOW, 'live', 'user-42'));
    for (let i = 0; i < 20; i++) expect(await client.getStringValue(`${FLOW}/live`, 'fallback', { targetingKey: 'user-42' })).toBe(details.value);
    const random = await client.getStringDetails(`${FLOW}/live`, 'fallback');
    expect(random).toMatchObject({ reason: 'SPLIT', flagMetadata: { sticky: false } });
  });

  it('STATIC: an alias routing to one version', async () => {
    const { client } = await served(new Router({ source: source() }));
    expect(await client.getStringDetails(`${FLOW}/one`, 'fallback')).toMatchObject({ value: '3', variant: '3', reason: 'STATIC' });
  });

  it('STALE: while the source is not ready, and for a table served past its TTL', async () => {
    const s = source();
    const { client } = await served(new Router({ source: s }));
    s.current = { state: 'stale' };
    const details = await client.getStringDetails(`${FLOW}/one`, 'fallback');
    expect(details).toMatchObject({ value: '3', reason: 'STALE' });

    const clock = { now: 0 };
    const fake = new FakeSource('sync');
    fake.set('f', 'a', EIGHTY_TWENTY, false);
    const router = new Router({ source: fake, monotonicClock: () => clock.now, ttlMs: 100, staleIfErrorMs: 1000, retryAfterErrorMs: 10 });
    const second = await served(router);
    expect((await second.client.getStringDetails('f/a', 'x')).reason).toBe('SPLIT');
    fake.failWith = new Error('control plane down');
    clock.now = 150;
    expect((await second.client.getStringDetails('f/a', 'x')).reason).toBe('STALE');
  });

  it('flagMetadata carries the rollout step', async () => {
    const { scheduler, registry } = rolloutFixture(FLOW);
    const started = registry.startRollout(FLOW, 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    const { client } = await served(new Router({ source: registry, scheduler, rolloutControl: false }));
    await client.getStringValue(`${FLOW}/live`, 'x');
    scheduler.advance(60_000);
    const details = await client.getStringDetails(`${FLOW}/live`, 'x');
    expect(details).toMatchObject({ reason: 'SPLIT', flagMetadata: { rolloutId: started.rollout?.id, rolloutStep: 1, rolloutPercent: 20, rolloutState: 'running', revision: started.revision } });
  });

  it('ERROR with FLAG_NOT_FOUND: an unknown alias, a key that is not flow/alias', async () => {
    const { client } = await served(new Router({ source: source() }));
    for (const key of [`${FLOW}/nope`, 'no-slash']) {
      const details = await client.getStringDetails(key, 'fallback');
      expect(details).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    }
  });

  it('ERROR with TYPE_MISMATCH: boolean, number and object evaluations', async () => {
    const { client } = await served(new Router({ source: source() }));
    expect(await client.getBooleanDetails(`${FLOW}/live`, true)).toMatchObject({ value: true, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await client.getNumberDetails(`${FLOW}/live`, 7)).toMatchObject({ value: 7, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await client.getObjectDetails(`${FLOW}/live`, {})).toMatchObject({ reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
  });

  it('ERROR with GENERAL: the source fails', async () => {
    const fake = new FakeSource('sync');
    fake.failWith = new Error('boom');
    const { client } = await served(new Router({ source: fake }));
    expect(await client.getStringDetails('f/a', 'fallback')).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: ErrorCode.GENERAL });
  });

  it('ERROR with INVALID_CONTEXT: a targetingKey too long to be a sticky key', async () => {
    const { client } = await served(new Router({ source: source() }));
    expect(await client.getStringDetails(`${FLOW}/live`, 'fallback', { targetingKey: 'k'.repeat(5000) })).toMatchObject({ reason: 'ERROR', errorCode: ErrorCode.INVALID_CONTEXT });
  });

  it('ERROR with PROVIDER_NOT_READY: before initialize finishes (the SDK), and once closed (the provider)', async () => {
    const fake = new FakeSource('manual');
    fake.set('f', 'a', EIGHTY_TWENTY, false);
    const router = new Router({ source: fake });
    const provider = new FlowAliasRouterProvider({ router, preload: ['f/a'], sourceCheckMs: 0 });
    const domain = `test-${++domains}`;
    const ready = new Promise<void>((resolve) => OpenFeature.getClient(domain).addHandler(ProviderEvents.Ready, () => resolve()));
    await OpenFeature.setProvider(domain, provider);
    const client = OpenFeature.getClient(domain);
    expect(client.providerStatus).toBe(ProviderStatus.NOT_READY);
    expect(await client.getStringDetails('f/a', 'fallback')).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: ErrorCode.PROVIDER_NOT_READY });
    await vi.waitFor(() => expect(fake.pending.length).toBe(1));
    fake.settle();
    await ready;
    expect((await client.getStringDetails('f/a', 'fallback')).reason).toBe('SPLIT');
    await provider.onClose();
    expect(await client.getStringDetails('f/a', 'fallback')).toMatchObject({ reason: 'ERROR', errorCode: ErrorCode.PROVIDER_NOT_READY });
  });

  it('loads an alias of an asynchronous source on first evaluation', async () => {
    const fake = new FakeSource('manual');
    fake.set('f', 'a', EIGHTY_TWENTY, false);
    const { client } = await served(new Router({ source: fake }));
    const pending = client.getStringDetails('f/a', 'fallback');
    await vi.waitFor(() => expect(fake.pending.length).toBe(1));
    fake.settle();
    expect((await pending).reason).toBe('SPLIT');
  });

  it('events: CONFIGURATION_CHANGED with the changed flag keys, STALE, ERROR and READY as the source state moves', async () => {
    const s = source();
    const router = new Router({ source: s });
    const { provider, client } = await served(router);
    const seen: [string, EventDetails | undefined][] = [];
    for (const event of [ProviderEvents.ConfigurationChanged, ProviderEvents.Stale, ProviderEvents.Error, ProviderEvents.Ready]) {
      client.addHandler(event, (details) => seen.push([event, details]));
    }
    await client.getStringValue(`${FLOW}/live`, 'x');
    await vi.waitFor(() => expect(seen.map(([e]) => e)).toEqual([ProviderEvents.Ready])); // a handler added when ready runs at once
    s.set(FLOW, 'live', [{ version: '2', weight: 1 }]);
    s.current = { state: 'stale' };
    provider.checkSource();
    s.current = { state: 'error' };
    provider.checkSource();
    s.current = { state: 'ready' };
    provider.checkSource();
    await vi.waitFor(() => expect(seen).toHaveLength(5));
    expect(seen.slice(1).map(([event, details]) => [event, event === ProviderEvents.ConfigurationChanged ? details?.flagsChanged : undefined])).toEqual([
      [ProviderEvents.ConfigurationChanged, [`${FLOW}/live`]],
      [ProviderEvents.Stale, undefined],
      [ProviderEvents.Error, undefined],
      [ProviderEvents.Ready, undefined],
    ]);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('track() feeds recordOutcome: the flag key, the variant, ok', async () => {
    const router = new Router({ source: source() });
    const record = vi.spyOn(router, 'recordOutcome');
    const { client } = await served(router);
    const version = await client.getStringValue(`${FLOW}/live`, 'x', { targetingKey: 'u1' });
    client.track(`${FLOW}/live`, { targetingKey: 'u1' }, { variant: version, ok: false });
    client.track(`${FLOW}/live`, {}, { variant: version, value: 1 });
    client.track(`${FLOW}/live`, {}, { value: 1 }); // no variant: ignored
    client.track('not-a-flag', {}, { variant: version, ok: true }); // not flow/alias: ignored
    expect(record.mock.calls).toEqual([
      [FLOW, 'live', version, false],
      [FLOW, 'live', version, true],
    ]);
  });

  it('refuses options that are not a router', () => {
    expect(() => new FlowAliasRouterProvider({ router: {} as Router })).toThrow(/router/);
    expect(() => new FlowAliasRouterProvider({ router: new Router({ source: source() }), preload: ['bad'] })).toThrow(/preload/);
  });
});
