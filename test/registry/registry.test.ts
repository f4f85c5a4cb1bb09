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
} from '../../src/index.js';
import { T0, iso, testRegistry } from './fixtures.js';

const ARN = 'arn:aws:bedrock:us-east-1:123456789012:flow';

/** A registry holding flow `checkout` (ID00000001) with versions 1 and 2 and alias `live` (ID00000002) on 1. */
function withAlias() {
  const t = testRegistry();
  const flow = t.registry.createFlow({ name: 'checkout', definition: { nodes: [] } });
  t.registry.createVersion(flow.id);
  t.registry.createVersion(flow.id);
  const alias = t.registry.createAlias(flow.id, { name: 'live', routing: [{ version: '1', weight: 100 }] });
  return { ...t, flow, alias };
}

function changes(registry: FlowRegistry): AliasChange[] {
  const seen: AliasChange[] = [];
  registry.subscribe((change) => seen.push(change));
  return seen;
}

describe('FlowRegistry flows', () => {
  it('creates a flow with a generated ID, the clock time and a NotPrepared draft', () => {
    const { registry } = testRegistry();
    const flow = registry.createFlow({ name: 'checkout', description: 'd', executionRoleArn: 'arn:aws:iam::1:role/r' });
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

  it('finds a flow by ID, ARN or name, and explicitly by { id } or { name }', () => {
    const { registry } = testRegistry();
    const flow = registry.createFlow({ name: 'checkout' });
    for (const ref of ['ID00000001', `${ARN}/ID00000001`, 'checkout', { id: 'ID00000001' }, { name: 'checkout' }]) {
      expect(registry.getFlow(ref)).toBe(flow);
    }
    expect(() => registry.getFlow({ id: 'checkout' })).toThrow(ResourceNotFoundException);
    expect(() => registry.getFlow({ name: 'ID00000001' })).toThrow(ResourceNotFoundException);
  });

  it('never matches an ARN of another region or account, or a malformed one', () => {
    const { registry } = testRegistry();
    registry.createFlow({ name: 'checkout' });
    for (const ref of [
      'arn:aws:bedrock:eu-west-1:123456789012:flow/ID00000001',
      'arn:aws:bedrock:us-east-1:999999999999:flow/ID00000001',
      `${ARN}/ID00000001/`,
      `${ARN}/ID0000000`,
    ]) {
      expect(() => registry.getFlow(ref)).toThrow(expect.objectContaining({ code: 'FlowNotFound', httpStatus: 404 }));
    }
  });

  it('takes region and account from the options', () => {
    const registry = new FlowRegistry({ region: 'eu-central-1', account: '210987654321', generateId: () => 'ABCDEFGHIJ' });
    const flow = registry.createFlow({ name: 'f' });
    expect(registry.flowArn(flow)).toBe('arn:aws:bedrock:eu-central-1:210987654321:flow/ABCDEFGHIJ');
  });

  it('refuses a duplicate name, and a name that is another flow ID, with ConflictException', () => {
    const { registry } = testRegistry();
    registry.createFlow({ name: 'checkout' });
    expect(() => registry.createFlow({ name: 'checkout' })).toThrow(expect.objectContaining({ code: 'FlowAlreadyExists' }));
    expect(() => registry.createFlow({ name: 'ID00000001' })).toThrow(ConflictException);
  });

  it('skips a generated ID that is another flow name', () => {
    const { registry } = testRegistry();
    registry.createFlow({ name: 'ID00000002' });
    expect(registry.createFlow({ name: 'second' }).id).toBe('ID00000003');
  });

  it('updates only the fields given, clears those given as null, and makes the draft NotPrepared', () => {
    const t = testRegistry();
    const flow = t.registry.createFlow({ name: 'checkout', description: 'd', definition: 'steps: []' });
    t.registry.prepareFlow(flow.id);
    t.advance(1000);
    const updated = t.registry.updateFlow(flow.id, { description: null, executionRoleArn: 'role' });
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

  it('notifies every alias, the test alias included, when a flow is renamed', () => {
    const { registry, flow, alias } = withAlias();
    const seen = changes(registry);
    registry.updateFlow(flow.id, { description: 'no rename' });
    expect(seen).toEqual([]);
    registry.updateFlow(flow.id, { name: 'payments' });
    expect(seen).toEqual([
      { kind: 'updated', identity: `${ARN}/${flow.id}/alias/${TEST_ALIAS_ID}` },
      { kind: 'updated', identity: `${ARN}/${flow.id}/alias/${alias.id}` },
    ]);
    expect(() => registry.getFlow('checkout')).toThrow(ResourceNotFoundException);
    expect(registry.getRouting('payments', 'live').entries).toEqual([{ version: '1', weight: 100 }]);
  });

  it('changes nothing when a multi-field update fails on its last field', () => {
    const { registry, flow } = withAlias();
    const before = registry.snapshot();
    expect(() =>
      registry.updateFlow(flow.id, { name: 'renamed', description: 'new', customerEncryptionKeyArn: 'x'.repeat(2049) }),
    ).toThrow(expect.objectContaining({ field: 'customerEncryptionKeyArn' }));
    expect(registry.snapshot()).toStrictEqual(before);
  });

  it('prepares the draft', () => {
    const { registry } = testRegistry();
    const flow = registry.createFlow({ name: 'f' });
    expect(registry.prepareFlow(flow.id).status).toBe('Prepared');
    expect(registry.getFlow(flow.id).status).toBe('Prepared');
  });

  it('refuses to delete a flow with aliases unless forced, then notifies every alias', () => {
    const { registry, flow, alias } = withAlias();
    expect(() => registry.deleteFlow(flow.id)).toThrow(expect.objectContaining({ code: 'FlowInUse', httpStatus: 409 }));
    const seen = changes(registry);
    registry.deleteFlow(flow.id, { force: true });
    expect(seen.map((c) => c.kind)).toEqual(['deleted', 'deleted']);
    expect(seen.map((c) => c.identity)).toContain(`${ARN}/${flow.id}/alias/${alias.id}`);
    expect(() => registry.getRouting('checkout', 'live')).toThrow(ResourceNotFoundException);
    expect(registry.listFlows()).toEqual([]);
  });

  it('lists flows by ID', () => {
    const { registry } = testRegistry({ generateId: (() => { const ids = ['BBBBBBBBBB', 'AAAAAAAAAA']; return () => ids.shift() ?? 'CCCCCCCCCC'; })() });
    registry.createFlow({ name: 'first' });
    registry.createFlow({ name: 'second' });
    expect(registry.listFlows().map((f) => f.name)).toEqual(['second', 'first']);
  });

  it('raises ServiceQuotaExceededException past maxFlows', () => {
    const { registry } = testRegistry({ quotas: { maxFlows: 1 } });
    registry.createFlow({ name: 'one' });
    expect(() => registry.createFlow({ name: 'two' })).toThrow(ServiceQuotaExceededException);
  });
});

describe('FlowRegistry versions', () => {
  it('numbers versions from 1, snapshots the draft, and never reuses a number', () => {
    const t = testRegistry();
    const flow = t.registry.createFlow({ name: 'f', definition: { v: 1 }, executionRoleArn: 'role' });
    const one = t.registry.createVersion(flow.id, { description: 'first' });
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
    t.registry.updateFlow(flow.id, { definition: { v: 2 } });
    expect(t.registry.createVersion(flow.id).definition).toEqual({ v: 2 });
    expect(t.registry.getVersion(flow.id, '1').definition).toEqual({ v: 1 });
    t.registry.deleteVersion(flow.id, '2');
    expect(t.registry.createVersion(flow.id).version).toBe('3');
    expect(t.registry.listVersions(flow.id).map((v) => v.version)).toEqual(['1', '3']);
  });

  it('refuses an unprepared draft when asked to, with ConflictException', () => {
    const { registry } = testRegistry();
    const flow = registry.createFlow({ name: 'f' });
    expect(() => registry.createVersion(flow.id, { requirePrepared: true })).toThrow(
      expect.objectContaining({ code: 'FlowNotPrepared' }),
    );
    registry.prepareFlow(flow.id);
    expect(registry.createVersion(flow.id, { requirePrepared: true }).status).toBe('Prepared');
  });

  it('refuses to delete a version an alias routes to, even at weight 0', () => {
    const { registry, flow, alias } = withAlias();
    registry.updateAlias(flow.id, alias.id, {
      routing: [
        { version: '1', weight: 100 },
        { version: '2', weight: 0 },
      ],
    });
    expect(() => registry.deleteVersion(flow.id, '2')).toThrow(expect.objectContaining({ code: 'VersionInUse' }));
    expect(() => registry.deleteVersion(flow.id, 'DRAFT')).toThrow(ValidationException);
    expect(() => registry.getVersion(flow.id, '9')).toThrow(expect.objectContaining({ code: 'VersionNotFound' }));
  });

  it('raises ServiceQuotaExceededException past maxVersionsPerFlow', () => {
    const { registry } = testRegistry({ quotas: { maxVersionsPerFlow: 1 } });
    const flow = registry.createFlow({ name: 'f' });
    registry.createVersion(flow.id);
    expect(() => registry.createVersion(flow.id)).toThrow(ServiceQuotaExceededException);
  });
});

describe('FlowRegistry aliases', () => {
  it('creates an alias at revision 1 and routes by ID, ARN or name', () => {
    const { registry, flow, alias } = withAlias();
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
      expect(registry.getRouting(f, a)).toEqual(expected);
    }
  });

  it('never matches an alias ARN of another flow', () => {
    const { registry, alias } = withAlias();
    const other = registry.createFlow({ name: 'other' });
    expect(() => registry.getRouting(other.id, `${ARN}/ID00000001/alias/${alias.id}`)).toThrow(
      expect.objectContaining({ code: 'AliasNotFound' }),
    );
  });

  it('has a read-only test alias TSTALIASID routing to DRAFT', () => {
    const { registry, flow } = withAlias();
    expect(registry.getRouting('checkout', TEST_ALIAS_ID)).toEqual({
      entries: [{ version: 'DRAFT', weight: 100 }],
      revision: 1,
      identity: `${ARN}/${flow.id}/alias/${TEST_ALIAS_ID}`,
    });
    expect(registry.listAliases(flow.id).map((a) => a.id)).toEqual(['ID00000002']);
    expect(registry.listAliases(flow.id, { includeTestAlias: true }).map((a) => a.id)).toEqual(['ID00000002', TEST_ALIAS_ID]);
    expect(() => registry.updateAlias(flow.id, TEST_ALIAS_ID, { name: 'x' })).toThrow(
      expect.objectContaining({ code: 'TestAliasReadOnly', httpStatus: 409 }),
    );
    expect(() => registry.deleteAlias(flow.id, TEST_ALIAS_ID)).toThrow(ConflictException);
    expect(() => registry.createAlias(flow.id, { name: TEST_ALIAS_ID, routing: [{ version: 'DRAFT', weight: 1 }] })).toThrow(
      expect.objectContaining({ code: 'AliasAlreadyExists' }),
    );
  });

  it('refuses a duplicate alias name, and a name that is another alias ID', () => {
    const { registry, flow } = withAlias();
    const routing = [{ version: '1', weight: 1 }];
    expect(() => registry.createAlias(flow.id, { name: 'live', routing })).toThrow(ConflictException);
    expect(() => registry.createAlias(flow.id, { name: 'ID00000002', routing })).toThrow(ConflictException);
    registry.createAlias(flow.id, { name: 'canary', routing });
    expect(() => registry.updateAlias(flow.id, 'canary', { name: 'live' })).toThrow(ConflictException);
  });

  it('names the routing entry at fault, in the caller labels when given', () => {
    const { registry, flow } = withAlias();
    expect(() => registry.createAlias(flow.id, { name: 'a', routing: [{ version: '7', weight: 1 }] })).toThrow(
      expect.objectContaining({ field: 'routing[0].version', code: 'VersionNotFound' }),
    );
    expect(() =>
      registry.createAlias(
        flow.id,
        { name: 'a', routing: [{ version: '1', weight: 1 }, { version: '7', weight: 1 }] },
        { labels: { list: 'RoutingConfigurations', version: 'Version', weight: 'Weight' } },
      ),
    ).toThrow(expect.objectContaining({ field: 'RoutingConfigurations[1].Version' }));
    expect(() => registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: -1 }] })).toThrow(
      expect.objectContaining({ field: 'routing[0].weight' }),
    );
  });

  it('raises ServiceQuotaExceededException past maxRoutingEntries and maxAliasesPerFlow', () => {
    const { registry, flow } = withAlias();
    registry.createVersion(flow.id);
    const three = [
      { version: '1', weight: 1 },
      { version: '2', weight: 1 },
      { version: '3', weight: 1 },
    ];
    expect(() => registry.createAlias(flow.id, { name: 'a', routing: three })).toThrow(
      expect.objectContaining({ code: 'RoutingEntryQuotaExceeded', httpStatus: 402 }),
    );
    const small = testRegistry({ quotas: { maxAliasesPerFlow: 1 } }).registry;
    const f = small.createFlow({ name: 'f' });
    small.createAlias(f.id, { name: 'a', routing: [{ version: 'DRAFT', weight: 1 }] });
    expect(() => small.createAlias(f.id, { name: 'b', routing: [{ version: 'DRAFT', weight: 1 }] })).toThrow(
      expect.objectContaining({ code: 'AliasQuotaExceeded' }),
    );
  });

  it('updates the fields given, bumps the revision and notifies after the change', () => {
    const t = withAlias();
    const seen: unknown[] = [];
    t.registry.subscribe((change) => seen.push([change, t.registry.getRouting('checkout', 'live').entries]));
    t.advance(5);
    const updated = t.registry.updateAlias('checkout', 'live', { description: 'canary', routing: [{ version: '2', weight: 1 }] });
    expect(updated).toMatchObject({ description: 'canary', revision: 2, updatedAt: iso(T0 + 5), createdAt: iso(T0) });
    expect(seen).toEqual([[{ kind: 'updated', identity: t.registry.aliasArn(updated) }, [{ version: '2', weight: 1 }]]]);
    expect(t.registry.updateAlias('checkout', 'live', { description: null }).description).toBeUndefined();
  });

  it('deletes an alias and notifies', () => {
    const { registry, alias } = withAlias();
    const seen = changes(registry);
    registry.deleteAlias('checkout', 'live');
    expect(seen).toEqual([{ kind: 'deleted', identity: registry.aliasArn(alias) }]);
    expect(() => registry.getRouting('checkout', 'live')).toThrow(ResourceNotFoundException);
  });
});

