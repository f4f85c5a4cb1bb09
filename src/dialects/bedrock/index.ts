/** `flow-alias-router/bedrock`: a FlowRegistry in the shapes of @aws-sdk/client-bedrock-agent's commands. */
export { bedrockApi, type BedrockApiOptions } from './api.js';
export type { BedrockApi } from './types.js';
export type * as Bedrock from './types.js';
