/**
 * What the wire protocols call: the dialect APIs over the registry, seen structurally. Method syntax keeps
 * each operation's own input type assignable here; the HTTP layer builds the input object the SDK command
 * would carry and the API validates it.
 */
export interface BedrockApi {
  createFlow(input: object): object;
  updateFlow(input: object): object;
  getFlow(input: object): object;
  deleteFlow(input: object): object;
  listFlows(input: object): object;
  prepareFlow(input: object): object;
  createFlowVersion(input: object): object;
  getFlowVersion(input: object): object;
  listFlowVersions(input: object): object;
  deleteFlowVersion(input: object): object;
  createFlowAlias(input: object): object;
  updateFlowAlias(input: object): object;
  getFlowAlias(input: object): object;
  listFlowAliases(input: object): object;
  deleteFlowAlias(input: object): object;
}

export type BedrockOperation = keyof BedrockApi;

export interface CloudflowApi {
  createFlow(input: object): object;
  describeFlow(input: object): object;
  publishFlowVersion(input: object): object;
  createFlowAlias(input: object): object;
  updateFlowAlias(input: object): object;
  describeFlowAlias(input: object): object;
  getFlowAlias(input: object): object;
  listFlowAliases(input: object): object;
  deleteFlowAlias(input: object): object;
}

export type CloudflowOperation = keyof CloudflowApi;
