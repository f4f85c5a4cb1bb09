// TEMPORARY (with stand-in.ts): the HTTP layer against a recording stand-in, before the registry merge.
import {
  BedrockAgentClient,
  CreateFlowAliasCommand,
  CreateFlowCommand,
  DeleteFlowCommand,
  GetFlowAliasCommand,
  ListFlowsCommand,
  PrepareFlowCommand,
  ResourceNotFoundException as SdkResourceNotFound,
  ValidationException as SdkValidation,
  AccessDeniedException as SdkAccessDenied,
} from '@aws-sdk/client-bedrock-agent';
import Client from '@alicloud/fnf-2019-03-15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceNotFoundException, ValidationException } from '../../src/index.js';
import { createControlPlaneHandler } from '../../src/server/handler.js';
import { listen, type ListeningServer } from '../../src/server/listen.js';
import { standIn } from './stand-in.js';

const KEY = { accessKeyId: 'AKIDTEST', secretAccessKey: 'wJalr/K7MDENG+bPxRfiCY' };
const created = new Date('2026-01-02T03:04:05.678Z');
const fake = standIn((call) => ({ id: 'FLOW000001', arn: 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW000001', createdAt: created, updatedAt: created, name: 'n', RequestId: 'REQ', op: call.operation, routingConfiguration: [{ flowVersion: '1' }] }));
let server: ListeningServer;
let client: BedrockAgentClient;

beforeAll(async () => {
  server = await listen(createControlPlaneHandler(fake.plane, { credentials: [KEY] }), { port: 0 });
  client = new BedrockAgentClient({ endpoint: server.url, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

describe('bedrock wire (stand-in)', () => {
  it('round-trips', async () => {
    const out = await client.send(new CreateFlowCommand({ name: 'f', executionRoleArn: 'arn:aws:iam::123456789012:role/r' }));
    expect(out.createdAt).toEqual(created);
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'createFlow', input: { name: 'f' } });
    await client.send(new ListFlowsCommand({ maxResults: 5, nextToken: 'a b+c/d' }));
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'listFlows', input: { maxResults: 5, nextToken: 'a b+c/d' } });
    await client.send(new DeleteFlowCommand({ flowIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW000001', skipResourceInUseCheck: true }));
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'deleteFlow', input: { flowIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW000001', skipResourceInUseCheck: true } });
    await client.send(new PrepareFlowCommand({ flowIdentifier: 'FLOW000001' }));
    await client.send(new CreateFlowAliasCommand({ flowIdentifier: 'FLOW000001', name: 'live', routingConfiguration: [{ flowVersion: '1' }] }));
    expect(fake.calls.at(-1)?.input).toMatchObject({ flowIdentifier: 'FLOW000001', name: 'live', routingConfiguration: [{ flowVersion: '1' }] });
  });
  it('errors', async () => {
    fake.failNext(new ResourceNotFoundException('no such alias'));
    await expect(client.send(new GetFlowAliasCommand({ flowIdentifier: 'FLOW000001', aliasIdentifier: 'ALIAS00001' }))).rejects.toBeInstanceOf(SdkResourceNotFound);
    fake.failNext(new ValidationException('name', 'bad'));
    const error = await client.send(new CreateFlowCommand({ name: 'f', executionRoleArn: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkValidation);
    expect((error as SdkValidation).fieldList).toEqual([{ name: 'name', message: 'name: bad' }]);
    const wrong = new BedrockAgentClient({ endpoint: server.url, region: 'us-east-1', credentials: { ...KEY, secretAccessKey: 'nope' }, maxAttempts: 1 });
    const count = fake.calls.length;
    await expect(wrong.send(new ListFlowsCommand({}))).rejects.toBeInstanceOf(SdkAccessDenied);
    expect(fake.calls.length).toBe(count);
    wrong.destroy();
  });
  it('cloudflow', async () => {
    const ali = new Client({ endpoint: server.url, accessKeyId: KEY.accessKeyId, accessKeySecret: KEY.secretAccessKey });
    const out = await ali.describeFlow({ Name: 'my flow' });
    expect(out.RequestId).toBe('REQ');
    expect(fake.calls.at(-1)).toMatchObject({ dialect: 'cloudflow', operation: 'describeFlow', input: { Name: 'my flow' } });
    await ali.request('CreateFlowAlias', { FlowName: 'f', Name: 'a', RoutingConfigurations: JSON.stringify([{ Version: '1', Weight: 30 }]) }, { method: 'POST' });
    expect(fake.calls.at(-1)?.input).toEqual({ FlowName: 'f', Name: 'a', RoutingConfigurations: [{ Version: '1', Weight: 30 }] });
    await ali.request('CreateFlowAlias', { FlowName: 'f', Name: 'a', RoutingConfigurations: [{ Version: '1', Weight: 30 }, { Version: '2', Weight: 70 }] }, { method: 'POST' });
    expect(fake.calls.at(-1)?.input).toEqual({ FlowName: 'f', Name: 'a', RoutingConfigurations: [{ Version: '1', Weight: 30 }, { Version: '2', Weight: 70 }] });
    fake.failNext(new ResourceNotFoundException('gone', { code: 'FlowNotExists' }));
    const error = await ali.describeFlow({ Name: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FlowNotExists', name: 'FlowNotExistsError' });
    const bad = new Client({ endpoint: server.url, accessKeyId: KEY.accessKeyId, accessKeySecret: 'wrong' });
    expect(await bad.describeFlow({ Name: 'x' }).catch((e: unknown) => e)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
