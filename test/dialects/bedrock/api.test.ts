import { describe, expect, it } from 'vitest';
import { ValidationException, bedrockApi, cloudflowApi } from '../../../test/all-entries.js';
import { T0, testRegistry } from '../../registry/fixtures.js';
import { expectRefused } from '../expect.js';
import { FLOW_ARN, ROLE, TOKEN, bedrockFixture } from './fixtures.js';

describe('Bedrock flows', () => {
  it('creates a flow as a NotPrepared DRAFT and gets it back, with or without its definition', async () => {
    const { api } = await bedrockFixture();
    const definition = { nodes: [{ name: 'FlowInput', type: 'Input', configuration: { input: {} } }] };
    const created = await api.createFlow({ name: 'orders', description: 'd', executionRoleArn: ROLE, definition, tags: { team: 'pay' } });
    expect(created).toEqual({
      name: 'orders',
      description: 'd',
      executionRoleArn: ROLE,
      id: 'ID00000003',
      arn: 'arn:aws:bedrock:us-east-1:123456789012:flow/ID00000003',
      status: 'NotPrepared',
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
      version: 'DRAFT',
      definition,
    });
    expect(await api.getFlow({ flowIdentifier: created.arn })).toEqual(created);
    expect((await api.getFlow({ flowIdentifier: created.id, includedData: 'METADATA_ONLY' })).definition).toBeUndefined();
    expect(await api.prepareFlow({ flowIdentifier: created.id })).toEqual({ id: created.id, status: 'Prepared' });
  });

  it('lists flows in pages of maxResults, ten by default', async () => {
    const { api } = await bedrockFixture();
    for (let i = 0; i < 11; i++) await api.createFlow({ name: `flow${i}`, executionRoleArn: ROLE });
    const first = await api.listFlows();
    expect(first.flowSummaries).toHaveLength(10);
    expect(Object.keys(first.flowSummaries[0] ?? {})).toEqual(['name', 'id', 'arn', 'status', 'createdAt', 'updatedAt', 'version']);
    const second = await api.listFlows({ nextToken: first.nextToken as string });
    expect(second.flowSummaries.map((f) => f.name)).toEqual(['flow9', 'flow10']);
    expect(second.nextToken).toBeUndefined();
    const names = [...first.flowSummaries, ...second.flowSummaries].map((f) => f.name);
    expect(new Set(names).size).toBe(12);
  });

  it('refuses to delete a flow that has aliases unless skipResourceInUseCheck', async () => {
    const f = await bedrockFixture();
    await expectRefused(f.registry, () => f.api.deleteFlow({ flowIdentifier: f.flow.id }), { name: 'ConflictException' });
    expect(await f.api.deleteFlow({ flowIdentifier: f.flow.arn, skipResourceInUseCheck: true })).toEqual({ id: f.flow.id });
    await expectRefused(f.registry, () => f.api.getFlow({ flowIdentifier: f.flow.id }), { name: 'ResourceNotFoundException' });
  });

  it('makes CreateFlow idempotent with clientToken', async () => {
    const { api, registry } = await bedrockFixture();
    const request = { name: 'orders', executionRoleArn: ROLE, clientToken: TOKEN, tags: { a: '1', b: '2' } };
    const first = await api.createFlow(request);
    const before = await registry.snapshot();
    expect(await api.createFlow({ ...request, tags: { b: '2', a: '1' } })).toEqual(first);
    expect(await registry.snapshot()).toStrictEqual(before);
    await expectRefused(registry, () => api.createFlow({ ...request, name: 'other' }), { name: 'ConflictException' });
  });
});

