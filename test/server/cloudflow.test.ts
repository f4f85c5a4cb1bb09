import { describe, expect, it } from 'vitest';
import { cloudflowApi, type CloudFlowApi } from '../../test/all-entries.js';
import { testRegistry } from '../registry/fixtures.js';
import { KEY, testServers } from './fixtures.js';

const FDL = 'Type: StateMachine\nSpecVersion: v1\nName: checkout\nStartAt: Pay\nStates:\n  - Type: Pass\n    Name: Pay\n    End: true\n';
const routing = (...pairs: Array<[string, number]>) => pairs.map(([Version, Weight]) => ({ Version, Weight }));

const serve = testServers();

function withoutRequestId(output: object): Record<string, unknown> {
  const { RequestId, ...rest } = output as Record<string, unknown>;
  expect(RequestId).toEqual(expect.any(String));
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** What a pop-core error carries: `code` is the CloudFlow Code, `data` the error body. */
interface PopCoreError extends Error {
  readonly code: string;
  readonly data: { Code: string; Message: string; RequestId: string };
  readonly entry: { response: { statusCode: number } };
}

describe('CloudFlow RPC protocol through @alicloud/fnf-2019-03-15 and @alicloud/openapi-client', () => {
  it('round-trips every action: the clients get what the API answers in process', async () => {
    const remote = await testRegistry();
    const twin = await testRegistry();
    const t = await serve({ registry: remote.registry });
    const local: CloudFlowApi = cloudflowApi(twin.registry);
    const fnf = t.cloudflow();
    const openapi = t.openapi();
    /** One action through the client `via`, the same request in process; RoutingConfigurations as its JSON string on the wire. */
    const both = async (
      action: string,
      operation: keyof CloudFlowApi,
      request: Record<string, unknown>,
      via: 'fnf GET' | 'fnf POST' | 'openapi',
    ): Promise<Record<string, unknown>> => {
      const expected = withoutRequestId(await (local[operation] as unknown as (input: unknown) => Promise<Record<string, unknown>>)(request));
      const wire = Object.fromEntries(
        Object.entries(request).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
      );
      const answer =
        via === 'openapi'
          ? await openapi.call(action, wire)
          : await fnf.request(action, wire, { method: via === 'fnf GET' ? 'GET' : 'POST' });
      expect(withoutRequestId(answer), `${action} via ${via}`).toEqual(expected);
      return expected;
    };

    // The generated methods of fnf 1.2.0 (createFlow is a POST, describeFlow a GET) ...
    const created = withoutRequestId(await fnf.createFlow({ Name: 'checkout', Definition: FDL, Description: 'the checkout flow', Type: 'FDL' }));
    expect(created).toEqual(withoutRequestId(await local.createFlow({ Name: 'checkout', Definition: FDL, Description: 'the checkout flow', Type: 'FDL' })));
    expect(withoutRequestId(await fnf.describeFlow({ Name: 'checkout' }))).toEqual(withoutRequestId(await local.describeFlow({ Name: 'checkout' })));
    // ... and the generic request for the actions 1.2.0 predates, as GET (query) or POST (form body), and
    // the openapi client (Action and signature in the query, the rest in a form body).
    await both('PublishFlowVersion', 'publishFlowVersion', { FlowName: 'checkout', Description: 'first' }, 'fnf POST');
    await both('PublishFlowVersion', 'publishFlowVersion', { FlowName: 'checkout' }, 'openapi');
    await both('PublishFlowVersion', 'publishFlowVersion', { FlowName: 'checkout' }, 'fnf GET');
    const alias = await both(
      'CreateFlowAlias',
      'createFlowAlias',
      { FlowName: 'checkout', Name: 'live', Description: 'production', RoutingConfigurations: routing(['1', 80], ['2', 20]) },
      'fnf POST',
    );
    expect(alias).toMatchObject({ FlowName: 'checkout', Name: 'live', RoutingConfigurations: routing(['1', 80], ['2', 20]) });
    await both('CreateFlowAlias', 'createFlowAlias', { FlowName: 'checkout', Name: 'canary', RoutingConfigurations: routing(['3', 1]) }, 'openapi');
    await both('DescribeFlowAlias', 'describeFlowAlias', { FlowName: 'checkout', Name: 'live' }, 'fnf GET');
    await both('GetFlowAlias', 'getFlowAlias', { FlowName: 'checkout', Name: 'live' }, 'openapi');
    remote.advance(1000);
    twin.advance(1000);
    await both('UpdateFlowAlias', 'updateFlowAlias', { FlowName: 'checkout', Name: 'live', RoutingConfigurations: routing(['1', 50], ['2', 50]) }, 'fnf POST');
    await both('UpdateFlowAlias', 'updateFlowAlias', { FlowName: 'checkout', Name: 'canary', Description: 'only the description' }, 'openapi');
    expect((await t.registry.getRouting('checkout', 'live')).entries).toEqual([
      { version: '1', weight: 50 },
      { version: '2', weight: 50 },
    ]);
    const page = await both('ListFlowAliases', 'listFlowAliases', { FlowName: 'checkout', Limit: 1 }, 'fnf GET');
    await both('ListFlowAliases', 'listFlowAliases', { FlowName: 'checkout', Limit: 1, NextToken: page.NextToken }, 'openapi');
    await both('DeleteFlowAlias', 'deleteFlowAlias', { FlowName: 'checkout', Name: 'canary' }, 'fnf GET');
    await both('DeleteFlowAlias', 'deleteFlowAlias', { FlowName: 'checkout', Name: 'live' }, 'openapi');
    expect(await t.registry.snapshot()).toEqual(await twin.registry.snapshot());
  });

  it('accepts RoutingConfigurations flattened the way pop-core sends an array', async () => {
    const t = await serve();
    const fnf = t.cloudflow();
    await fnf.createFlow({ Name: 'checkout', Definition: FDL, Description: 'd', Type: 'FDL' });
    await fnf.request('PublishFlowVersion', { FlowName: 'checkout' }, { method: 'POST' });
    await fnf.request('PublishFlowVersion', { FlowName: 'checkout' }, { method: 'POST' });
    await fnf.request('CreateFlowAlias', { FlowName: 'checkout', Name: 'live', RoutingConfigurations: routing(['1', 70], ['2', 30]) }, { method: 'POST' });
    expect((await t.registry.getRouting('checkout', 'live')).entries).toEqual([
      { version: '1', weight: 70 },
      { version: '2', weight: 30 },
    ]);
  });
});

describe('CloudFlow errors arrive as pop-core errors with the Code and the HTTP status', () => {
  it('FlowNotExists, InvalidArgument naming the parameter, MissingRequiredParams, a conflict, and nothing changes', async () => {
    const t = await serve();
    const fnf = t.cloudflow();
    await fnf.createFlow({ Name: 'checkout', Definition: FDL, Description: 'd', Type: 'FDL' });
    await fnf.request('PublishFlowVersion', { FlowName: 'checkout' }, { method: 'POST' });
    const refused = async (action: string, params: Record<string, unknown>, code: string, status: number): Promise<PopCoreError> => {
      const before = await t.state();
      const error = (await fnf.request(action, params, { method: 'POST' }).then(
        () => undefined,
        (e: unknown) => e,
      )) as PopCoreError;
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(`${code}Error`);
      expect(error.code).toBe(code);
      expect(error.data).toEqual({ Code: code, Message: expect.any(String), RequestId: expect.any(String) });
      expect(error.entry.response.statusCode).toBe(status);
      expect(await t.state()).toEqual(before);
      return error;
    };
    await refused('DescribeFlow', { Name: 'nosuchflow' }, 'FlowNotExists', 404);
    await refused('DescribeFlowAlias', { FlowName: 'checkout', Name: 'nosuchalias' }, 'AliasNotExists', 404);
    const weight = await refused(
      'CreateFlowAlias',
      { FlowName: 'checkout', Name: 'live', RoutingConfigurations: JSON.stringify(routing(['1', -1])) },
      'InvalidArgument',
      400,
    );
    expect(weight.data.Message).toMatch(/^RoutingConfigurations\[0\]\.Weight: /);
    await refused('CreateFlowAlias', { FlowName: 'checkout', Name: 'live' }, 'MissingRequiredParams', 400);
    const version = await refused(
      'CreateFlowAlias',
      { FlowName: 'checkout', Name: 'live', RoutingConfigurations: '[{"Version":"9","Weight":1}]' },
      'InvalidArgument',
      400,
    );
    expect(version.data.Message).toMatch(/^RoutingConfigurations\[0\]\.Version: /);
    await refused('CreateFlow', { Name: 'checkout', Definition: FDL }, 'FlowAlreadyExists', 409);
    await refused('StartExecution', { FlowName: 'checkout' }, 'InvalidAction.NotFound', 404);
  });

  it('a client with the wrong secret is refused with 403 and the registry is unchanged', async () => {
    const t = await serve();
    const before = await t.state();
    const wrong = t.cloudflow({ ...KEY, secretAccessKey: 'not-the-secret' });
    const error = (await wrong.createFlow({ Name: 'checkout', Definition: FDL, Description: 'd', Type: 'FDL' }).catch((e: unknown) => e)) as PopCoreError;
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.entry.response.statusCode).toBe(403);
    const openapiError = (await t
      .openapi({ ...KEY, secretAccessKey: 'not-the-secret' })
      .call('CreateFlow', { Name: 'checkout', Definition: FDL })
      .catch((e: unknown) => e)) as { code: string; data: { statusCode: number } };
    expect(openapiError).toMatchObject({ code: 'SignatureDoesNotMatch', data: { statusCode: 403 } });
    expect(await t.state()).toEqual(before);
    expect(await t.registry.listFlows()).toEqual([]);
  });
});
