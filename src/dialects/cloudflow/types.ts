/**
 * Request and response shapes of the CloudFlow (Serverless Workflow, API 2019-03-15) operations this
 * dialect serves, with the references' PascalCase field names. `RoutingConfigurations` is an array here:
 * the HTTP layer parses the JSON string form of the RPC request before calling.
 */

export interface RoutingConfiguration {
  Version: string;
  Weight: number;
}

export interface CreateFlowRequest {
  Name: string;
  Definition: string;
  /** Required by the CreateFlow reference; optional here (docs/dialects.md). */
  Description?: string;
  /** `FDL`, the only documented value; the default. */
  Type?: 'FDL';
  RoleArn?: string;
}

export interface FlowResponse {
  RequestId: string;
  Name: string;
  Description?: string;
  Definition?: string;
  Id: string;
  Type: 'FDL';
  RoleArn?: string;
  CreatedTime: string;
  LastModifiedTime: string;
}

export type CreateFlowResponse = FlowResponse;

export interface DescribeFlowRequest {
  Name: string;
}

export type DescribeFlowResponse = FlowResponse;

export interface PublishFlowVersionRequest {
  FlowName: string;
  Description?: string;
}

export interface PublishFlowVersionResponse {
  RequestId: string;
  FlowName: string;
  Version: string;
  Description?: string;
  CreatedTime: string;
}

export interface CreateFlowAliasRequest {
  FlowName: string;
  Name: string;
  Description?: string;
  RoutingConfigurations: RoutingConfiguration[];
}

export interface CreateFlowAliasResponse {
  RequestId: string;
  FlowName: string;
  Name: string;
  Description?: string;
  RoutingConfigurations: RoutingConfiguration[];
  CreatedTime: string;
}

/** Changes only the fields present (`FlowName` and `Name` say which alias). */
export interface UpdateFlowAliasRequest {
  FlowName: string;
  Name: string;
  Description?: string;
  RoutingConfigurations?: RoutingConfiguration[];
}

export interface FlowAlias {
  Name: string;
  Description?: string;
  RoutingConfigurations: RoutingConfiguration[];
  CreatedTime: string;
}

export interface UpdateFlowAliasResponse {
  RequestId: string;
  Alias: FlowAlias;
}

export interface DescribeFlowAliasRequest {
  FlowName: string;
  Name: string;
}

export interface DescribeFlowAliasResponse {
  RequestId: string;
  Alias: FlowAlias;
}

export interface ListFlowAliasesRequest {
  FlowName: string;
  NextToken?: string;
  Limit?: number;
}

export interface ListFlowAliasesResponse {
  RequestId: string;
  NextToken?: string;
  Aliases: FlowAlias[];
}

export interface DeleteFlowAliasRequest {
  FlowName: string;
  Name: string;
}

export interface DeleteFlowAliasResponse {
  RequestId: string;
}

/** The operations `cloudflowApi` returns, named after the CloudFlow actions; each answers a promise. */
export interface CloudFlowApi {
  createFlow(input: CreateFlowRequest): Promise<CreateFlowResponse>;
  describeFlow(input: DescribeFlowRequest): Promise<DescribeFlowResponse>;
  publishFlowVersion(input: PublishFlowVersionRequest): Promise<PublishFlowVersionResponse>;
  createFlowAlias(input: CreateFlowAliasRequest): Promise<CreateFlowAliasResponse>;
  updateFlowAlias(input: UpdateFlowAliasRequest): Promise<UpdateFlowAliasResponse>;
  describeFlowAlias(input: DescribeFlowAliasRequest): Promise<DescribeFlowAliasResponse>;
  /** The same as `describeFlowAlias`. */
  getFlowAlias(input: DescribeFlowAliasRequest): Promise<DescribeFlowAliasResponse>;
  listFlowAliases(input: ListFlowAliasesRequest): Promise<ListFlowAliasesResponse>;
  deleteFlowAlias(input: DeleteFlowAliasRequest): Promise<DeleteFlowAliasResponse>;
}
