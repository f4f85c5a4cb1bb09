import { describe, expect, it } from 'vitest';
import { failureOf } from '../../registry/fixtures.js';
import { expectRefused } from '../expect.js';
import { KMS, ROLE, TOKEN, bedrockFixture, type BedrockFixture } from './fixtures.js';

type Fixture = BedrockFixture;
type Case = [string, (f: Fixture) => unknown, { name?: string; field?: string; code?: string }];

const INVALID = 'ValidationException';

/** A valid CreateFlowAlias request on the fixture's flow, with `patch` applied. */
function alias(f: Fixture, patch: Record<string, unknown>) {
  return () => f.api.createFlowAlias({ flowIdentifier: f.flow.id, name: 'canary', routingConfiguration: [{ flowVersion: '2' }], ...patch } as never);
}

/** A valid UpdateFlow request on the fixture's flow, with `patch` applied. */
function updateFlow(f: Fixture, patch: Record<string, unknown>) {
  return () => f.api.updateFlow({ flowIdentifier: f.flow.id, name: 'checkout', executionRoleArn: ROLE, ...patch } as never);
}

function node(patch: Record<string, unknown>) {
  return { name: 'FlowInput', type: 'Input', configuration: { input: {} }, ...patch };
}

const cases: Case[] = [
  // names: ^([0-9a-zA-Z][_-]?){1,100}$
  ['a name of 101 characters', (f) => alias(f, { name: 'a'.repeat(101) })(), { name: INVALID, field: 'name' }],
  ['a name of 201 characters', (f) => alias(f, { name: `${'a_'.repeat(100)}a` })(), { name: INVALID, field: 'name' }],
  ['a name with __', (f) => alias(f, { name: 'can__ary' })(), { name: INVALID, field: 'name' }],
  ['a name with a leading -', (f) => alias(f, { name: '-canary' })(), { name: INVALID, field: 'name' }],
  ['a name with a leading _', (f) => alias(f, { name: '_canary' })(), { name: INVALID, field: 'name' }],
  ['a name with a space', (f) => alias(f, { name: 'can ary' })(), { name: INVALID, field: 'name' }],
  ['an empty name', (f) => alias(f, { name: '' })(), { name: INVALID, field: 'name' }],
  ['a missing name', (f) => alias(f, { name: undefined })(), { name: INVALID, field: 'name' }],
  ['a name of the wrong type', (f) => alias(f, { name: 7 })(), { name: INVALID, field: 'name' }],
  ['a flow name with __', (f) => updateFlow(f, { name: 'check__out' })(), { name: INVALID, field: 'name' }],
  // descriptions: 1 to 200
  ['an empty description', (f) => alias(f, { description: '' })(), { name: INVALID, field: 'description' }],
  ['a description of 201 characters', (f) => alias(f, { description: 'd'.repeat(201) })(), { name: INVALID, field: 'description' }],
  ['a flow description of 201 characters', (f) => updateFlow(f, { description: 'd'.repeat(201) })(), { name: INVALID, field: 'description' }],
  // identifiers
  ['a flowIdentifier of 9 characters', (f) => alias(f, { flowIdentifier: 'ID0000000' })(), { name: INVALID, field: 'flowIdentifier' }],
  ['a flowIdentifier of 11 characters', (f) => alias(f, { flowIdentifier: 'ID000000011' })(), { name: INVALID, field: 'flowIdentifier' }],
  ['a path ending in ten alphanumerics (the published regex would take it)', (f) => alias(f, { flowIdentifier: '../ID00000001' })(), { name: INVALID, field: 'flowIdentifier' }],
  ['a flow ARN of another region', (f) => alias(f, { flowIdentifier: 'arn:aws:bedrock:eu-west-1:123456789012:flow/ID00000001' })(), { name: 'ResourceNotFoundException' }],
  ['a flow ARN of another account', (f) => alias(f, { flowIdentifier: 'arn:aws:bedrock:us-east-1:000000000000:flow/ID00000001' })(), { name: 'ResourceNotFoundException' }],
  ['a flow that does not exist', (f) => alias(f, { flowIdentifier: 'NOSUCHFLOW' })(), { name: 'ResourceNotFoundException', code: 'ResourceNotFoundException' }],
  ['a missing flowIdentifier', (f) => f.api.getFlowAlias({ aliasIdentifier: f.alias.id } as never), { name: INVALID, field: 'flowIdentifier' }],
  ['an aliasIdentifier of 11 characters', (f) => f.api.getFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: 'TSTALIASIDX' }), { name: INVALID, field: 'aliasIdentifier' }],
  ['an alias ARN of another flow', (f) => f.api.getFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:flow/ID00000009/alias/ID00000002' }), { name: INVALID, field: 'aliasIdentifier' }],
  ['an alias ARN of another account', (f) => f.api.getFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: 'arn:aws:bedrock:us-east-1:000000000000:flow/ID00000001/alias/ID00000002' }), { name: 'ResourceNotFoundException' }],
  // routingConfiguration: exactly one item { flowVersion } naming an existing version
  ['an empty routingConfiguration', (f) => alias(f, { routingConfiguration: [] })(), { name: INVALID, field: 'routingConfiguration' }],
  ['two routing items', (f) => alias(f, { routingConfiguration: [{ flowVersion: '1' }, { flowVersion: '2' }] })(), { name: INVALID, field: 'routingConfiguration' }],
  ['a missing routingConfiguration', (f) => alias(f, { routingConfiguration: undefined })(), { name: INVALID, field: 'routingConfiguration', code: 'ValidationException' }],
  ['a routingConfiguration that is not an array', (f) => alias(f, { routingConfiguration: { flowVersion: '1' } })(), { name: INVALID, field: 'routingConfiguration' }],
  ['a routing item that is not an object', (f) => alias(f, { routingConfiguration: ['1'] })(), { name: INVALID, field: 'routingConfiguration[0]' }],
  ['a routing item with a weight (extension off)', (f) => alias(f, { routingConfiguration: [{ flowVersion: '1', weight: 1 }] })(), { name: INVALID, field: 'routingConfiguration[0].weight' }],
  ['a missing flowVersion', (f) => alias(f, { routingConfiguration: [{}] })(), { name: INVALID, field: 'routingConfiguration[0].flowVersion' }],
  ['flowVersion 0', (f) => alias(f, { routingConfiguration: [{ flowVersion: '0' }] })(), { name: INVALID, field: 'routingConfiguration[0].flowVersion' }],
  ['flowVersion of 10 digits', (f) => alias(f, { routingConfiguration: [{ flowVersion: '1234567890' }] })(), { name: INVALID, field: 'routingConfiguration[0].flowVersion' }],
  ['a flowVersion that does not exist', (f) => alias(f, { routingConfiguration: [{ flowVersion: '3' }] })(), { name: INVALID, field: 'routingConfiguration[0].flowVersion' }],
  ['a numeric flowVersion', (f) => alias(f, { routingConfiguration: [{ flowVersion: 1 }] })(), { name: INVALID, field: 'routingConfiguration[0].flowVersion' }],
  // executionRoleArn: required on UpdateFlow, with its pattern
  ['UpdateFlow without executionRoleArn', (f) => updateFlow(f, { executionRoleArn: undefined })(), { name: INVALID, field: 'executionRoleArn' }],
  ['an executionRoleArn with a short account', (f) => updateFlow(f, { executionRoleArn: 'arn:aws:iam::12345:role/r' })(), { name: INVALID, field: 'executionRoleArn' }],
  ['an executionRoleArn that is not a role', (f) => updateFlow(f, { executionRoleArn: 'arn:aws:iam::123456789012:user/u' })(), { name: INVALID, field: 'executionRoleArn' }],
  ['an executionRoleArn of 2049 characters', (f) => updateFlow(f, { executionRoleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(2018)}` })(), { name: INVALID, field: 'executionRoleArn' }],
  ['a customerEncryptionKeyArn with a short key ID', (f) => updateFlow(f, { customerEncryptionKeyArn: KMS.slice(0, -1) })(), { name: INVALID, field: 'customerEncryptionKeyArn' }],
  ['a customerEncryptionKeyArn of another partition', (f) => updateFlow(f, { customerEncryptionKeyArn: KMS.replace('arn:aws:', 'arn:aws-xx:') })(), { name: INVALID, field: 'customerEncryptionKeyArn' }],
  // clientToken: 33 to 256, ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$
  ['a clientToken of 32 characters', (f) => alias(f, { clientToken: TOKEN.slice(1) })(), { name: INVALID, field: 'clientToken' }],
  ['a clientToken of 257 characters', (f) => alias(f, { clientToken: 'a'.repeat(257) })(), { name: INVALID, field: 'clientToken' }],
  ['a clientToken with a leading -', (f) => alias(f, { clientToken: `-${TOKEN}` })(), { name: INVALID, field: 'clientToken' }],
  // unknown fields and prototype keys
  ['an unknown field', (f) => alias(f, { flowName: 'checkout' })(), { name: INVALID, field: 'flowName' }],
  ['a __proto__ field', (f) => f.api.createFlowAlias(JSON.parse(`{"flowIdentifier":"${f.flow.id}","name":"x","routingConfiguration":[{"flowVersion":"1"}],"__proto__":{"admin":true}}`)), { name: INVALID, field: '__proto__' }],
  ['a constructor field', (f) => alias(f, { constructor: {} })(), { name: INVALID, field: 'constructor' }],
  ['a request that is not an object', (f) => f.api.getFlow(null as never), { name: INVALID, field: 'request' }],
  ['a request that is an array', (f) => f.api.getFlow([] as never), { name: INVALID, field: 'request' }],
  ['a null ListFlows request', (f) => f.api.listFlows(null as never), { name: INVALID, field: 'request' }],
  // tags
  ['51 tags', (f) => alias(f, { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) })(), { name: INVALID, field: 'tags' }],
  ['a tag key of 129 characters', (f) => alias(f, { tags: { ['k'.repeat(129)]: 'v' } })(), { name: INVALID, field: 'tags' }],
  ['a tag value of 257 characters', (f) => alias(f, { tags: { team: 'v'.repeat(257) } })(), { name: INVALID, field: 'tags.team' }],
  ['a tag value of the wrong type', (f) => alias(f, { tags: { team: 1 } })(), { name: INVALID, field: 'tags.team' }],
  // concurrencyConfiguration
  ['a concurrency type that is not documented', (f) => alias(f, { concurrencyConfiguration: { type: 'Auto' } })(), { name: INVALID, field: 'concurrencyConfiguration.type' }],
  ['maxConcurrency 0', (f) => alias(f, { concurrencyConfiguration: { type: 'Manual', maxConcurrency: 0 } })(), { name: INVALID, field: 'concurrencyConfiguration.maxConcurrency' }],
  ['maxConcurrency 101', (f) => alias(f, { concurrencyConfiguration: { type: 'Manual', maxConcurrency: 101 } })(), { name: INVALID, field: 'concurrencyConfiguration.maxConcurrency' }],
  // paging and other scalars
  ['maxResults 0', (f) => f.api.listFlows({ maxResults: 0 }), { name: INVALID, field: 'maxResults' }],
  ['maxResults 1001', (f) => f.api.listFlows({ maxResults: 1001 }), { name: INVALID, field: 'maxResults' }],
  ['maxResults 1.5', (f) => f.api.listFlows({ maxResults: 1.5 }), { name: INVALID, field: 'maxResults' }],
  ['a nextToken we did not issue', (f) => f.api.listFlows({ nextToken: 'bm90IGEgdG9rZW4' }), { name: INVALID, field: 'nextToken' }],
  ['a nextToken with a space', (f) => f.api.listFlows({ nextToken: 'a b' }), { name: INVALID, field: 'nextToken' }],
  ['an includedData that is not documented', (f) => f.api.getFlow({ flowIdentifier: f.flow.id, includedData: 'SOME' as never }), { name: INVALID, field: 'includedData' }],
  ['a skipResourceInUseCheck that is not a boolean', (f) => f.api.deleteFlow({ flowIdentifier: f.flow.id, skipResourceInUseCheck: 'yes' as never }), { name: INVALID, field: 'skipResourceInUseCheck' }],
  ['a flowVersion that is not a NumericalVersion', (f) => f.api.getFlowVersion({ flowIdentifier: f.flow.id, flowVersion: 'DRAFT' }), { name: INVALID, field: 'flowVersion' }],
  ['a NumericalVersion no version can have', (f) => f.api.getFlowVersion({ flowIdentifier: f.flow.id, flowVersion: '007' }), { name: 'ResourceNotFoundException' }],
  // definitions
  ['a definition that is not an object', (f) => updateFlow(f, { definition: 'steps: []' })(), { name: INVALID, field: 'definition' }],
  ['a definition with an unknown field', (f) => updateFlow(f, { definition: { nodes: [], edges: [] } })(), { name: INVALID, field: 'definition.edges' }],
  ['41 nodes', (f) => updateFlow(f, { definition: { nodes: Array.from({ length: 41 }, (_, i) => node({ name: `N${i}` })) } })(), { name: INVALID, field: 'definition.nodes' }],
  ['21 connections', (f) => updateFlow(f, { definition: { connections: Array.from({ length: 21 }, () => ({ type: 'Data', name: 'c1', source: 'a1', target: 'b1' })) } })(), { name: INVALID, field: 'definition.connections' }],
  ['a node name with a leading digit', (f) => updateFlow(f, { definition: { nodes: [node({ name: '1Input' })] } })(), { name: INVALID, field: 'definition.nodes[0].name' }],
  ['a node type that is not documented', (f) => updateFlow(f, { definition: { nodes: [node({ type: 'Webhook' })] } })(), { name: INVALID, field: 'definition.nodes[0].type' }],
  ['a node configuration with two members', (f) => updateFlow(f, { definition: { nodes: [node({ configuration: { input: {}, output: {} } })] } })(), { name: INVALID, field: 'definition.nodes[0].configuration' }],
  ['a node configuration for another type', (f) => updateFlow(f, { definition: { nodes: [node({ configuration: { output: {} } })] } })(), { name: INVALID, field: 'definition.nodes[0].configuration.output' }],
  ['21 node inputs', (f) => updateFlow(f, { definition: { nodes: [node({ inputs: Array.from({ length: 21 }, () => ({ name: 'in', type: 'String', expression: '$.data' })) })] } })(), { name: INVALID, field: 'definition.nodes[0].inputs' }],
  ['6 node outputs', (f) => updateFlow(f, { definition: { nodes: [node({ outputs: Array.from({ length: 6 }, () => ({ name: 'out', type: 'String' })) })] } })(), { name: INVALID, field: 'definition.nodes[0].outputs' }],
  ['an input expression of 65 characters', (f) => updateFlow(f, { definition: { nodes: [node({ inputs: [{ name: 'in', type: 'String', expression: 'e'.repeat(65) }] })] } })(), { name: INVALID, field: 'definition.nodes[0].inputs[0].expression' }],
  ['a Data connection with a conditional configuration', (f) => updateFlow(f, { definition: { connections: [{ type: 'Data', name: 'c1', source: 'a1', target: 'b1', configuration: { conditional: { condition: 'yes' } } }] } })(), { name: INVALID, field: 'definition.connections[0].configuration.conditional' }],
  ['a definition nested deeper than 32 levels', (f) => updateFlow(f, { definition: { nodes: [node({ configuration: { input: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) } })] } })(), { name: INVALID }],
  ['a NaN inside a definition', (f) => updateFlow(f, { definition: { nodes: [node({ configuration: { input: { n: Number.NaN } } })] } })(), { name: INVALID, field: 'definition.nodes[0].configuration.input.n' }],
];

describe('Bedrock validation', () => {
  it.each(cases)('refuses %s, naming the field, and changes nothing', async (_, call, expected) => {
    const f = await bedrockFixture();
    await expectRefused(f.registry, () => call(f), expected);
  });

  it('accepts the boundaries: a 100-character name, a 200-character name, a 200-character description', async () => {
    const f = await bedrockFixture();
    expect((await alias(f, { name: 'a'.repeat(100) })()).name).toHaveLength(100);
    expect((await alias(f, { name: 'a_'.repeat(100), description: 'd'.repeat(200) })()).description).toHaveLength(200);
    expect((await alias(f, { name: 'a-', description: 'd' })()).name).toBe('a-');
    expect((await alias(f, { name: 'b', clientToken: 'a'.repeat(256) })()).name).toBe('b');
    expect((await alias(f, { name: 'c', clientToken: TOKEN, tags: { 'k:/=+@-. x': '' } })()).name).toBe('c');
    expect((await alias(f, { name: 'd', concurrencyConfiguration: { type: 'Manual', maxConcurrency: 100 } })()).concurrencyConfiguration).toEqual({
      type: 'Manual',
      maxConcurrency: 100,
    });
    expect((await f.api.listFlows({ maxResults: 1000 })).flowSummaries).toHaveLength(1);
    expect((await updateFlow(f, { description: 'd'.repeat(200), customerEncryptionKeyArn: KMS })()).description).toHaveLength(200);
  });

  it('rejects with errors whose code is the exception name, as the SDK reports them', async () => {
    const f = await bedrockFixture();
    for (const call of [
      () => f.api.getFlow({ flowIdentifier: 'NOSUCHFLOW' }),
      () => f.api.createFlowAlias({ flowIdentifier: f.flow.id, name: 'live', routingConfiguration: [{ flowVersion: '1' }] }),
      () => f.api.deleteFlowVersion({ flowIdentifier: f.flow.id, flowVersion: '1' }),
      () => f.api.createFlow({ name: 'x' } as never),
    ]) {
      const error = await failureOf(call);
      expect(error.code).toBe(error.name);
    }
  });
});
