import { ResourceNotFoundException, ValidationException } from '../../errors.js';
import { checkEnum, checkInteger, checkString, optionalString, quote, type StringRule } from '../../input/fields.js';
import { ID_PATTERN } from '../../registry/rules.js';
import type { PageRequest } from '../shared/paging.js';
import type { AnyRegistry } from '../shared/registry.js';
import type { IncludedData } from './types.js';

/**
 * Field rules of the Amazon Bedrock API references (UpdateFlowAlias, GetFlowAlias, UpdateFlow and their
 * sibling operations). The published identifier patterns put `^` and `$` inside one alternative each
 * (`^(arn...)|([0-9a-zA-Z]{10})$`), which would accept any string ending in ten alphanumerics; here the
 * whole expression is anchored, as the references evidently intend.
 */

/** FlowName and Name: `^([0-9a-zA-Z][_-]?){1,100}$`, so at most 200 characters. */
export const NAME: StringRule = { max: 200, pattern: /^([0-9a-zA-Z][_-]?){1,100}$/, patternText: '^([0-9a-zA-Z][_-]?){1,100}$' };
export const DESCRIPTION: StringRule = { min: 1, max: 200 };
const FLOW_ARN = /^arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow\/[0-9a-zA-Z]{10}$/;
const ALIAS_ARN = /^arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow\/[0-9a-zA-Z]{10}\/alias\/[0-9a-zA-Z]{10}$/;
export const FLOW_IDENTIFIER: StringRule = {
  max: 65,
  pattern: new RegExp(`(?:${FLOW_ARN.source})|(?:^[0-9a-zA-Z]{10}$)`),
  patternText: 'an ID [0-9a-zA-Z]{10} or an ARN arn:aws:bedrock:{region}:{account}:flow/{id}',
};
export const ALIAS_IDENTIFIER: StringRule = {
  max: 82,
  pattern: new RegExp(`(?:${ALIAS_ARN.source})|(?:^(TSTALIASID|[0-9a-zA-Z]{10})$)`),
  patternText: 'an ID [0-9a-zA-Z]{10}, TSTALIASID or an ARN arn:aws:bedrock:{region}:{account}:flow/{flowId}/alias/{id}',
};
/** `Version` of FlowAliasRoutingConfigurationListItem. */
export const FLOW_VERSION: StringRule = { max: 10, pattern: /^(DRAFT|[0-9]{0,4}[1-9][0-9]{0,4})$/ };
/** `NumericalVersion` of GetFlowVersion and DeleteFlowVersion. */
export const NUMERICAL_VERSION: StringRule = { max: 5, pattern: /^[0-9]{1,5}$/ };
export const EXECUTION_ROLE_ARN: StringRule = {
  min: 0,
  max: 2048,
  pattern: /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/(service-role\/)?.+$/,
};
export const KMS_KEY_ARN: StringRule = {
  max: 2048,
  pattern: /^arn:aws(|-cn|-us-gov):kms:[a-zA-Z0-9-]*:[0-9]{12}:key\/[a-zA-Z0-9-]{36}$/,
};
export const CLIENT_TOKEN: StringRule = { min: 33, max: 256, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$/ };
const NEXT_TOKEN: StringRule = { max: 2048, pattern: /^\S*$/ };
const INCLUDED_DATA: readonly IncludedData[] = ['ALL_DATA', 'METADATA_ONLY'];
/** The response lists' documented `Array Members: Maximum number of 10 items`, used when maxResults is absent. */
export const DEFAULT_PAGE_SIZE = 10;

/** `maxResults` (1 to 1000, default 10) and `nextToken` of a list request, for a list named `scope`. */
export function readPageRequest(f: Record<string, unknown>, scope: string): PageRequest {
  return {
    limit: f.maxResults === undefined ? DEFAULT_PAGE_SIZE : checkInteger(f.maxResults, 'maxResults', 1, 1000),
    token: optionalString(f.nextToken, 'nextToken', NEXT_TOKEN),
    scope,
    field: 'nextToken',
  };
}

export function readIncludedData(value: unknown): IncludedData {
  return value === undefined ? 'ALL_DATA' : checkEnum(value, 'includedData', INCLUDED_DATA);
}

export function readBoolean(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ValidationException(field, 'must be a boolean');
  return value;
}

function elsewhere(kind: string, arn: string, registry: AnyRegistry): ResourceNotFoundException {
  return new ResourceNotFoundException(
    `${kind} ${quote(arn)} is not in this registry (region ${registry.region}, account ${registry.account})`,
    { code: kind === 'flow' ? 'FlowNotFound' : 'AliasNotFound' },
  );
}

/** `flowIdentifier`: an ID, or an ARN of this registry's region and account (any other ARN is not found). */
export function readFlowIdentifier(registry: AnyRegistry, value: unknown): { readonly id: string } {
  const text = checkString(value, 'flowIdentifier', FLOW_IDENTIFIER);
  if (ID_PATTERN.test(text)) return { id: text };
  const id = registry.arns.parseFlow(text);
  if (id === undefined) throw elsewhere('flow', text, registry);
  return { id };
}

/** `aliasIdentifier`: an ID, `TSTALIASID`, or an ARN of an alias of the flow that `flowIdentifier` names. */
export function readAliasIdentifier(registry: AnyRegistry, flowId: string, value: unknown): { readonly id: string } {
  const text = checkString(value, 'aliasIdentifier', ALIAS_IDENTIFIER);
  if (text.length === 10) return { id: text };
  const parts = registry.arns.parseAlias(text);
  if (parts === undefined) throw elsewhere('alias', text, registry);
  if (parts.flowId !== flowId) {
    throw new ValidationException('aliasIdentifier', `is an alias of flow ${parts.flowId}, not of flowIdentifier's flow ${flowId}`);
  }
  return { id: parts.aliasId };
}
