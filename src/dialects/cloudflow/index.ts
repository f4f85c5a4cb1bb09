/** `flow-alias-router/cloudflow`: a FlowRegistry in CloudFlow's PascalCase requests and responses. */
export { cloudflowApi, type CloudFlowApiOptions } from './api.js';
export type { CloudFlowApi } from './types.js';
export type * as CloudFlow from './types.js';
