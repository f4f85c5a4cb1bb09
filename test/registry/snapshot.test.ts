import { describe, expect, it } from 'vitest';
import { FlowRegistry, SNAPSHOT_FORMAT, ValidationException, type RegistrySnapshot } from '../../test/all-entries.js';
import { failureOf, testRegistry, type AnyRegistry } from './fixtures.js';

async function populated(): Promise<AnyRegistry> {
  const t = await testRegistry({ region: 'eu-west-1', account: '111122223333' });
  const flow = await t.registry.createFlow({ name: 'checkout', description: 'd', definition: { nodes: [{ name: 'In' }] }, tags: { team: 'pay' } });
  await t.registry.prepareFlow(flow.id);
  await t.registry.createVersion(flow.id, { description: 'v1' });
  await t.registry.createVersion(flow.id);
  await t.registry.deleteVersion(flow.id, '2');
  await t.registry.createVersion(flow.id);
  await t.registry.createAlias(
    flow.id,
    { name: 'live', routing: [{ version: '1', weight: 90 }, { version: '3', weight: 10 }], concurrency: { type: 'Manual', maxConcurrency: 4 } },
    { clientToken: { key: 'k', fingerprint: 'f' } },
  );
  await t.registry.updateAlias(flow.id, 'live', { description: 'canary' });
  await t.registry.createFlow({ name: 'empty' });
  return t.registry;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits below reach anywhere in a parsed JSON tree
type Json = any;

/** A state file of an earlier release kept a client token with the whole fingerprint: add one such. */
function withToken(snapshot: Json): Json {
  snapshot.clientTokens = [{ key: 'k', fingerprint: 'f', result: { kind: 'alias', record: snapshot.flows[0].aliases[0] } }];
  return snapshot;
}

/** A JSON copy of a snapshot, to edit into a broken one. */
function copy(snapshot: RegistrySnapshot): Json {
  return JSON.parse(JSON.stringify(snapshot)) as Json;
}

describe('FlowRegistry snapshots', () => {
  it('round-trips through JSON: the restored registry has the same state and behaves the same', async () => {
    const registry = await populated();
    const snapshot = await registry.snapshot();
    const restored = FlowRegistry.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(await restored.snapshot()).toStrictEqual(copy(snapshot));
    expect(restored.region).toBe('eu-west-1');
    expect(await restored.getRouting('checkout', 'live')).toEqual(await registry.getRouting('checkout', 'live'));
    expect((await restored.createVersion('checkout')).version).toBe('4');
  });

  it('exports no client tokens (they are transient), and honours those of an imported state file', async () => {
    const registry = await populated();
    expect((await registry.usage()).clientTokens).toBe(1);
    expect((await registry.snapshot()).clientTokens).toEqual([]);
    const restored = FlowRegistry.restore(withToken(copy(await registry.snapshot())));
    const live = await registry.getAlias('checkout', 'live');
    const request = { name: 'live', routing: [{ version: '1', weight: 90 }, { version: '3', weight: 10 }] };
    expect(await restored.createAlias('checkout', request, { clientToken: { key: 'k', fingerprint: 'f' } })).toEqual(live);
    expect(await failureOf(() => restored.createAlias('checkout', request, { clientToken: { key: 'k', fingerprint: 'g' } }))).toMatchObject({ code: 'IdempotencyConflict' });
  });

  it('is deeply frozen and frozen in time', async () => {
    const registry = await populated();
    const snapshot = await registry.snapshot();
    const json = JSON.stringify(snapshot);
    expect(Object.isFrozen(snapshot.flows[0]?.aliases[0]?.routing[0])).toBe(true);
    expect(Object.isFrozen(snapshot.flows[0]?.flow.tags)).toBe(true);
    await registry.updateAlias('checkout', 'live', { routing: [{ version: '1', weight: 1 }] });
    await registry.deleteFlow('empty');
    expect(JSON.stringify(snapshot)).toBe(json);
    expect(snapshot.format).toBe(SNAPSHOT_FORMAT);
  });

  it('refuses region or account options that differ from the snapshot', async () => {
    const snapshot = await (await populated()).snapshot();
    expect(() => FlowRegistry.restore(snapshot, { region: 'us-east-1' })).toThrow(expect.objectContaining({ field: 'region' }));
    expect(FlowRegistry.restore(snapshot, { region: 'eu-west-1', quotas: { maxFlows: 1 } }).listFlows()).toHaveLength(2);
  });

  const broken: [string, (s: Json) => void, string][] = [
    ['a wrong format', (s) => (s.format = 'other'), 'snapshot.format'],
    ['a wrong version', (s) => (s.version = 2), 'snapshot.version'],
    ['an unknown field', (s) => (s.extra = 1), 'snapshot.extra'],
    ['a __proto__ key', (s) => Object.defineProperty(s.flows[0].flow, '__proto__', { value: {}, enumerable: true }), 'snapshot.flows[0].flow.__proto__'],
    ['a bad region', (s) => (s.region = 'EU'), 'snapshot.region'],
    ['flows that are not an array', (s) => (s.flows = {}), 'snapshot.flows'],
    ['a duplicate flow ID', (s) => (s.flows[1].flow.id = s.flows[0].flow.id), 'snapshot.flows[1].flow.id'],
    ['a duplicate flow name', (s) => (s.flows[1].flow.name = 'checkout'), 'snapshot.flows[1].flow.name'],
    ['a flow named as another flow ID', (s) => (s.flows[1].flow.name = s.flows[0].flow.id), 'snapshot.flows'],
    ['a bad timestamp', (s) => (s.flows[0].flow.createdAt = '2024-01-01'), 'snapshot.flows[0].flow.createdAt'],
    ['a bad status', (s) => (s.flows[0].flow.status = 'Failed'), 'snapshot.flows[0].flow.status'],
    ['a null definition', (s) => (s.flows[0].flow.definition = null), 'snapshot.flows[0].flow.definition'],
    ['a version of another flow', (s) => (s.flows[0].versions[0].flowId = 'XXXXXXXXXX'), 'snapshot.flows[0].versions[0].flowId'],
    ['a version at or past nextVersion', (s) => (s.flows[0].nextVersion = 3), 'snapshot.flows[0].versions[1].version'],
    ['a duplicate version', (s) => (s.flows[0].versions[1].version = '1'), 'snapshot.flows[0].versions[1].version'],
    ['routing to a missing version', (s) => s.flows[0].versions.splice(1, 1), 'snapshot.flows[0].aliases[0].routing[1].version'],
    ['a bad weight', (s) => (s.flows[0].aliases[0].routing[0].weight = 1.5), 'snapshot.flows[0].aliases[0].routing[0].weight'],
    ['a stored test alias', (s) => (s.flows[0].aliases[0].id = 'TSTALIASID'), 'snapshot.flows[0].aliases[0].id'],
    ['a revision of 0', (s) => (s.flows[0].aliases[0].revision = 0), 'snapshot.flows[0].aliases[0].revision'],
    ['a bad concurrency', (s) => (s.flows[0].aliases[0].concurrency.maxConcurrency = 101), 'snapshot.flows[0].aliases[0].concurrency.maxConcurrency'],
    ['a duplicate client token', (s) => s.clientTokens.push(s.clientTokens[0]), 'snapshot.clientTokens[1].key'],
    ['a bad first result', (s) => (s.clientTokens[0].result.kind = 'other'), 'snapshot.clientTokens[0].result.kind'],
  ];

  it.each(broken)('refuses a snapshot with %s, naming the field', async (_, edit, field) => {
    const snapshot = withToken(copy(await (await populated()).snapshot()));
    edit(snapshot);
    expect(() => FlowRegistry.restore(snapshot)).toThrow(expect.objectContaining({ name: 'ValidationException', field }));
  });

  it('refuses what is not a snapshot at all', () => {
    for (const value of [undefined, null, 1, 'snapshot', [], new Map()]) {
      expect(() => FlowRegistry.restore(value)).toThrow(ValidationException);
    }
  });
});
