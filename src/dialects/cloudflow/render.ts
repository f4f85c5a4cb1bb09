import { compact } from '../../input/compact.js';
import type { JsonValue } from '../../input/json-document.js';
import type { AliasRecord, FlowRecord } from '../../registry/model.js';
import type { FlowAlias, FlowResponse, RoutingConfiguration } from './types.js';

/** Turns a stored ISO-8601 timestamp into the response's time string. */
export type TimeFormat = (time: Date) => string;

/**
 * A draft is an FDL string when written through CloudFlow; a Bedrock FlowDefinition is shown as its JSON
 * text (JSON is YAML, which FDL is written in).
 */
function definitionText(definition: JsonValue | undefined): string | undefined {
  if (definition === undefined) return undefined;
  return typeof definition === 'string' ? definition : JSON.stringify(definition);
}

export function renderFlow(requestId: string, flow: FlowRecord, format: TimeFormat): FlowResponse {
  return compact<FlowResponse>({
    RequestId: requestId,
    Name: flow.name,
    Description: flow.description,
    Definition: definitionText(flow.definition),
    Id: flow.id,
    Type: 'FDL',
    RoleArn: flow.executionRoleArn,
    CreatedTime: format(new Date(flow.createdAt)),
    LastModifiedTime: format(new Date(flow.updatedAt)),
  });
}

export function renderRouting(alias: AliasRecord): RoutingConfiguration[] {
  return alias.routing.map((e) => ({ Version: e.version, Weight: e.weight }));
}

export function renderAlias(alias: AliasRecord, format: TimeFormat): FlowAlias {
  return compact<FlowAlias>({
    Name: alias.name,
    Description: alias.description,
    RoutingConfigurations: renderRouting(alias),
    CreatedTime: format(new Date(alias.createdAt)),
  });
}
