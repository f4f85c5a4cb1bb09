/**
 * Request and response shapes of the `@aws-sdk/client-bedrock-agent` commands this dialect serves, with
 * the SDK's field names (test/dialects/bedrock/sdk-shapes.test.ts holds them to the SDK's types).
 * Responses omit `$metadata`; timestamps are `Date`s, as the SDK deserialises them.
 */

export type FlowStatus = 'Failed' | 'Prepared' | 'Preparing' | 'NotPrepared';
export type IncludedData = 'ALL_DATA' | 'METADATA_ONLY';
export type ConcurrencyType = 'Automatic' | 'Manual';

/** A node, connection or configuration of a FlowDefinition; see docs/dialects.md for what is checked. */
export interface FlowDefinition {
  nodes?: FlowNode[];
  connections?: FlowConnection[];
}

export interface FlowNode {
  name: string;
  type: string;
  /** A union: exactly one member, named after `type` (`prompt` for `Prompt`). Its content is kept as given. */
  configuration?: Record<string, unknown>;
  inputs?: FlowNodeInput[];
  outputs?: FlowNodeOutput[];
}

export interface FlowNodeInput {
  name: string;
  type: string;
  expression: string;
  category?: string;
}

export interface FlowNodeOutput {
  name: string;
  type: string;
}

export interface FlowConnection {
  type: 'Data' | 'Conditional';
  name: string;
  source: string;
  target: string;
  configuration?: { data: { sourceOutput: string; targetInput: string } } | { conditional: { condition: string } };
}

export interface FlowAliasRoutingConfigurationListItem {
  flowVersion?: string;
  /**
   * Extension (off by default; `bedrockApi(registry, { weightedRouting: true })`): the entry's integer
   * weight, required on each of two entries. Not an SDK field: see docs/dialects.md.
   */
  weight?: number;
}

export interface FlowAliasConcurrencyConfiguration {
  type: ConcurrencyType;
  maxConcurrency?: number;
}

// ---- flows ----

export interface CreateFlowRequest {
  name: string;
  description?: string;
  executionRoleArn: string;
  customerEncryptionKeyArn?: string;
  definition?: FlowDefinition;
  clientToken?: string;
  tags?: Record<string, string>;
}

/** CreateFlow, UpdateFlow and GetFlow answer a version's fields and `updatedAt` (GetFlow adds `validations`). */
export interface FlowResponse extends FlowVersionResponse {
  updatedAt: Date;
}

export type CreateFlowResponse = FlowResponse;

export interface UpdateFlowRequest {
  name: string;
  description?: string;
  executionRoleArn: string;
  customerEncryptionKeyArn?: string;
  definition?: FlowDefinition;
  flowIdentifier: string;
}

export type UpdateFlowResponse = FlowResponse;

export interface GetFlowRequest {
  flowIdentifier: string;
  includedData?: IncludedData;
}

export interface FlowValidation {
  message: string;
  severity: 'Warning' | 'Error';
}

export interface GetFlowResponse extends FlowResponse {
  /** Never set: preparing never fails here. */
  validations?: FlowValidation[];
}

export interface DeleteFlowRequest {
  flowIdentifier: string;
  skipResourceInUseCheck?: boolean;
}

export interface DeleteFlowResponse {
  id: string;
}

export interface ListFlowsRequest {
  maxResults?: number;
  nextToken?: string;
}

export interface FlowSummary {
  name: string;
  description?: string;
  id: string;
  arn: string;
  status: FlowStatus;
  createdAt: Date;
  updatedAt: Date;
  version: string;
}

export interface ListFlowsResponse {
  flowSummaries: FlowSummary[];
  nextToken?: string;
}

export interface PrepareFlowRequest {
  flowIdentifier: string;
}

export interface PrepareFlowResponse {
  id: string;
  status: FlowStatus;
}

// ---- versions ----

export interface CreateFlowVersionRequest {
  flowIdentifier: string;
  description?: string;
  clientToken?: string;
}

/** CreateFlowVersion and GetFlowVersion answer these fields. */
export interface FlowVersionResponse {
  name: string;
  description?: string;
  executionRoleArn: string;
  customerEncryptionKeyArn?: string;
  id: string;
  arn: string;
  status: FlowStatus;
  createdAt: Date;
  version: string;
  definition?: FlowDefinition;
}

export type CreateFlowVersionResponse = FlowVersionResponse;