describe('FlowRegistry change events', () => {
  it('announces the test alias of a new flow, so a router forgets that it was missing', () => {
    const { registry } = testRegistry();
    const seen = changes(registry);
    registry.createFlow({ name: 'f' });
    expect(seen).toEqual([{ kind: 'created', identity: `${ARN}/ID00000001/alias/${TEST_ALIAS_ID}` }]);
  });

  it('does not let a throwing listener fail a committed call, reports it to onListenerError, and stops after unsubscribe', () => {
    const reported: unknown[] = [];
    const { registry } = testRegistry({ onListenerError: (error) => reported.push(error) });
    const seen: AliasChange[] = [];
    const bug = new Error('listener bug');
    registry.subscribe(() => {
      throw bug;
    });
    const unsubscribe = registry.subscribe((change) => seen.push(change));
    expect(registry.createFlow({ name: 'f' }).name).toBe('f');
    expect(reported).toEqual([bug]);
    unsubscribe();
    registry.createFlow({ name: 'g' });
    expect(seen).toHaveLength(1);
  });
});

describe('FlowRegistry clientToken', () => {
  const token = (fingerprint: string) => ({ clientToken: { key: 'CreateFlowAlias:tok', fingerprint } });

  it('replays the first result for the same token and request, changing nothing', () => {
    const { registry, flow } = withAlias();
    const first = registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: 1 }] }, token('req'));
    registry.updateAlias(flow.id, first.id, { description: 'changed since' });
    const before = registry.snapshot();
    expect(registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: 1 }] }, token('req'))).toBe(first);
    expect(registry.snapshot()).toStrictEqual(before);
  });

  it('refuses the same token with another request', () => {
    const { registry, flow } = withAlias();
    registry.createAlias(flow.id, { name: 'a', routing: [{ version: '1', weight: 1 }] }, token('req'));
    expect(() => registry.createAlias(flow.id, { name: 'b', routing: [{ version: '1', weight: 1 }] }, token('other'))).toThrow(
      expect.objectContaining({ code: 'IdempotencyConflict', httpStatus: 409 }),
    );
  });

  it('forgets the oldest token past maxClientTokens', () => {
    const { registry } = testRegistry({ maxClientTokens: 1 });
    registry.createFlow({ name: 'a' }, { clientToken: { key: 'k1', fingerprint: 'a' } });
    registry.createFlow({ name: 'b' }, { clientToken: { key: 'k2', fingerprint: 'b' } });
    expect(registry.usage().clientTokens).toBe(1);
    expect(() => registry.createFlow({ name: 'a' }, { clientToken: { key: 'k1', fingerprint: 'a' } })).toThrow(ConflictException);
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

  it('reports a failing clock or ID generator as InternalServerException and changes nothing', () => {
    const broken = [
      new FlowRegistry({
        wallClock: () => {
          throw new Error('no clock');
        },
      }),
      new FlowRegistry({ wallClock: () => Number.NaN }),
      new FlowRegistry({ generateId: () => 'short' }),
      new FlowRegistry({ generateId: () => 'SAMEIDSAME' }),
    ];
    broken[3]?.createFlow({ name: 'first' });
    for (const registry of broken) {
      const before = registry.snapshot();
      expect(() => registry.createFlow({ name: 'second' })).toThrow(InternalServerException);
      expect(registry.snapshot()).toStrictEqual(before);
    }
  });

  it('answers unreadable or hostile input with ValidationException, never a TypeError', () => {
    const { registry } = testRegistry();
    const getter = Object.defineProperty({}, 'name', {
      enumerable: true,
      get() {
        throw new TypeError('boom');
      },
    });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const input of [null, 'name', [], getter, revoked.proxy, JSON.parse('{"name":"a","__proto__":{"x":1}}'), { name: 'a', constructor: 1 }]) {
      expect(() => registry.createFlow(input as never)).toThrow(ValidationException);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(() => registry.getRouting(1 as never, 'a')).toThrow(ValidationException);
    expect(() => registry.getFlow({ id: 'a', name: 'b' } as never)).toThrow(ValidationException);
    expect(registry.snapshot().flows).toEqual([]);
  });
});
