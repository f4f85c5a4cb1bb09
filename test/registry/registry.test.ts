import { describe, expect, it } from 'vitest';
import {
  ConflictException,
  FlowRegistry,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TEST_ALIAS_ID,
  ValidationException,
  type AliasChange,
} from '../../test/all-entries.js';
import { T0, expectSameRecord, failureOf, iso, makeRegistry, testRegistry, type AnyRegistry } from './fixtures.js';

const ARN = 'arn:aws:bedrock:us-east-1:123456789012:flow';

/** A registry holding flow `checkout` (ID00000001) with versions 1 and 2 and alias `live` (ID00000002) on 1. */
async function withAlias() {
  const t = await testRegistry();
  const flow = await t.registry.createFlow({ name: 'checkout', definition: { nodes: [] } });
  await t.registry.createVersion(flow.id);
  await t.registry.createVersion(flow.id);
  const alias = await t.registry.createAlias(flow.id, { name: 'live', routing: [{ version: '1', weight: 100 }] });
  return { ...t, flow, alias };
}

function changes(registry: AnyRegistry): AliasChange[] {
  const seen: AliasChange[] = [];
  registry.subscribe((change) => seen.push(change));
  return seen;
}

describe('FlowRegistry flows', () => {
  it('creates a flow with a generated ID, the clock time and a NotPrepared draft', async () => {
    const { registry } = await testRegistry();
    const flow = await registry.createFlow({ name: 'checkout', description: 'd', executionRoleArn: 'arn:aws:iam::1:role/r' });
    expect(flow).toEqual({
      id: 'ID00000001',
      name: 'checkout',
      description: 'd',
      executionRoleArn: 'arn:aws:iam::1:role/r',
      status: 'NotPrepared',
      tags: {},
      createdAt: iso(T0),
      updatedAt: iso(T0),
    });
    expect(Object.isFrozen(flow)).toBe(true);
    expect(registry.flowArn(flow)).toBe(`${ARN}/ID00000001`);
  });

  it('finds a flow by ID, ARN or name, and explicitly by { id } or { name }', async () => {
    const { registry } = await testRegistry();
    const flow = await registry.createFlow({ name: 'checkout' });
    for (const ref of ['ID00000001', `${ARN}/ID00000001`, 'checkout', { id: 'ID00000001' }, { name: 'checkout' }]) {
      expectSameRecord(await registry.getFlow(ref), flow);
    }
    expect(await failureOf(() => registry.getFlow({ id: 'checkout' }))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failureOf(() => registry.getFlow({ name: 'ID00000001' }))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('never matches an ARN of another region or account, or a malformed one', async () => {
    const { registry } = await testRegistry();
    await registry.createFlow({ name: 'checkout' });
    for (const ref of [
      'arn:aws:bedrock:eu-west-1:123456789012:flow/ID00000001',
      'arn:aws:bedrock:us-east-1:999999999999:flow/ID00000001',
      `${ARN}/ID00000001/`,
      `${ARN}/ID0000000`,
    ]) {
      expect(await failureOf(() => registry.getFlow(ref))).toMatchObject({ code: 'FlowNotFound', httpStatus: 404 });
    }
  });

  it('takes region and account from the options', async () => {
    const registry = await makeRegistry({ region: 'eu-central-1', account: '210987654321', generateId: () => 'ABCDEFGHIJ' });
    const flow = await registry.createFlow({ name: 'f' });
    expect(registry.flowArn(flow)).toBe('arn:aws:bedrock:eu-central-1:210987654321:flow/ABCDEFGHIJ');
  });

  it('refuses a duplicate name, and a name that is another flow ID, with ConflictException', async () => {
    const { registry } = await testRegistry();
    await registry.createFlow({ name: 'checkout' });
    expect(await failureOf(() => registry.createFlow({ name: 'checkout' }))).toMatchObject({ code: 'FlowAlreadyExists' });
    expect(await failureOf(() => registry.createFlow({ name: 'ID00000001' }))).toBeInstanceOf(ConflictException);
  });

  it('skips a generated ID that is another flow name', async () => {
    const { registry } = await testRegistry();
    await registry.createFlow({ name: 'ID00000002' });
    expect((await registry.createFlow({ name: 'second' })).id).toBe('ID00000003');
  });

  it('updates only the fields given, clears those given as null, and makes the draft NotPrepared', async () => {
    const t = await testRegistry();
    const flow = await t.registry.createFlow({ name: 'checkout', description: 'd', definition: 'steps: []' });
    await t.registry.prepareFlow(flow.id);
    t.advance(1000);
    const updated = await t.registry.updateFlow(flow.id, { description: null, executionRoleArn: 'role' });
    expect(updated).toEqual({
      id: flow.id,
      name: 'checkout',
      definition: 'steps: []',
      executionRoleArn: 'role',
      status: 'NotPrepared',
      tags: {},
      createdAt: iso(T0),
      updatedAt: iso(T0 + 1000),
    });
  });

  it('notifies every alias, the test alias included, when a flow is renamed', async () => {
    const { registry, flow, alias } = await withAlias();
    const seen = changes(registry);
    await registry.updateFlow(flow.id, { description: 'no rename' });
    expect(seen).toEqual([]);
    await registry.updateFlow(flow.id, { name: 'payments' });
    expect(seen).toEqual([
      { kind: 'updated', identity: `${ARN}/${flow.id}/alias/${TEST_ALIAS_ID}` },
      { kind: 'updated', identity: `${ARN}/${flow.id}/alias/${alias.id}` },
    ]);
    expect(await failureOf(() => registry.getFlow('checkout'))).toBeInstanceOf(ResourceNotFoundException);
    expect((await registry.getRouting('payments', 'live')).entries).toEqual([{ version: '1', weight: 100 }]);
  });

  it('changes nothing when a multi-field update fails on its last field', async () => {
    const { registry, flow } = await withAlias();
    const before = await registry.snapshot();
    expect(await failureOf(() =>
      registry.updateFlow(flow.id, { name: 'renamed', description: 'new', customerEncryptionKeyArn: 'x'.repeat(2049) }),
    )).toMatchObject({ field: 'customerEncryptionKeyArn' });
    expect(await registry.snapshot()).toStrictEqual(before);
  });

  it('prepares the draft', async () => {
    const { registry } = await testRegistry();
    const flow = await registry.createFlow({ name: 'f' });
    expect((await registry.prepareFlow(flow.id)).status).toBe('Prepared');
    expect((await registry.getFlow(flow.id)).status).toBe('Prepared');
  });

  it('refuses to delete a flow with aliases unless forced, then notifies every alias', async () => {
    const { registry, flow, alias } = await withAlias();
    expect(await failureOf(() => registry.deleteFlow(flow.id))).toMatchObject({ code: 'FlowInUse', httpStatus: 409 });
    const seen = changes(registry);
    await registry.deleteFlow(flow.id, { force: true });
    expect(seen.map((c) => c.kind)).toEqual(['deleted', 'deleted']);
    expect(seen.map((c) => c.identity)).toContain(`${ARN}/${flow.id}/alias/${alias.id}`);
    expect(await failureOf(() => registry.getRouting('checkout', 'live'))).toBeInstanceOf(ResourceNotFoundException);
    expect(await registry.listFlows()).toEqual([]);
  });

  it('lists flows by ID', async () => {
    const { registry } = await testRegistry({ generateId: (() => { const ids = ['BBBBBBBBBB', 'AAAAAAAAAA']; return () => ids.shift() ?? 'CCCCCCCCCC'; })() });
    await registry.createFlow({ name: 'first' });
    await registry.createFlow({ name: 'second' });
    expect((await registry.listFlows()).map((f) => f.name)).toEqual(['second', 'first']);
  });

  it('raises ServiceQuotaExceededException past maxFlows', async () => {
    const { registry } = await testRegistry({ quotas: { maxFlows: 1 } });
    await registry.createFlow({ name: 'one' });
    expect(await failureOf(() => registry.createFlow({ name: 'two' }))).toBeInstanceOf(ServiceQuotaExceededException);
  });
});

describe('FlowRegistry versions', () => {
  it('numbers versions from 1, snapshots the draft, and never reuses a number', async () => {
    const t = await testRegistry();
    const flow = await t.registry.createFlow({ name: 'f', definition: { v: 1 }, executionRoleArn: 'role' });
    const one = await t.registry.createVersion(flow.id, { description: 'first' });
    expect(one).toEqual({
      flowId: flow.id,
      version: '1',
      name: 'f',
      description: 'first',
      definition: { v: 1 },
      executionRoleArn: 'role',
      status: 'NotPrepared',
      createdAt: iso(T0),
    });
    await t.registry.updateFlow(flow.id, { definition: { v: 2 } });
    expect((await t.registry.createVersion(flow.id)).definition).toEqual({ v: 2 });
    expect((await t.registry.getVersion(flow.id, '1')).definition).toEqual({ v: 1 });
    await t.registry.deleteVersion(flow.id, '2');
    expect((await t.registry.createVersion(flow.id)).version).toBe('3');
    expect((await t.registry.listVersions(flow.id)).map((v) => v.version)).toEqual(['1', '3']);
  });

  it('refuses an unprepared draft when asked to, with ConflictException', async () => {
    const { registry } = await testRegistry();
    const flow = await registry.createFlow({ name: 'f' });
    expect(await failureOf(() => registry.createVersion(flow.id, { requirePrepared: true }))).toMatchObject({ code: 'FlowNotPrepared' });
    await registry.prepareFlow(flow.id);
    expect((await registry.createVersion(flow.id, { requirePrepared: true })).status).toBe('Prepared');
  });

  it('refuses to delete a version an alias routes to, even at weight 0', async () => {
    const { registry, flow, alias } = await withAlias();
    await registry.updateAlias(flow.id, alias.id, {
      routing: [
        { version: '1', weight: 100 },
        { version: '2', weight: 0 },
      ],
    });
    expect(await failureOf(() => registry.deleteVersion(flow.id, '2'))).toMatchObject({ code: 'VersionInUse' });
    expect(await failureOf(() => registry.deleteVersion(flow.id, 'DRAFT'))).toBeInstanceOf(ValidationException);
    expect(await failureOf(() => registry.getVersion(flow.id, '9'))).toMatchObject({ code: 'VersionNotFound' });
  });

  it('raises ServiceQuotaExceededException past maxVersionsPerFlow', async () => {
    const { registry } = await testRegistry({ quotas: { maxVersionsPerFlow: 1 } });
    const flow = await registry.createFlow({ name: 'f' });
    await registry.createVersion(flow.id);
    expect(await failureOf(() => registry.createVersion(flow.id))).toBeInstanceOf(ServiceQuotaExceededException);
  });
});

describe('FlowRegistry aliases', () => {
  it('creates an alias at revision 1 and routes by ID, ARN or name', async () => {
    const { registry, flow, alias } = await withAlias();
    expect(alias).toEqual({
      flowId: flow.id,
      id: 'ID00000002',
      name: 'live',
      routing: [{ version: '1', weight: 100 }],
      tags: {},
      createdAt: iso(T0),
      updatedAt: iso(T0),
      revision: 1,
    });
    const arn = `${ARN}/${flow.id}/alias/${alias.id}`;
    const expected = { entries: [{ version: '1', weight: 100 }], revision: 1, identity: arn };
    for (const [f, a] of [
      ['checkout', 'live'],
      [flow.id, alias.id],
      [`${ARN}/${flow.id}`, arn],
    ] as const) {
      expect(await registry.getRouting(f, a)).toEqual(expected);
    }
  });

  it('never matches an alias ARN of another flow', async () => {
    const { registry, alias } = await withAlias();
    const other = await registry.createFlow({ name: 'other' });
    expect(await failureOf(() => registry.getRouting(other.id, `${ARN}/ID00000001/alias/${alias.id}`))).toMatchObject({ code: 'AliasNotFound' });
  });

  it('has a read-only test alias TSTALIASID routing to DRAFT', async () => {
    const { registry, flow } = await withAlias();
    expect(await registry.getRouting('checkout', TEST_ALIAS_ID)).toEqual({
      entries: [{ version: 'DRAFT', weight: 100 }],
      revision: 1,
      identity: `${ARN}/${flow.id}/alias/${TEST_ALIAS_ID}`,
    });
    expect((await registry.listAliases(flow.id)).map((a) => a.id)).toEqual(['ID00000002']);
    expect((await registry.listAliases(flow.id, { includeTestAlias: true })).map((a) => a.id)).toEqual(['ID00000002', TEST_ALIAS_ID]);
    expect(await failureOf(() => registry.updateAlias(flow.id, TEST_ALIAS_ID, { name: 'x' }))).toMatchObject({ code: 'TestAliasReadOnly', httpStatus: 409 });
    expect(await failureOf(() => registry.deleteAlias(flow.id, TEST_ALIAS_ID))).toBeInstanceOf(ConflictException);
    expect(await failureOf(() => registry.createAlias(flow.id, { name: TEST_ALIAS_ID, routing: [{ version: 'DRAFT', weight: 1 }] }))).toMatchObject({ code: 'AliasAlreadyExists' });
  });

  it('refuses a duplicate alias name, and a name that is another alias ID', async () => {
    const { registry, flow } = await withAlias();
    const routing = [{ version: '1', weight: 1 }];
    expect(await failureOf(() => registry.createAlias(flow.id, { name: 'live', routing }))).toBeInstanceOf(ConflictException);
    expect(await failureOf(() => registry.createAlias(flow.id, { name: 'ID00000002', routing }))).toBeInstanceOf(ConflictException);
    await registry.createAlias(flow.id, { name: 'canary', routing });
    expect(await failureOf(() => registry.updateAlias(flow.id, 'canary', { name: 'live' }))).toBeInstanceOf(ConflictException);
  });

  it('names the routing entry at fault, in the caller labels when given', async () => {
    const { registry, flow } = await withAlias();
    expect(await failureOf(() => registry.createAlias(flow.id, { name: 'a', routing: [{ version: '7', weight: 1 }] }))).toMatchObject({ field: 'routing[0].version', code: 'VersionNotFound' });
    expect(await failureOf(() =>
      registry.createAlias(
        flow.id,
        { name: 'a', routing: [{ version: '1', weight: 1 }, { version: '7', weight: 1 }] },
        { labels: { list: 'RoutingConfigurations', version: 'Version', weight: 'Weight' } },
      ),
    )).toMatchObject({ field: 'RoutingConfigurations[1].Version' });
    expect(await failureOf(() => registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: -1 }] }))).toMatchObject({ field: 'routing[0].weight' });
  });

  it('raises ServiceQuotaExceededException past maxRoutingEntries and maxAliasesPerFlow', async () => {
    const { registry, flow } = await withAlias();
    await registry.createVersion(flow.id);
    const three = [
      { version: '1', weight: 1 },
      { version: '2', weight: 1 },
      { version: '3', weight: 1 },
    ];
    expect(await failureOf(() => registry.createAlias(flow.id, { name: 'a', routing: three }))).toMatchObject({ code: 'RoutingEntryQuotaExceeded', httpStatus: 402 });
    const small = (await testRegistry({ quotas: { maxAliasesPerFlow: 1 } })).registry;
    const f = await small.createFlow({ name: 'f' });
    await small.createAlias(f.id, { name: 'a', routing: [{ version: 'DRAFT', weight: 1 }] });
    expect(await failureOf(() => small.createAlias(f.id, { name: 'b', routing: [{ version: 'DRAFT', weight: 1 }] }))).toMatchObject({ code: 'AliasQuotaExceeded' });
  });

  it('updates the fields given, bumps the revision and notifies after the change', async () => {
    const t = await withAlias();
    // The listener reads the alias when it is told: the read starts after the commit, on any store.
    const seen: Array<[AliasChange, ReturnType<AnyRegistry['getRouting']>]> = [];
    t.registry.subscribe((change) => seen.push([change, t.registry.getRouting('checkout', 'live')]));
    t.advance(5);
    const updated = await t.registry.updateAlias('checkout', 'live', { description: 'canary', routing: [{ version: '2', weight: 1 }] });
    expect(updated).toMatchObject({ description: 'canary', revision: 2, updatedAt: iso(T0 + 5), createdAt: iso(T0) });
    const observed = await Promise.all(seen.map(async ([change, routing]) => [change, (await routing).entries]));
    expect(observed).toEqual([[{ kind: 'updated', identity: t.registry.aliasArn(updated) }, [{ version: '2', weight: 1 }]]]);
    expect((await t.registry.updateAlias('checkout', 'live', { description: null })).description).toBeUndefined();
  });

  it('deletes an alias and notifies', async () => {
    const { registry, alias } = await withAlias();
    const seen = changes(registry);
    await registry.deleteAlias('checkout', 'live');
    expect(seen).toEqual([{ kind: 'deleted', identity: registry.aliasArn(alias) }]);
    expect(await failureOf(() => registry.getRouting('checkout', 'live'))).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('FlowRegistry change events', () => {
  it('announces the test alias of a new flow, so a router forgets that it was missing', async () => {
    const { registry } = await testRegistry();
    const seen = changes(registry);
    await registry.createFlow({ name: 'f' });
    expect(seen).toEqual([{ kind: 'created', identity: `${ARN}/ID00000001/alias/${TEST_ALIAS_ID}` }]);
  });

  it('does not let a throwing listener fail a committed call, reports it to onListenerError, and stops after unsubscribe', async () => {
    const reported: unknown[] = [];
    const { registry } = await testRegistry({ onListenerError: (error) => reported.push(error) });
    const seen: AliasChange[] = [];
    const bug = new Error('listener bug');
    registry.subscribe(() => {
      throw bug;
    });
    const unsubscribe = registry.subscribe((change) => seen.push(change));
    expect((await registry.createFlow({ name: 'f' })).name).toBe('f');
    expect(reported).toEqual([bug]);
    unsubscribe();
    await registry.createFlow({ name: 'g' });
    expect(seen).toHaveLength(1);
  });
});

describe('FlowRegistry clientToken', () => {
  const token = (fingerprint: string) => ({ clientToken: { key: 'CreateFlowAlias:tok', fingerprint } });

  it('replays the first result for the same token and request, changing nothing', async () => {
    const { registry, flow } = await withAlias();
    const first = await registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: 1 }] }, token('req'));
    await registry.updateAlias(flow.id, first.id, { description: 'changed since' });
    const before = await registry.snapshot();
    expectSameRecord(await registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: 1 }] }, token('req')), first);
    expect(await registry.snapshot()).toStrictEqual(before);
  });

  it('refuses the same token with another request', async () => {
    const { registry, flow } = await withAlias();
    await registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: 1 }] }, token('req'));
    expect(await failureOf(() => registry.createAlias(flow.id, { name: 'b', routing: [{ version: '1', weight: 1 }] }, token('other')))).toMatchObject({ code: 'IdempotencyConflict', httpStatus: 409 });
  });

  it('forgets the oldest token past maxClientTokens', async () => {
    const { registry } = await testRegistry({ maxClientTokens: 1 });
    await registry.createFlow({ name: 'a' }, { clientToken: { key: 'k1', fingerprint: 'a' } });
    await registry.createFlow({ name: 'b' }, { clientToken: { key: 'k2', fingerprint: 'b' } });
    expect((await registry.usage()).clientTokens).toBe(1);
    expect(await failureOf(() => registry.createFlow({ name: 'a' }, { clientToken: { key: 'k1', fingerprint: 'a' } }))).toBeInstanceOf(ConflictException);
  });
});

