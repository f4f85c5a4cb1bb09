import { describe, expect, it } from 'vitest';
import { Router } from '../../../test/all-entries.js';
import { expectRefused } from '../expect.js';
import { cloudflowFixture, utcPlus8 } from './fixtures.js';

/**
 * The example requests (the parameter tables' Example column) and example responses of the CloudFlow
 * references, field for field, with the request ID, clock and time format injected to match.
 */

describe('CloudFlow CreateFlowAlias reference', () => {
  it('answers the documented example for the documented example request', async () => {
    const f = await cloudflowFixture({}, { wallClock: () => Date.parse('2020-01-01T01:01:01.001Z') });
    const response = await f.api.createFlowAlias({
      FlowName: 'example-flow-name',
      Name: 'example-alias-name',
      Description: 'example description',
      RoutingConfigurations: [{ Version: '1', Weight: 30 }],
    });
    // The reference's response example spells the alias "exampe-alias-name", a typo of its request example.
    expect(response).toStrictEqual({
      RequestId: 'testRequestID',
      FlowName: 'example-flow-name',
      Name: 'example-alias-name',
      Description: 'example description',
      RoutingConfigurations: [{ Version: '1', Weight: 30 }],
      CreatedTime: '2020-01-01T01:01:01.001Z',
    });
  });

  it('sends all traffic to a single entry whatever its weight', async () => {
    const f = await cloudflowFixture();
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'example-alias-name', RoutingConfigurations: [{ Version: '1', Weight: 30 }] });
    const router = new Router({ source: f.registry, seed: 'single' });
    // Loaded first: on a store that answers with promises, pick serves only what the Router has loaded.
    await router.preload('example-flow-name', 'example-alias-name');
    for (let i = 0; i < 100; i++) expect(router.pick('example-flow-name', 'example-alias-name')).toBe('1');
    router.close();
  });
});

describe('CloudFlow UpdateFlowAlias reference', () => {
  it('answers the documented example response', async () => {
    const f = await cloudflowFixture(
      { requestId: () => '294D68C1-5108-5971-853A-1A9CC87B4816', formatTime: utcPlus8 },
      { wallClock: () => Date.parse('2025-10-24T06:11:26Z') },
    );
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'my-alias-name', RoutingConfigurations: [{ Version: '2', Weight: 1 }] });
    const response = await f.api.updateFlowAlias({
      FlowName: 'example-flow-name',
      Name: 'my-alias-name',
      Description: 'my alias description',
      RoutingConfigurations: [{ Version: '1', Weight: 20 }],
    });
    expect(response).toStrictEqual({
      RequestId: '294D68C1-5108-5971-853A-1A9CC87B4816',
      Alias: {
        Name: 'my-alias-name',
        Description: 'my alias description',
        RoutingConfigurations: [{ Version: '1', Weight: 20 }],
        CreatedTime: '2025-10-24T14:11:26+08:00',
      },
    });
  });

  it('refuses the parameter table example name "alias name": a space is not in CloudFlow names', async () => {
    const f = await cloudflowFixture();
    await expectRefused(
      f.registry,
      () => f.api.updateFlowAlias({ FlowName: 'example-flow-name', Name: 'alias name', Description: 'example description', RoutingConfigurations: [{ Version: '1', Weight: 20 }] }),
      { name: 'ValidationException', code: 'InvalidArgument', field: 'Name', httpStatus: 400 },
    );
  });
});

describe('CloudFlow sibling references', () => {
  it('DescribeFlowAlias answers its documented example', async () => {
    const f = await cloudflowFixture({ requestId: () => '294D68C1-5108-5971-853A-1A9CC87B4816' }, { wallClock: () => Date.parse('2024-04-22T06:09:39.907Z') });
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'alias-name', Description: 'alias description', RoutingConfigurations: [{ Version: '1', Weight: 10 }] });
    const expected = {
      RequestId: '294D68C1-5108-5971-853A-1A9CC87B4816',
      Alias: {
        Name: 'alias-name',
        Description: 'alias description',
        RoutingConfigurations: [{ Version: '1', Weight: 10 }],
        CreatedTime: '2024-04-22T06:09:39.907Z',
      },
    };
    expect(await f.api.describeFlowAlias({ FlowName: 'example-flow-name', Name: 'alias-name' })).toStrictEqual(expected);
    expect(await f.api.getFlowAlias({ FlowName: 'example-flow-name', Name: 'alias-name' })).toStrictEqual(expected);
  });

  it('PublishFlowVersion answers its documented example', async () => {
    const f = await cloudflowFixture({ requestId: () => '294D68C1-5108-5971-853A-1A9CC87B4816', formatTime: utcPlus8 }, { wallClock: () => Date.parse('2025-10-24T06:11:26Z') });
    await f.api.createFlow({ Name: 'my-flow-name', Definition: 'Type: StateMachine' });
    expect(await f.api.publishFlowVersion({ FlowName: 'my-flow-name', Description: 'my flow description' })).toStrictEqual({
      RequestId: '294D68C1-5108-5971-853A-1A9CC87B4816',
      FlowName: 'my-flow-name',
      Version: '1',
      Description: 'my flow description',
      CreatedTime: '2025-10-24T14:11:26+08:00',
    });
  });

  it('ListFlowAliases answers its documented fields (Weight as the integer the other references show)', async () => {
    const f = await cloudflowFixture({ requestId: () => '3A44E113-9962-5B0B-AB92-14060EFE3164', formatTime: utcPlus8 }, { wallClock: () => Date.parse('2025-10-24T06:11:26Z') });
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'my-alias-name', Description: 'my alias description', RoutingConfigurations: [{ Version: '1', Weight: 20 }] });
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'second', RoutingConfigurations: [{ Version: '2', Weight: 1 }] });
    const response = await f.api.listFlowAliases({ FlowName: 'example-flow-name', Limit: 1 });
    expect(Object.keys(response)).toEqual(['RequestId', 'NextToken', 'Aliases']);
    expect(response.RequestId).toBe('3A44E113-9962-5B0B-AB92-14060EFE3164');
    expect(response.Aliases).toStrictEqual([
      { Name: 'my-alias-name', Description: 'my alias description', RoutingConfigurations: [{ Version: '1', Weight: 20 }], CreatedTime: '2025-10-24T14:11:26+08:00' },
    ]);
  });

  it('DescribeFlow answers its documented fields but ExecutionMode', async () => {
    const f = await cloudflowFixture({}, { wallClock: () => Date.parse('2019-01-01T01:01:01.001Z') });
    const definition = 'version: v1.0\ntype: flow\nname: test\nsteps:\n - type: pass\n name: mypass';
    await f.api.createFlow({ Name: 'flow', Definition: definition, Description: 'test flow', Type: 'FDL', RoleArn: 'acs:ram::1234:role/fnf' });
    expect(await f.api.describeFlow({ Name: 'flow' })).toStrictEqual({
      RequestId: 'testRequestID',
      Name: 'flow',
      Description: 'test flow',
      Definition: definition,
      Id: 'ID00000002',
      Type: 'FDL',
      RoleArn: 'acs:ram::1234:role/fnf',
      CreatedTime: '2019-01-01T01:01:01.001Z',
      LastModifiedTime: '2019-01-01T01:01:01.001Z',
    });
  });
});
