import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { describe, expect, it } from 'vitest';
import { bedrockApi, type BedrockApi } from '../../test/all-entries.js';
import { testRegistry } from '../registry/fixtures.js';
import { bedrockFlow, KEY, testServers, withWeights } from './fixtures.js';

const ROLE = 'arn:aws:iam::123456789012:role/service-role/AmazonBedrockExecutionRoleForFlows_checkout';
const TOKEN = (n: number) => `token-${String(n).padStart(27, '0')}`;
const DEFINITION = {
  nodes: [
    { name: 'FlowInput', type: 'Input' as const, configuration: { input: {} }, outputs: [{ name: 'document', type: 'String' as const }] },
    { name: 'FlowOutput', type: 'Output' as const, configuration: { output: {} }, inputs: [{ name: 'document', type: 'String' as const, expression: '$.data' }] },
  ],
  connections: [
    { name: 'in_out', source: 'FlowInput', target: 'FlowOutput', type: 'Data' as const, configuration: { data: { sourceOutput: 'document', targetInput: 'document' } } },
  ],
};

const serve = testServers();

function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

/**
 * Differential: the same calls through the AWS SDK against the server and in process against a twin
 * registry (same IDs, same clock) answer the same outputs, and leave the same registry behind.
 */
describe('Bedrock Agent REST protocol through @aws-sdk/client-bedrock-agent', () => {
  it('round-trips every operation: the SDK gets what the API answers in process', async () => {
    const remote = await testRegistry();
    const twin = await testRegistry();
    const t = await serve({ registry: remote.registry });
    const local: BedrockApi = bedrockApi(twin.registry);
    const client = t.bedrock();
    const both = async <K extends keyof BedrockApi>(
      operation: K,
      command: { readonly input: object },
    ): Promise<Awaited<ReturnType<BedrockApi[K]>>> => {
      const expected = await (local[operation] as (input: unknown) => ReturnType<BedrockApi[K]>)(command.input);
      const sent = withoutMetadata((await client.send(command as never)) as { $metadata?: unknown });
      expect(sent, operation).toEqual(expected);
      return expected;
    };

    const flow = await both('createFlow', new Sdk.CreateFlowCommand({
      name: 'checkout',
      description: 'the checkout flow',
      executionRoleArn: ROLE,
      definition: DEFINITION,
      clientToken: TOKEN(1),
      tags: { team: 'payments' },
    }));
    expect(flow).toMatchObject({ id: 'ID00000001', status: 'NotPrepared', version: 'DRAFT' });
    await both('getFlow', new Sdk.GetFlowCommand({ flowIdentifier: flow.arn }));
    await both('getFlow', new Sdk.GetFlowCommand({ flowIdentifier: flow.id, includedData: 'METADATA_ONLY' }));
    await both('createFlow', new Sdk.CreateFlowCommand({ name: 'refunds', executionRoleArn: ROLE, clientToken: TOKEN(2) }));
    await both('listFlows', new Sdk.ListFlowsCommand({ maxResults: 1 }));
    const page = await both('listFlows', new Sdk.ListFlowsCommand({ maxResults: 1 }));
    await both('listFlows', new Sdk.ListFlowsCommand({ maxResults: 1, nextToken: page.nextToken as string }));
    await both('updateFlow', new Sdk.UpdateFlowCommand({
      flowIdentifier: flow.id,
      name: 'checkout',
      description: 'v2',
      executionRoleArn: ROLE,
      definition: DEFINITION,
    }));
    expect(await both('prepareFlow', new Sdk.PrepareFlowCommand({ flowIdentifier: flow.id }))).toEqual({ id: flow.id, status: 'Prepared' });
    await both('createFlowVersion', new Sdk.CreateFlowVersionCommand({ flowIdentifier: flow.id, description: 'first', clientToken: TOKEN(3) }));
    await both('createFlowVersion', new Sdk.CreateFlowVersionCommand({ flowIdentifier: flow.arn, clientToken: TOKEN(4) }));
    await both('getFlowVersion', new Sdk.GetFlowVersionCommand({ flowIdentifier: flow.id, flowVersion: '1' }));
    await both('listFlowVersions', new Sdk.ListFlowVersionsCommand({ flowIdentifier: flow.id }));
    const alias = await both('createFlowAlias', new Sdk.CreateFlowAliasCommand({
      flowIdentifier: flow.id,
      name: 'live',
      description: 'production',
      routingConfiguration: [{ flowVersion: '1' }],
      clientToken: TOKEN(5),
    }));
    await both('getFlowAlias', new Sdk.GetFlowAliasCommand({ flowIdentifier: flow.arn, aliasIdentifier: alias.arn }));
    await both('listFlowAliases', new Sdk.ListFlowAliasesCommand({ flowIdentifier: flow.id, maxResults: 5 }));
    remote.advance(1000);
    twin.advance(1000);
    await both('updateFlowAlias', new Sdk.UpdateFlowAliasCommand({
      flowIdentifier: flow.id,
      aliasIdentifier: alias.id,
      name: 'live',
      routingConfiguration: [{ flowVersion: '2' }],
    }));
    expect((await t.registry.getRouting('checkout', 'live')).entries).toEqual([{ version: '2', weight: 100 }]);
    await both('getFlowAlias', new Sdk.GetFlowAliasCommand({ flowIdentifier: flow.id, aliasIdentifier: 'TSTALIASID' }));
    await both('deleteFlowAlias', new Sdk.DeleteFlowAliasCommand({ flowIdentifier: flow.id, aliasIdentifier: alias.id }));
    await both('deleteFlowVersion', new Sdk.DeleteFlowVersionCommand({ flowIdentifier: flow.id, flowVersion: '1' }));
    await both('deleteFlowVersion', new Sdk.DeleteFlowVersionCommand({ flowIdentifier: flow.id, flowVersion: '2', skipResourceInUseCheck: true }));
    await both('deleteFlow', new Sdk.DeleteFlowCommand({ flowIdentifier: flow.id, skipResourceInUseCheck: true }));
    expect(await t.registry.snapshot()).toEqual(await twin.registry.snapshot());
  });

  it('carries the weighted-routing extension when the server enables it (the SDK itself drops weights)', async () => {
    const t = await serve({ bedrock: { weightedRouting: true } });
    const { client, flowId } = await bedrockFlow(t, ROLE);
    // The SDK serialises only its model's members, so an extension field goes in with a build middleware.
    const error = await client
      .send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: [{ flowVersion: '1' }, { flowVersion: '2' }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sdk.ValidationException);
    expect((error as Sdk.ValidationException).fieldList?.[0]?.name).toMatch(/^routingConfiguration\[0\]\.weight$/);
    client.middlewareStack.add(withWeights([80, 20]) as never, { step: 'build', name: 'withWeights' });
    const alias = await client.send(
      new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: [{ flowVersion: '1' }, { flowVersion: '2' }] }),
    );
    expect((await t.registry.getRouting(flowId, alias.id as string)).entries).toEqual([
      { version: '1', weight: 80 },
      { version: '2', weight: 20 },
    ]);
  });
});

