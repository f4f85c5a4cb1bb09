// TEMPORARY: a recording stand-in for bedrockApi/cloudflowApi so the HTTP layer can be exercised before
// the registry (issue 3) is merged. Deleted once the server is wired to the real dialect APIs.
import { MemorySource, type FlowAliasRouterException } from '../../src/index.js';
import type { ControlPlane } from '../../src/server/handler.js';

export interface Call {
  readonly dialect: 'bedrock' | 'cloudflow';
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface StandIn {
  readonly plane: ControlPlane;
  readonly source: MemorySource;
  readonly calls: Call[];
  /** The next call throws this instead of answering. */
  failNext(error: FlowAliasRouterException): void;
}

const BEDROCK = [
  'createFlow', 'updateFlow', 'getFlow', 'deleteFlow', 'listFlows', 'prepareFlow', 'createFlowVersion', 'getFlowVersion',
  'listFlowVersions', 'deleteFlowVersion', 'createFlowAlias', 'updateFlowAlias', 'getFlowAlias', 'listFlowAliases', 'deleteFlowAlias',
] as const;
const CLOUDFLOW = [
  'createFlow', 'describeFlow', 'publishFlowVersion', 'createFlowAlias', 'updateFlowAlias', 'describeFlowAlias', 'getFlowAlias',
  'listFlowAliases', 'deleteFlowAlias',
] as const;

export function standIn(answer: (call: Call) => object): StandIn {
  const calls: Call[] = [];
  let failure: FlowAliasRouterException | undefined;
  const method = (dialect: Call['dialect'], operation: string) => (input: object) => {
    const call = { dialect, operation, input: input as Record<string, unknown> };
    calls.push(call);
    if (failure !== undefined) {
      const error = failure;
      failure = undefined;
      throw error;
    }
    return answer(call);
  };
  const source = new MemorySource();
  return {
    plane: {
      source,
      bedrock: Object.fromEntries(BEDROCK.map((op) => [op, method('bedrock', op)])) as unknown as ControlPlane['bedrock'],
      cloudflow: Object.fromEntries(CLOUDFLOW.map((op) => [op, method('cloudflow', op)])) as unknown as ControlPlane['cloudflow'],
    },
    source,
    calls,
    failNext(error) {
      failure = error;
    },
  };
}
