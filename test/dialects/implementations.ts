import { bedrockApi, cloudflowApi, type BedrockApiOptions } from '../../test/all-entries.js';
import { testRegistry } from '../registry/fixtures.js';
import type { BadInputSuite } from './bad-input.properties.js';
import { FLOW_ARN, KMS, ROLE, TOKEN } from './bedrock/fixtures.js';

/** Every operation of each dialect with valid requests against its suite's state, for bad-input.properties.ts. */

const FLOW = 'ID00000001';
const ALIAS = 'ID00000002';
const DEFINITION = {
  nodes: [
    { name: 'FlowInput', type: 'Input', configuration: { input: {} }, outputs: [{ name: 'document', type: 'String' }] },
    { name: 'FlowOutput', type: 'Output', configuration: { output: {} }, inputs: [{ name: 'document', type: 'String', expression: '$.data' }] },
  ],
  connections: [
    { name: 'InToOut', type: 'Data', source: 'FlowInput', target: 'FlowOutput', configuration: { data: { sourceOutput: 'document', targetInput: 'document' } } },
  ],
};

/** Flow ID00000001 `checkout` (prepared) with versions 1 and 2 and alias ID00000002 `live`. */
export function bedrockSuite(options: BedrockApiOptions = {}): BadInputSuite {
  const weighted = options.weightedRouting === true;
  return {
    async setup() {
      const { registry } = await testRegistry({ maxClientTokens: 10 });
      const api = bedrockApi(registry, options);
      await api.createFlow({ name: 'checkout', executionRoleArn: ROLE, definition: DEFINITION as never });
      await api.prepareFlow({ flowIdentifier: FLOW });
      await api.createFlowVersion({ flowIdentifier: FLOW });
      await api.createFlowVersion({ flowIdentifier: FLOW });
      await api.createFlowAlias({ flowIdentifier: FLOW, name: 'live', routingConfiguration: [{ flowVersion: '1' }] });
      return { registry, api: api as unknown as Record<string, (input: unknown) => Promise<unknown>> };
    },
    operations: [
      {
        name: 'createFlow',
        valid: [
          { name: 'orders', executionRoleArn: ROLE, description: 'd', definition: DEFINITION, customerEncryptionKeyArn: KMS, clientToken: TOKEN, tags: { team: 'pay' } },
          { name: 'orders', executionRoleArn: ROLE },
        ],
      },
      { name: 'updateFlow', valid: [{ flowIdentifier: FLOW, name: 'checkout', executionRoleArn: ROLE, description: 'd', customerEncryptionKeyArn: KMS, definition: DEFINITION }] },
      { name: 'getFlow', valid: [{ flowIdentifier: FLOW_ARN, includedData: 'METADATA_ONLY' }] },
      { name: 'deleteFlow', valid: [{ flowIdentifier: FLOW, skipResourceInUseCheck: true }] },
      { name: 'listFlows', valid: [{ maxResults: 1 }, {}] },
      { name: 'prepareFlow', valid: [{ flowIdentifier: FLOW }] },
      { name: 'createFlowVersion', valid: [{ flowIdentifier: FLOW, description: 'd', clientToken: TOKEN }] },
      { name: 'getFlowVersion', valid: [{ flowIdentifier: FLOW, flowVersion: '1', includedData: 'ALL_DATA' }] },
      { name: 'listFlowVersions', valid: [{ flowIdentifier: FLOW, maxResults: 1 }] },
      { name: 'deleteFlowVersion', valid: [{ flowIdentifier: FLOW, flowVersion: '2', skipResourceInUseCheck: false }] },
      {
        name: 'createFlowAlias',
        valid: [
          {
            flowIdentifier: FLOW,
            name: 'canary',
            description: 'd',
            routingConfiguration: weighted ? [{ flowVersion: '1', weight: 90 }, { flowVersion: '2', weight: 10 }] : [{ flowVersion: '2' }],
            concurrencyConfiguration: { type: 'Manual', maxConcurrency: 2 },
            clientToken: TOKEN,
            tags: { team: 'pay' },
          },
        ],
      },
      {
        name: 'updateFlowAlias',
        valid: [
          {
            flowIdentifier: FLOW,
            aliasIdentifier: ALIAS,
            name: 'live',
            description: 'd',
            routingConfiguration: weighted ? [{ flowVersion: '1', weight: 0 }, { flowVersion: 'DRAFT', weight: 5 }] : [{ flowVersion: '2' }],
          },
        ],
      },
      { name: 'getFlowAlias', valid: [{ flowIdentifier: FLOW, aliasIdentifier: `${FLOW_ARN}/alias/${ALIAS}` }] },
      { name: 'listFlowAliases', valid: [{ flowIdentifier: FLOW, maxResults: 2 }] },
      { name: 'deleteFlowAlias', valid: [{ flowIdentifier: FLOW, aliasIdentifier: ALIAS }] },
    ],
  };
}

/** Flow `example-flow-name` with versions 1 and 2 and alias `live`. */
export function cloudflowSuite(): BadInputSuite {
  const FLOW_NAME = 'example-flow-name';
  return {
    async setup() {
      const { registry } = await testRegistry();
      const api = cloudflowApi(registry, { requestId: () => 'testRequestID' });
      await api.createFlow({ Name: FLOW_NAME, Definition: 'steps: []' });
      await api.publishFlowVersion({ FlowName: FLOW_NAME });
      await api.publishFlowVersion({ FlowName: FLOW_NAME });
      await api.createFlowAlias({ FlowName: FLOW_NAME, Name: 'live', RoutingConfigurations: [{ Version: '1', Weight: 1 }] });
      return { registry, api: api as unknown as Record<string, (input: unknown) => Promise<unknown>> };
    },
    operations: [
      { name: 'createFlow', valid: [{ Name: 'orders', Definition: 'steps: []', Description: 'd', Type: 'FDL', RoleArn: 'acs:ram::1234:role/fnf' }] },
      { name: 'describeFlow', valid: [{ Name: FLOW_NAME }] },
      { name: 'publishFlowVersion', valid: [{ FlowName: FLOW_NAME, Description: 'd' }] },
      {
        name: 'createFlowAlias',
        valid: [{ FlowName: FLOW_NAME, Name: 'canary', Description: 'd', RoutingConfigurations: [{ Version: '1', Weight: 90 }, { Version: '2', Weight: 10 }] }],
      },
      {
        name: 'updateFlowAlias',
        valid: [
          { FlowName: FLOW_NAME, Name: 'live', Description: 'd', RoutingConfigurations: [{ Version: '2', Weight: 30 }] },
          { FlowName: FLOW_NAME, Name: 'live', Description: '' },
        ],
      },
      { name: 'describeFlowAlias', valid: [{ FlowName: FLOW_NAME, Name: 'live' }] },
      { name: 'getFlowAlias', valid: [{ FlowName: FLOW_NAME, Name: 'live' }] },
      { name: 'listFlowAliases', valid: [{ FlowName: FLOW_NAME, Limit: 1 }] },
      { name: 'deleteFlowAlias', valid: [{ FlowName: FLOW_NAME, Name: 'live' }] },
    ],
  };
}
