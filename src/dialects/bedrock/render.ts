import { compact } from '../../input/compact.js';
import { thawJson, type JsonValue } from '../../input/json-document.js';
import { DRAFT_VERSION, type AliasRecord, type FlowRecord, type VersionRecord } from '../../registry/model.js';
import type { AnyRegistry } from '../shared/registry.js';
import { renderRoutingConfiguration } from './routing.js';
import type { FlowAliasResponse, FlowDefinition, FlowResponse, FlowSummary, FlowVersionResponse, FlowVersionSummary } from './types.js';

/**
 * Registry records as SDK responses: fresh mutable objects, `Date` timestamps, optional fields only when
 * set. A draft held as a CloudFlow FDL string is not a FlowDefinition, so Bedrock shows no definition.
 */

/** Bedrock descriptions are 1 to 200 characters: an empty one (written through CloudFlow) is absent. */
function nonEmpty(description: string | undefined): string | undefined {
  return description === '' ? undefined : description;
}

function definitionOf(definition: JsonValue | undefined): FlowDefinition | undefined {
  if (definition === undefined || typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    return undefined;
  }
  return thawJson(definition) as FlowDefinition;
}

export function renderFlowSummary(registry: AnyRegistry, flow: FlowRecord): FlowSummary {
  return compact<FlowSummary>({
    name: flow.name,
    description: nonEmpty(flow.description),
    id: flow.id,
    arn: registry.flowArn(flow),
    status: flow.status,
    createdAt: new Date(flow.createdAt),
    updatedAt: new Date(flow.updatedAt),
    version: DRAFT_VERSION,
  });
}

/** A flow's draft: its summary, and the draft's role, key and definition. */
export function renderFlow(registry: AnyRegistry, flow: FlowRecord, withDefinition: boolean): FlowResponse {
  return {
    ...renderFlowSummary(registry, flow),
    ...compact<Pick<FlowResponse, 'executionRoleArn' | 'customerEncryptionKeyArn' | 'definition'>>({
      executionRoleArn: flow.executionRoleArn,
      customerEncryptionKeyArn: flow.customerEncryptionKeyArn,
      definition: withDefinition ? definitionOf(flow.definition) : undefined,
    }),
  };
}

export function renderVersion(registry: AnyRegistry, version: VersionRecord, withDefinition: boolean): FlowVersionResponse {
  return compact<FlowVersionResponse>({
    name: version.name,
    description: nonEmpty(version.description),
    executionRoleArn: version.executionRoleArn,
    customerEncryptionKeyArn: version.customerEncryptionKeyArn,
    id: version.flowId,
    arn: registry.arns.flow(version.flowId),
    status: version.status,
    createdAt: new Date(version.createdAt),
    version: version.version,
    definition: withDefinition ? definitionOf(version.definition) : undefined,
  });
}

export function renderVersionSummary(registry: AnyRegistry, version: VersionRecord): FlowVersionSummary {
  return {
    id: version.flowId,
    arn: registry.arns.flow(version.flowId),
    status: version.status,
    createdAt: new Date(version.createdAt),
    version: version.version,
  };
}

export function renderAlias(registry: AnyRegistry, alias: AliasRecord): FlowAliasResponse {
  return compact<FlowAliasResponse>({
    name: alias.name,
    description: nonEmpty(alias.description),
    routingConfiguration: renderRoutingConfiguration(alias),
    concurrencyConfiguration: alias.concurrency === undefined ? undefined : { ...alias.concurrency },
    flowId: alias.flowId,
    id: alias.id,
    arn: registry.aliasArn(alias),
    createdAt: new Date(alias.createdAt),
    updatedAt: new Date(alias.updatedAt),
  });
}
