import { ValidationException, type FlowAliasRouterException } from '../../errors.js';
import { readFields } from '../../input/fields.js';
import { FlowRegistry } from '../../registry/registry.js';
import { recode, runOperation } from '../shared/errors.js';
import type { AnyRegistry } from '../shared/registry.js';
import { createFlowAlias, deleteFlowAlias, getFlowAlias, listFlowAliases, updateFlowAlias } from './aliases.js';
import { createFlow, deleteFlow, getFlow, listFlows, prepareFlow, updateFlow } from './flows.js';
import type { BedrockApi } from './types.js';
import { createFlowVersion, deleteFlowVersion, getFlowVersion, listFlowVersions } from './versions.js';

export interface BedrockApiOptions {
  /**
   * Opt-in extension: a `routingConfiguration` may carry two items `{ flowVersion, weight }` (integer
   * weights, positive total), so an alias can canary a new version, which Bedrock itself cannot do.
   * Default false: exactly one item `{ flowVersion }`, as the references require. See docs/dialects.md.
   */
  readonly weightedRouting?: boolean;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['weightedRouting']);

/** Bedrock errors carry no vendor code beyond the exception's name. */
function bedrockError(error: FlowAliasRouterException): FlowAliasRouterException {
  return recode(error, error.name);
}

/**
 * The registry in the shape of `@aws-sdk/client-bedrock-agent`: each method takes a command's input and
 * returns a promise of its output (without `$metadata`), as the SDK's `send` does, on a registry on any
 * store. A failure is a rejection (never a synchronous throw) with one of the typed exceptions of
 * errors.ts. Flows and aliases are addressed by ID or ARN, as Bedrock addresses them.
 */
export function bedrockApi(registry: AnyRegistry, options: BedrockApiOptions = {}): BedrockApi {
  if (!(registry instanceof FlowRegistry)) throw new ValidationException('registry', 'must be a FlowRegistry');
  const weighted = readFields(options, 'options', OPTION_KEYS).weightedRouting ?? false;
  if (typeof weighted !== 'boolean') throw new ValidationException('options.weightedRouting', 'must be a boolean');
  const run = <T>(operation: () => Promise<T>): Promise<T> => runOperation(operation, bedrockError);
  return Object.freeze({
    createFlow: (input) => run(() => createFlow(registry, input)),
    updateFlow: (input) => run(() => updateFlow(registry, input)),
    getFlow: (input) => run(() => getFlow(registry, input)),
    deleteFlow: (input) => run(() => deleteFlow(registry, input)),
    listFlows: (input) => run(() => listFlows(registry, input)),
    prepareFlow: (input) => run(() => prepareFlow(registry, input)),
    createFlowVersion: (input) => run(() => createFlowVersion(registry, input)),
    getFlowVersion: (input) => run(() => getFlowVersion(registry, input)),
    listFlowVersions: (input) => run(() => listFlowVersions(registry, input)),
    deleteFlowVersion: (input) => run(() => deleteFlowVersion(registry, input)),
    createFlowAlias: (input) => run(() => createFlowAlias(registry, input, weighted)),
    updateFlowAlias: (input) => run(() => updateFlowAlias(registry, input, weighted)),
    getFlowAlias: (input) => run(() => getFlowAlias(registry, input)),
    listFlowAliases: (input) => run(() => listFlowAliases(registry, input)),
    deleteFlowAlias: (input) => run(() => deleteFlowAlias(registry, input)),
  } satisfies BedrockApi);
}
