import type { CloudflowOperation } from './operations.js';

/** How a CloudFlow request parameter is decoded: form values are strings; some carry numbers or JSON. */
export type ParamKind = 'string' | 'integer' | 'routing';

export interface CloudflowAction {
  readonly operation: CloudflowOperation;
  readonly params: Readonly<Record<string, ParamKind>>;
  readonly mutates: boolean;
}

/** The RPC API version every CloudFlow request must name. */
export const CLOUDFLOW_VERSION = '2019-03-15';

/**
 * Parameters every Alibaba RPC request may carry beside the operation's own: the protocol's (Action,
 * Version, Format), the signature's, and two the clients add that carry nothing for this server.
 */
export const COMMON_PARAMS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
  'RegionId',
  'RequestId',
]);

const ALIAS_REF = { FlowName: 'string', Name: 'string' } as const;
const ALIAS_BODY = { ...ALIAS_REF, Description: 'string', RoutingConfigurations: 'routing' } as const;

/** Actions by name; parameter names as the CloudFlow references spell them. */
export const CLOUDFLOW_ACTIONS: ReadonlyMap<string, CloudflowAction> = new Map<string, CloudflowAction>([
  [
    'CreateFlow',
    {
      operation: 'createFlow',
      params: { Name: 'string', Definition: 'string', Description: 'string', Type: 'string', RoleArn: 'string' },
      mutates: true,
    },
  ],
  ['DescribeFlow', { operation: 'describeFlow', params: { Name: 'string' }, mutates: false }],
  ['PublishFlowVersion', { operation: 'publishFlowVersion', params: { FlowName: 'string', Description: 'string' }, mutates: true }],
  ['CreateFlowAlias', { operation: 'createFlowAlias', params: ALIAS_BODY, mutates: true }],
  ['UpdateFlowAlias', { operation: 'updateFlowAlias', params: ALIAS_BODY, mutates: true }],
  ['DescribeFlowAlias', { operation: 'describeFlowAlias', params: ALIAS_REF, mutates: false }],
  ['GetFlowAlias', { operation: 'getFlowAlias', params: ALIAS_REF, mutates: false }],
  [
    'ListFlowAliases',
    { operation: 'listFlowAliases', params: { FlowName: 'string', NextToken: 'string', Limit: 'integer' }, mutates: false },
  ],
  ['DeleteFlowAlias', { operation: 'deleteFlowAlias', params: ALIAS_REF, mutates: true }],
]);
