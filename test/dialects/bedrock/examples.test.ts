import { describe, expect, it } from 'vitest';
import { T0 } from '../../registry/fixtures.js';
import { FLOW_ARN, KMS, ROLE, bedrockFixture } from './fixtures.js';

/**
 * The request and response syntax of each Bedrock reference in ../shared/reference, field for field:
 * every request field is sent, and the response has exactly the documented fields, with the documented
 * patterns, and timestamps as the SDK deserialises them (Date).
 */

const ALIAS_ARN = /^arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow\/[0-9a-zA-Z]{10}\/alias\/(TSTALIASID|[0-9a-zA-Z]{10})$/;
const FLOW_ARN_PATTERN = /^arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow\/[0-9a-zA-Z]{10}$/;
const FLOW_ID = /^[0-9a-zA-Z]{10}$/;
const ALIAS_ID = /^(TSTALIASID|[0-9a-zA-Z]{10})$/;
const NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;

const ALIAS_RESPONSE_KEYS = ['arn', 'createdAt', 'description', 'flowId', 'id', 'name', 'routingConfiguration', 'updatedAt'];

describe('Bedrock UpdateFlowAlias reference', () => {
  it('takes flowIdentifier and aliasIdentifier (ID or ARN) and the body { description, name, routingConfiguration }', async () => {
    const f = await bedrockFixture();
    f.advance(60_000);
    for (const [flowIdentifier, aliasIdentifier] of [
      [f.flow.id, f.alias.id],
      [f.flow.arn, f.alias.arn],
    ]) {
      const response = await f.api.updateFlowAlias({
        flowIdentifier: flowIdentifier as string,
        aliasIdentifier: aliasIdentifier as string,
        description: 'Version 2 of the checkout flow',
        name: 'live',
        routingConfiguration: [{ flowVersion: '2' }],
      });
      expect(Object.keys(response).sort()).toEqual(ALIAS_RESPONSE_KEYS);
      expect(response).toEqual({
        arn: `${FLOW_ARN}/alias/ID00000002`,
        createdAt: new Date(T0),
        description: 'Version 2 of the checkout flow',
        flowId: 'ID00000001',
        id: 'ID00000002',
        name: 'live',
        routingConfiguration: [{ flowVersion: '2' }],
        updatedAt: new Date(T0 + 60_000),
      });
      expect(response.arn).toMatch(ALIAS_ARN);
      expect(response.flowId).toMatch(FLOW_ID);
      expect(response.id).toMatch(ALIAS_ID);
      expect(response.name).toMatch(NAME);
      expect(response.description?.length).toBeLessThanOrEqual(200);
    }
  });

  it('replaces the whole alias: a field left out is cleared ("include both fields that you want to keep and ones that you want to change")', async () => {
    const f = await bedrockFixture();
    await f.api.updateFlowAlias({
      flowIdentifier: f.flow.id,
      aliasIdentifier: f.alias.id,
      name: 'live',
      description: 'kept?',
      routingConfiguration: [{ flowVersion: '2' }],
      concurrencyConfiguration: { type: 'Manual', maxConcurrency: 3 },
    });
    const response = await f.api.updateFlowAlias({
      flowIdentifier: f.flow.id,
      aliasIdentifier: f.alias.id,
      name: 'production',
      routingConfiguration: [{ flowVersion: '1' }],
    });
    expect(response.description).toBeUndefined();
    expect(response.concurrencyConfiguration).toBeUndefined();
    expect(response.name).toBe('production');
  });
});

describe('Bedrock GetFlowAlias reference', () => {
  it('answers exactly the documented fields for an alias, by ID or ARN', async () => {
    const f = await bedrockFixture();
    await f.api.updateFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id, name: 'live', description: 'd', routingConfiguration: [{ flowVersion: '1' }] });
    for (const request of [
      { flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id },
      { flowIdentifier: f.flow.arn, aliasIdentifier: f.alias.arn },
    ]) {
      const response = await f.api.getFlowAlias(request);
      expect(Object.keys(response).sort()).toEqual(ALIAS_RESPONSE_KEYS);
      expect(response.createdAt).toBeInstanceOf(Date);
      expect(response.updatedAt).toBeInstanceOf(Date);
      expect(response.routingConfiguration).toEqual([{ flowVersion: '1' }]);
    }
  });

  it('answers the test alias TSTALIASID, which routes to DRAFT', async () => {
    const f = await bedrockFixture();
    const response = await f.api.getFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: 'TSTALIASID' });
    expect(response).toEqual({
      name: 'TSTALIASID',
      routingConfiguration: [{ flowVersion: 'DRAFT' }],
      flowId: 'ID00000001',
      id: 'TSTALIASID',
      arn: `${FLOW_ARN}/alias/TSTALIASID`,
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    });
    expect(response.arn).toMatch(ALIAS_ARN);
  });
});

describe('Bedrock UpdateFlow reference', () => {
  const definition = {
    connections: [
      {
        configuration: { data: { sourceOutput: 'document', targetInput: 'topic' } },
        name: 'InToPrompt',
        source: 'FlowInput',
        target: 'Prompt',
        type: 'Data' as const,
      },
    ],
    nodes: [
      {
        configuration: { input: {} },
        name: 'FlowInput',
        outputs: [{ name: 'document', type: 'String' }],
        type: 'Input',
      },
      {
        configuration: { prompt: { sourceConfiguration: { resource: { promptArn: 'arn:aws:bedrock:us-east-1:123456789012:prompt/ABCDEFGHIJ' } } } },
        inputs: [{ expression: '$.data', name: 'topic', type: 'String' }],
        name: 'Prompt',
        outputs: [{ name: 'modelCompletion', type: 'String' }],
        type: 'Prompt',
      },
    ],
  };

  it('takes every documented field and answers the documented fields, the DRAFT version NotPrepared', async () => {
    const f = await bedrockFixture();
    f.advance(1000);
    const response = await f.api.updateFlow({
      flowIdentifier: f.flow.arn,
      customerEncryptionKeyArn: KMS,
      definition,
      description: 'Checkout flow',
      executionRoleArn: ROLE,
      name: 'checkout-v2',
    });
    expect(Object.keys(response).sort()).toEqual([
      'arn',
      'createdAt',
      'customerEncryptionKeyArn',
      'definition',
      'description',
      'executionRoleArn',
      'id',
      'name',
      'status',
      'updatedAt',
      'version',
    ]);
    expect(response).toEqual({
      arn: FLOW_ARN,
      createdAt: new Date(T0),
      customerEncryptionKeyArn: KMS,
      definition,
      description: 'Checkout flow',
      executionRoleArn: ROLE,
      id: 'ID00000001',
      name: 'checkout-v2',
      status: 'NotPrepared',
      updatedAt: new Date(T0 + 1000),
      version: 'DRAFT',
    });
    expect(response.arn).toMatch(FLOW_ARN_PATTERN);
    expect(await f.api.getFlow({ flowIdentifier: f.flow.id })).toEqual(response);
  });

  it('returns a definition the caller may change without changing the registry', async () => {
    const f = await bedrockFixture();
    const response = await f.api.updateFlow({ flowIdentifier: f.flow.id, name: 'checkout', executionRoleArn: ROLE, definition });
    response.definition?.nodes?.pop();
    expect((await f.api.getFlow({ flowIdentifier: f.flow.id })).definition).toEqual(definition);
  });
});