describe('FlowRegistry options and bad input', () => {
  it.each([
    [{ region: 'US-EAST-1' }, 'region'],
    [{ region: 'a'.repeat(21) }, 'region'],
    [{ account: '12345678901' }, 'account'],
    [{ wallClock: 5 }, 'wallClock'],
    [{ generateId: 'x' }, 'generateId'],
    [{ onListenerError: 'log' }, 'onListenerError'],
    [{ quotas: { maxFlows: 0 } }, 'quotas.maxFlows'],
    [{ quotas: { maxRoutingEntries: 1001 } }, 'quotas.maxRoutingEntries'],
    [{ maxClientTokens: -1 }, 'maxClientTokens'],
  ])('refuses option %j', (options, field) => {
    expect(() => new FlowRegistry(options as never)).toThrow(expect.objectContaining({ field }));
  });

  it('reports a failing clock or ID generator as InternalServerException and changes nothing', async () => {
    const broken = await Promise.all([
      makeRegistry({
        wallClock: () => {
          throw new Error('no clock');
        },
      }),
      makeRegistry({ wallClock: () => Number.NaN }),
      makeRegistry({ generateId: () => 'short' }),
      makeRegistry({ generateId: () => 'SAMEIDSAME' }),
    ]);
    await broken[3]?.createFlow({ name: 'first' });
    for (const registry of broken) {
      const before = await registry.snapshot();
      expect(await failureOf(() => registry.createFlow({ name: 'second' }))).toBeInstanceOf(InternalServerException);
      expect(await registry.snapshot()).toStrictEqual(before);
    }
  });

  it('answers unreadable or hostile input with ValidationException, never a TypeError', async () => {
    const { registry } = await testRegistry();
    const getter = Object.defineProperty({}, 'name', {
      enumerable: true,
      get() {
        throw new TypeError('boom');
      },
    });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const input of [null, 'name', [], getter, revoked.proxy, JSON.parse('{"name":"a","__proto__":{"x":1}}'), { name: 'a', constructor: 1 }]) {
      expect(await failureOf(() => registry.createFlow(input as never))).toBeInstanceOf(ValidationException);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await failureOf(() => registry.getRouting(1 as never, 'a'))).toBeInstanceOf(ValidationException);
    expect(await failureOf(() => registry.getFlow({ id: 'a', name: 'b' } as never))).toBeInstanceOf(ValidationException);
    expect((await registry.snapshot()).flows).toEqual([]);
  });
});