export interface GetFlowVersionRequest {
  flowIdentifier: string;
  flowVersion: string;
  includedData?: IncludedData;
}

export type GetFlowVersionResponse = FlowVersionResponse;

export interface ListFlowVersionsRequest {
  flowIdentifier: string;
  maxResults?: number;
  nextToken?: string;
}

export interface FlowVersionSummary {
  id: string;
  arn: string;
  status: FlowStatus;
  createdAt: Date;
  version: string;
}

export interface ListFlowVersionsResponse {
  flowVersionSummaries: FlowVersionSummary[];
  nextToken?: string;
}

export interface DeleteFlowVersionRequest {
  flowIdentifier: string;
  flowVersion: string;
  skipResourceInUseCheck?: boolean;
}

export interface DeleteFlowVersionResponse {
  id: string;
  version: string;
}

// ---- aliases ----

export interface CreateFlowAliasRequest {
  name: string;
  description?: string;
  routingConfiguration: FlowAliasRoutingConfigurationListItem[];
  concurrencyConfiguration?: FlowAliasConcurrencyConfiguration;
  flowIdentifier: string;
  clientToken?: string;
  tags?: Record<string, string>;
}

/** CreateFlowAlias, UpdateFlowAlias, GetFlowAlias and ListFlowAliases' summaries answer these fields. */
export interface FlowAliasResponse {
  name: string;
  description?: string;
  routingConfiguration: FlowAliasRoutingConfigurationListItem[];
  concurrencyConfiguration?: FlowAliasConcurrencyConfiguration;
  flowId: string;
  id: string;
  arn: string;
  createdAt: Date;
  updatedAt: Date;
}

export type CreateFlowAliasResponse = FlowAliasResponse;

export interface UpdateFlowAliasRequest {
  name: string;
  description?: string;
  routingConfiguration: FlowAliasRoutingConfigurationListItem[];
  concurrencyConfiguration?: FlowAliasConcurrencyConfiguration;
  flowIdentifier: string;
  aliasIdentifier: string;
}

export type UpdateFlowAliasResponse = FlowAliasResponse;

export interface GetFlowAliasRequest {
  flowIdentifier: string;
  aliasIdentifier: string;
}

export type GetFlowAliasResponse = FlowAliasResponse;

export interface ListFlowAliasesRequest {
  flowIdentifier: string;
  maxResults?: number;
  nextToken?: string;
}

export type FlowAliasSummary = FlowAliasResponse;

export interface ListFlowAliasesResponse {
  flowAliasSummaries: FlowAliasSummary[];
  nextToken?: string;
}

export interface DeleteFlowAliasRequest {
  flowIdentifier: string;
  aliasIdentifier: string;
}

export interface DeleteFlowAliasResponse {
  flowId: string;
  id: string;
}

/** The operations `bedrockApi` returns, named after the SDK commands; each answers a promise. */
export interface BedrockApi {
  createFlow(input: CreateFlowRequest): Promise<CreateFlowResponse>;
  updateFlow(input: UpdateFlowRequest): Promise<UpdateFlowResponse>;
  getFlow(input: GetFlowRequest): Promise<GetFlowResponse>;
  deleteFlow(input: DeleteFlowRequest): Promise<DeleteFlowResponse>;
  listFlows(input?: ListFlowsRequest): Promise<ListFlowsResponse>;
  prepareFlow(input: PrepareFlowRequest): Promise<PrepareFlowResponse>;
  createFlowVersion(input: CreateFlowVersionRequest): Promise<CreateFlowVersionResponse>;
  getFlowVersion(input: GetFlowVersionRequest): Promise<GetFlowVersionResponse>;
  listFlowVersions(input: ListFlowVersionsRequest): Promise<ListFlowVersionsResponse>;
  deleteFlowVersion(input: DeleteFlowVersionRequest): Promise<DeleteFlowVersionResponse>;
  createFlowAlias(input: CreateFlowAliasRequest): Promise<CreateFlowAliasResponse>;
  updateFlowAlias(input: UpdateFlowAliasRequest): Promise<UpdateFlowAliasResponse>;
  getFlowAlias(input: GetFlowAliasRequest): Promise<GetFlowAliasResponse>;
  listFlowAliases(input: ListFlowAliasesRequest): Promise<ListFlowAliasesResponse>;
  deleteFlowAlias(input: DeleteFlowAliasRequest): Promise<DeleteFlowAliasResponse>;
}