describe('Bedrock versions', () => {
  it('creates numbered versions of the prepared draft and refuses an unprepared one', async () => {
    const f = await bedrockFixture();
    await f.api.updateFlow({ flowIdentifier: f.flow.id, name: 'checkout', executionRoleArn: ROLE, description: 'v3' });
    await expectRefused(f.registry, () => f.api.createFlowVersion({ flowIdentifier: f.flow.id }), { name: 'ConflictException' });
    await f.api.prepareFlow({ flowIdentifier: f.flow.id });
    const version = await f.api.createFlowVersion({ flowIdentifier: f.flow.id, description: 'third' });
    expect(version).toEqual({
      name: 'checkout',
      description: 'third',
      executionRoleArn: ROLE,
      id: f.flow.id,
      arn: FLOW_ARN,
      status: 'Prepared',
      createdAt: new Date(T0),
      version: '3',
    });
    expect(await f.api.getFlowVersion({ flowIdentifier: f.flow.arn, flowVersion: '3' })).toEqual(version);
  });

  it('lists versions oldest first, in pages', async () => {
    const f = await bedrockFixture();
    const first = await f.api.listFlowVersions({ flowIdentifier: f.flow.id, maxResults: 1 });
    expect(first.flowVersionSummaries).toEqual([{ id: f.flow.id, arn: FLOW_ARN, status: 'Prepared', createdAt: new Date(T0), version: '1' }]);
    const second = await f.api.listFlowVersions({ flowIdentifier: f.flow.id, maxResults: 1, nextToken: first.nextToken as string });
    expect(second.flowVersionSummaries.map((v) => v.version)).toEqual(['2']);
    expect(second.nextToken).toBeUndefined();
    await expectRefused(f.registry, () => f.api.listFlowAliases({ flowIdentifier: f.flow.id, nextToken: first.nextToken as string }), {
      field: 'nextToken',
    });
  });

  it('deletes a version nothing routes to, and refuses one an alias routes to even with skipResourceInUseCheck', async () => {
    const f = await bedrockFixture();
    expect(await f.api.deleteFlowVersion({ flowIdentifier: f.flow.id, flowVersion: '2' })).toEqual({ id: f.flow.id, version: '2' });
    await expectRefused(f.registry, () => f.api.deleteFlowVersion({ flowIdentifier: f.flow.id, flowVersion: '1', skipResourceInUseCheck: true }), {
      name: 'ConflictException',
    });
  });

  it('makes CreateFlowVersion idempotent with clientToken', async () => {
    const f = await bedrockFixture();
    const first = await f.api.createFlowVersion({ flowIdentifier: f.flow.id, clientToken: TOKEN });
    expect(await f.api.createFlowVersion({ flowIdentifier: f.flow.arn, clientToken: TOKEN })).toEqual(first);
    expect((await f.api.listFlowVersions({ flowIdentifier: f.flow.id })).flowVersionSummaries).toHaveLength(3);
  });
});

describe('Bedrock aliases', () => {
  it('creates an alias and lists it with the test alias', async () => {
    const f = await bedrockFixture();
    const canary = await f.api.createFlowAlias({
      flowIdentifier: f.flow.arn,
      name: 'canary',
      description: 'd',
      routingConfiguration: [{ flowVersion: '2' }],
      concurrencyConfiguration: { type: 'Automatic' },
      tags: { team: 'pay' },
    });
    expect(canary).toEqual({
      name: 'canary',
      description: 'd',
      routingConfiguration: [{ flowVersion: '2' }],
      concurrencyConfiguration: { type: 'Automatic' },
      flowId: f.flow.id,
      id: 'ID00000003',
      arn: `${FLOW_ARN}/alias/ID00000003`,
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    });
    const list = await f.api.listFlowAliases({ flowIdentifier: f.flow.id });
    expect(list.flowAliasSummaries.map((a) => a.id)).toEqual(['ID00000002', 'ID00000003', 'TSTALIASID']);
    expect(list.flowAliasSummaries[1]).toEqual(canary);
    const page = await f.api.listFlowAliases({ flowIdentifier: f.flow.id, maxResults: 2 });
    const rest = await f.api.listFlowAliases({ flowIdentifier: f.flow.id, maxResults: 2, nextToken: page.nextToken as string });
    expect(rest.flowAliasSummaries.map((a) => a.id)).toEqual(['TSTALIASID']);
  });

  it('refuses a duplicate alias name, and changing or deleting the test alias', async () => {
    const f = await bedrockFixture();
    await expectRefused(f.registry, () => f.api.createFlowAlias({ flowIdentifier: f.flow.id, name: 'live', routingConfiguration: [{ flowVersion: '2' }] }), {
      name: 'ConflictException',
    });
    await expectRefused(
      f.registry,
      () => f.api.updateFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: 'TSTALIASID', name: 'x', routingConfiguration: [{ flowVersion: '1' }] }),
      { name: 'ConflictException' },
    );
    await expectRefused(f.registry, () => f.api.deleteFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: 'TSTALIASID' }), {
      name: 'ConflictException',
    });
  });

  it('makes CreateFlowAlias idempotent with clientToken: same request, same answer; another request, ConflictException', async () => {
    const f = await bedrockFixture();
    const request = { flowIdentifier: f.flow.id, name: 'canary', routingConfiguration: [{ flowVersion: '2' }], clientToken: TOKEN };
    const first = await f.api.createFlowAlias(request);
    f.advance(1000);
    const before = await f.registry.snapshot();
    expect(await f.api.createFlowAlias({ ...request, flowIdentifier: f.flow.arn })).toEqual(first);
    expect(await f.registry.snapshot()).toStrictEqual(before);
    await expectRefused(f.registry, () => f.api.createFlowAlias({ ...request, routingConfiguration: [{ flowVersion: '1' }] }), {
      name: 'ConflictException',
    });
  });

  it('deletes an alias', async () => {
    const f = await bedrockFixture();
    expect(await f.api.deleteFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.arn })).toEqual({ flowId: f.flow.id, id: f.alias.id });
    await expectRefused(f.registry, () => f.api.getFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id }), {
      name: 'ResourceNotFoundException',
    });
  });
});