describe('Bedrock errors arrive as the SDK typed errors', () => {
  it('ValidationException naming the field, ResourceNotFoundException, ConflictException, ServiceQuotaExceededException', async () => {
    const t = await serve({ registry: (await testRegistry({ quotas: { maxFlows: 1 } })).registry });
    const client = t.bedrock();
    const refused = async <E extends Error>(command: { readonly input: object }, type: new (...args: never[]) => E, status: number): Promise<E> => {
      const before = await t.state();
      const error = await client.send(command as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(status);
      expect(await t.state()).toEqual(before);
      return error as E;
    };
    const invalid = await refused(new Sdk.CreateFlowCommand({ name: 'no spaces allowed', executionRoleArn: ROLE }), Sdk.ValidationException, 400);
    expect(invalid.fieldList).toEqual([{ name: 'name', message: expect.stringContaining('name') }]);
    expect(invalid.message).toMatch(/^name: /);
    await refused(new Sdk.GetFlowCommand({ flowIdentifier: 'NOSUCHFLOW' }), Sdk.ResourceNotFoundException, 404);
    const flow = await client.send(new Sdk.CreateFlowCommand({ name: 'checkout', executionRoleArn: ROLE, clientToken: TOKEN(1) }));
    await refused(new Sdk.CreateFlowCommand({ name: 'other', executionRoleArn: ROLE, clientToken: TOKEN(1) }), Sdk.ConflictException, 409);
    await refused(new Sdk.CreateFlowCommand({ name: 'second', executionRoleArn: ROLE }), Sdk.ServiceQuotaExceededException, 402);
    await refused(new Sdk.CreateFlowVersionCommand({ flowIdentifier: flow.id as string }), Sdk.ConflictException, 409);
    await refused(new Sdk.GetFlowAliasCommand({ flowIdentifier: flow.id as string, aliasIdentifier: 'NOSUCHALIA' }), Sdk.ResourceNotFoundException, 404);
  });

  it('AccessDeniedException for a wrong secret or an unknown key, and the registry is unchanged', async () => {
    const t = await serve();
    const before = await t.state();
    for (const credentials of [{ ...KEY, secretAccessKey: 'not-the-secret' }, { accessKeyId: 'AKIDUNKNOWN0', secretAccessKey: KEY.secretAccessKey }]) {
      const error = await t
        .bedrock(credentials)
        .send(new Sdk.CreateFlowCommand({ name: 'checkout', executionRoleArn: ROLE }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Sdk.AccessDeniedException);
      expect((error as Sdk.AccessDeniedException).$metadata.httpStatusCode).toBe(403);
    }
    expect(await t.state()).toEqual(before);
    expect(await t.registry.listFlows()).toEqual([]);
  });

  it('ThrottlingException past the rate limit, InternalServerException when persisting fails', async () => {
    const frozen = Date.now();
    const limited = await serve({ rateLimit: { requestsPerSecond: 1, burst: 1 }, wallClock: () => frozen });
    await limited.bedrock().send(new Sdk.ListFlowsCommand({}));
    const throttled = await limited.bedrock().send(new Sdk.ListFlowsCommand({})).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(Sdk.ThrottlingException);

    const failing = await serve({
      afterWrite: () => {
        throw new Error('disk full');
      },
      onError: () => undefined,
    });
    const internal = await failing.bedrock().send(new Sdk.CreateFlowCommand({ name: 'checkout', executionRoleArn: ROLE })).catch((e: unknown) => e);
    expect(internal).toBeInstanceOf(Sdk.InternalServerException);
    expect((internal as Error).message).not.toContain('disk full');
  });
});
