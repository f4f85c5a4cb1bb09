import { describe, expect, it } from 'vitest';
import { ValidationException, bedrockApi, cloudflowApi } from '../../../test/all-entries.js';
import { testRegistry } from '../../registry/fixtures.js';
import { ROLE } from '../bedrock/fixtures.js';
import { expectRefused } from '../expect.js';
import { cloudflowFixture } from './fixtures.js';

describe('CloudFlow aliases', () => {
  it('changes only the fields present on UpdateFlowAlias', async () => {
    const f = await cloudflowFixture();
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'live', Description: 'd', RoutingConfigurations: [{ Version: '1', Weight: 1 }] });
    const routed = await f.api.updateFlowAlias({ FlowName: 'example-flow-name', Name: 'live', RoutingConfigurations: [{ Version: '2', Weight: 5 }] });
    expect(routed.Alias).toMatchObject({ Name: 'live', Description: 'd', RoutingConfigurations: [{ Version: '2', Weight: 5 }] });
    const described = await f.api.updateFlowAlias({ FlowName: 'example-flow-name', Name: 'live', Description: '' });
    expect(described.Alias).toMatchObject({ Description: '', RoutingConfigurations: [{ Version: '2', Weight: 5 }] });
    expect((await f.registry.getAlias('example-flow-name', 'live')).revision).toBe(3);
  });

  it('lists aliases by name in pages of Limit, without the Bedrock test alias', async () => {
    const f = await cloudflowFixture();
    for (const name of ['c', 'a', 'b']) {
      await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: name, RoutingConfigurations: [{ Version: '1', Weight: 1 }] });
    }
    const first = await f.api.listFlowAliases({ FlowName: 'example-flow-name', Limit: 2 });
    expect(first.Aliases.map((a) => a.Name)).toEqual(['a', 'b']);
    const second = await f.api.listFlowAliases({ FlowName: 'example-flow-name', Limit: 2, NextToken: first.NextToken as string });
    expect(second).toStrictEqual({ RequestId: 'testRequestID', Aliases: [expect.objectContaining({ Name: 'c' })] });
    expect((await f.api.listFlowAliases({ FlowName: 'example-flow-name' })).Aliases).toHaveLength(3);
  });

  it('deletes an alias', async () => {
    const f = await cloudflowFixture();
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'live', RoutingConfigurations: [{ Version: '1', Weight: 1 }] });
    expect(await f.api.deleteFlowAlias({ FlowName: 'example-flow-name', Name: 'live' })).toStrictEqual({ RequestId: 'testRequestID' });
    await expectRefused(f.registry, () => f.api.deleteFlowAlias({ FlowName: 'example-flow-name', Name: 'live' }), { code: 'AliasNotExists', httpStatus: 404 });
  });

  it('publishes versions of the draft as it is, numbered from 1', async () => {
    const f = await cloudflowFixture();
    const third = await f.api.publishFlowVersion({ FlowName: 'example-flow-name', Description: 'third' });
    expect(third).toMatchObject({ FlowName: 'example-flow-name', Version: '3', Description: 'third' });
    expect((await f.registry.getFlow('example-flow-name')).status).toBe('NotPrepared');
  });
});

describe('CloudFlow options', () => {
  it('makes upper-case UUID request IDs and ISO times by default', async () => {
    const { registry } = await testRegistry();
    const response = await cloudflowApi(registry).createFlow({ Name: 'f', Definition: 'x' });
    expect(response.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(response.CreatedTime).toBe('2024-01-01T00:00:00.000Z');
  });

  it('fails before any change when the request ID generator fails', async () => {
    const { registry } = await testRegistry();
    const api = cloudflowApi(registry, {
      requestId: () => {
        throw new Error('no IDs');
      },
    });
    await expectRefused(registry, () => api.createFlow({ Name: 'f', Definition: 'x' }), { name: 'InternalServerException', code: 'InternalServerError', httpStatus: 500 });
    await expectRefused(registry, () => cloudflowApi(registry, { requestId: () => '' }).createFlow({ Name: 'f', Definition: 'x' }), {
      code: 'InternalServerError',
    });
  });

  it('never reports a committed change as failed because the time formatter failed', async () => {
    const { registry } = await testRegistry();
    let calls = 0;
    const api = cloudflowApi(registry, {
      formatTime: (time) => {
        if (++calls > 1) throw new Error('formatter bug');
        return time.toISOString();
      },
    });
    expect((await api.createFlow({ Name: 'f', Definition: 'x' })).CreatedTime).toBe('2024-01-01T00:00:00.000Z');
    expect(() => cloudflowApi(registry, { formatTime: () => { throw new Error('bad'); } })).toThrow(ValidationException);
    expect(() => cloudflowApi(registry, { formatTime: (() => 1) as never })).toThrow(ValidationException);
    expect(() => cloudflowApi(registry, { requestId: 'x' } as never)).toThrow(ValidationException);
    expect(() => cloudflowApi(registry, { region: 'x' } as never)).toThrow(ValidationException);
  });
});

describe('CloudFlow and Bedrock on one registry', () => {
  it('shows a Bedrock flow definition as JSON text and its aliases by name', async () => {
    const { registry } = await testRegistry();
    const bedrock = bedrockApi(registry);
    const flow = await bedrock.createFlow({ name: 'checkout', executionRoleArn: ROLE, definition: { nodes: [] } });
    await bedrock.prepareFlow({ flowIdentifier: flow.id });
    await bedrock.createFlowVersion({ flowIdentifier: flow.id });
    await bedrock.createFlowAlias({ flowIdentifier: flow.id, name: 'live', routingConfiguration: [{ flowVersion: '1' }] });
    const cloudflow = cloudflowApi(registry, { requestId: () => 'r' });
    expect(await cloudflow.describeFlow({ Name: 'checkout' })).toMatchObject({ Definition: '{"nodes":[]}', RoleArn: ROLE, Id: flow.id });
    expect((await cloudflow.describeFlowAlias({ FlowName: 'checkout', Name: 'live' })).Alias.RoutingConfigurations).toEqual([{ Version: '1', Weight: 100 }]);
    expect((await cloudflow.describeFlowAlias({ FlowName: 'checkout', Name: 'TSTALIASID' })).Alias.RoutingConfigurations).toEqual([
      { Version: 'DRAFT', Weight: 100 },
    ]);
  });
});
