/**
 * The dialect APIs the wire protocols call. The HTTP layer builds each operation's input object (the SDK
 * command input for Bedrock, the PascalCase request for CloudFlow) from the wire and the API validates it,
 * so each operation is called here through the one signature they share: input in, a promise out.
 */
import type { BedrockApi } from '../dialects/bedrock/types.js';
import type { CloudFlowApi } from '../dialects/cloudflow/types.js';

export type BedrockOperation = keyof BedrockApi;
export type CloudflowOperation = keyof CloudFlowApi;

/** Calls one operation with an input read from the wire (still unvalidated: the API checks every field). */
export function callOperation<Api extends object>(api: Api, operation: keyof Api, input: Record<string, unknown>): Promise<unknown> {
  const method = api[operation] as unknown as (this: Api, input: unknown) => Promise<unknown>;
  return method.call(api, input);
}

export type { BedrockApi, CloudFlowApi };