describe('Bedrock weighted-routing extension', () => {
  it('takes two { flowVersion, weight } items when enabled, and answers them the same way', async () => {
    const f = await bedrockFixture({ weightedRouting: true });
    const routingConfiguration = [
      { flowVersion: '1', weight: 90 },
      { flowVersion: '2', weight: 10 },
    ];
    const response = await f.api.updateFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id, name: 'live', routingConfiguration });
    expect(response.routingConfiguration).toEqual(routingConfiguration);
    expect((await f.registry.getRouting('checkout', 'live')).entries).toEqual([
      { version: '1', weight: 90 },
      { version: '2', weight: 10 },
    ]);
    expect((await f.api.getFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id })).routingConfiguration).toEqual(routingConfiguration);
    const single = await f.api.createFlowAlias({ flowIdentifier: f.flow.id, name: 'one', routingConfiguration: [{ flowVersion: '2', weight: 5 }] });
    expect(single.routingConfiguration).toEqual([{ flowVersion: '2' }]);
  });

  it.each([
    ['a weight missing on one of two items (an SDK stripped it)', [{ flowVersion: '1', weight: 90 }, { flowVersion: '2' }], 'routingConfiguration[1].weight'],
    ['weight -1', [{ flowVersion: '1', weight: -1 }, { flowVersion: '2', weight: 1 }], 'routingConfiguration[0].weight'],
    ['weight 1.5', [{ flowVersion: '1', weight: 1.5 }, { flowVersion: '2', weight: 1 }], 'routingConfiguration[0].weight'],
    ['weight NaN', [{ flowVersion: '1', weight: Number.NaN }, { flowVersion: '2', weight: 1 }], 'routingConfiguration[0].weight'],
    ['weight 2^31', [{ flowVersion: '1', weight: 2 ** 31 }, { flowVersion: '2', weight: 1 }], 'routingConfiguration[0].weight'],
    ['weight 1e300', [{ flowVersion: '1', weight: 1e300 }, { flowVersion: '2', weight: 1 }], 'routingConfiguration[0].weight'],
    ['a weight as a string', [{ flowVersion: '1', weight: '50' }, { flowVersion: '2', weight: 50 }], 'routingConfiguration[0].weight'],
    ['two weights of 0', [{ flowVersion: '1', weight: 0 }, { flowVersion: '2', weight: 0 }], 'routingConfiguration'],
    ['the same version twice', [{ flowVersion: '1', weight: 1 }, { flowVersion: '1', weight: 1 }], 'routingConfiguration[1].flowVersion'],
    ['three items', [{ flowVersion: '1', weight: 1 }, { flowVersion: '2', weight: 1 }, { flowVersion: 'DRAFT', weight: 1 }], 'routingConfiguration'],
  ])('refuses %s', async (_, routingConfiguration, field) => {
    const f = await bedrockFixture({ weightedRouting: true });
    await expectRefused(
      f.registry,
      () => f.api.updateFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id, name: 'live', routingConfiguration: routingConfiguration as never }),
      { name: 'ValidationException', field },
    );
  });

  it('shows the weights of a two-version alias even when the extension is off', async () => {
    const { registry } = await testRegistry();
    const cloudflow = cloudflowApi(registry);
    await cloudflow.createFlow({ Name: 'orders', Definition: 'steps: []' });
    await cloudflow.publishFlowVersion({ FlowName: 'orders' });
    await cloudflow.publishFlowVersion({ FlowName: 'orders' });
    await cloudflow.createFlowAlias({ FlowName: 'orders', Name: 'live', RoutingConfigurations: [{ Version: '1', Weight: 3 }, { Version: '2', Weight: 1 }] });
    const bedrock = bedrockApi(registry);
    const alias = await bedrock.getFlowAlias({ flowIdentifier: 'ID00000001', aliasIdentifier: 'ID00000002' });
    expect(alias.routingConfiguration).toEqual([
      { flowVersion: '1', weight: 3 },
      { flowVersion: '2', weight: 1 },
    ]);
    const flow = await bedrock.getFlow({ flowIdentifier: 'ID00000001' });
    expect(flow.definition).toBeUndefined();
    expect(flow.executionRoleArn).toBeUndefined();
  });

  it('refuses options that are not { weightedRouting: boolean }', async () => {
    const { registry } = await testRegistry();
    expect(() => bedrockApi(registry, { weightedRouting: 'yes' } as never)).toThrow(ValidationException);
    expect(() => bedrockApi(registry, { weighted: true } as never)).toThrow(ValidationException);
    expect(() => bedrockApi({} as never)).toThrow(ValidationException);
  });
});
