import { bedrockApi, type BedrockApiOptions, type RegistryOptions } from '../../../test/all-entries.js';
import { testRegistry } from '../../registry/fixtures.js';

export const ROLE = 'arn:aws:iam::123456789012:role/service-role/AmazonBedrockExecutionRoleForFlows_checkout';
export const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** 33 characters: the shortest clientToken Bedrock accepts. */
export const TOKEN = 'tok0123456789abcdef0123456789abcd';
export const FLOW_ARN = 'arn:aws:bedrock:us-east-1:123456789012:flow/ID00000001';

/**
 * A registry and its Bedrock API holding flow `checkout` (ID00000001, prepared) with versions 1 and 2 and
 * alias `live` (ID00000002) on version 1.
 */
export async function bedrockFixture(options: BedrockApiOptions = {}, registryOptions: RegistryOptions = {}) {
  const t = await testRegistry(registryOptions);
  const api = bedrockApi(t.registry, options);
  const flow = await api.createFlow({ name: 'checkout', executionRoleArn: ROLE });
  await api.prepareFlow({ flowIdentifier: flow.id });
  await api.createFlowVersion({ flowIdentifier: flow.id });
  await api.createFlowVersion({ flowIdentifier: flow.id });
  const alias = await api.createFlowAlias({ flowIdentifier: flow.id, name: 'live', routingConfiguration: [{ flowVersion: '1' }] });
  return { ...t, api, flow, alias };
}

export type BedrockFixture = Awaited<ReturnType<typeof bedrockFixture>>;
