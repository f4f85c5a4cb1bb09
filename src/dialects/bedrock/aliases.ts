import { compact } from '../../input/compact.js';
import { checkString, optionalString, readFields } from '../../input/fields.js';
import type { CreateAliasInput } from '../../registry/inputs.js';
import { readConcurrency, readTags } from '../../registry/rules.js';
import { compareText, paginate } from '../shared/paging.js';
import type { AnyRegistry } from '../shared/registry.js';
import { idempotency } from './idempotency.js';
import { renderAlias } from './render.js';
import { ROUTING_LABELS, readRoutingConfiguration } from './routing.js';
import {
  CLIENT_TOKEN,
  DESCRIPTION,
  NAME,
  readAliasIdentifier,
  readFlowIdentifier,
  readPageRequest,
} from './rules.js';
import type {
  CreateFlowAliasResponse,
  DeleteFlowAliasResponse,
  GetFlowAliasResponse,
  ListFlowAliasesResponse,
  UpdateFlowAliasResponse,
} from './types.js';

const CREATE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'routingConfiguration',
  'concurrencyConfiguration',
  'flowIdentifier',
  'clientToken',
  'tags',
]);
const UPDATE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'routingConfiguration',
  'concurrencyConfiguration',
  'flowIdentifier',
  'aliasIdentifier',
]);
const ALIAS_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'aliasIdentifier']);
const LIST_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'maxResults', 'nextToken']);

/** The alias fields CreateFlowAlias and UpdateFlowAlias share, checked by Bedrock's rules. */
function readAliasFields(f: Record<string, unknown>, weighted: boolean) {
  return {
    name: checkString(f.name, 'name', NAME),
    description: optionalString(f.description, 'description', DESCRIPTION),
    routing: readRoutingConfiguration(f.routingConfiguration, weighted),
    concurrency:
      f.concurrencyConfiguration === undefined ? undefined : readConcurrency(f.concurrencyConfiguration, 'concurrencyConfiguration'),
  };
}

export async function createFlowAlias(registry: AnyRegistry, input: unknown, weighted: boolean): Promise<CreateFlowAliasResponse> {
  const f = readFields(input, '', CREATE_KEYS);
  const fields = readAliasFields(f, weighted);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const clientToken = optionalString(f.clientToken, 'clientToken', CLIENT_TOKEN);
  const request = compact<CreateAliasInput>({ ...fields, tags: readTags(f.tags, 'tags') });
  const record = await registry.createAlias(flow, request, {
    labels: ROUTING_LABELS,
    ...idempotency('CreateFlowAlias', clientToken, { flowId: flow.id, ...request }),
  });
  return renderAlias(registry, record);
}

/** Replaces the whole alias: "include both fields that you want to keep and ones that you want to change". */
export async function updateFlowAlias(registry: AnyRegistry, input: unknown, weighted: boolean): Promise<UpdateFlowAliasResponse> {
  const f = readFields(input, '', UPDATE_KEYS);
  const fields = readAliasFields(f, weighted);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const alias = readAliasIdentifier(registry, flow.id, f.aliasIdentifier);
  const record = await registry.updateAlias(
    flow,
    alias,
    {
      name: fields.name,
      description: fields.description ?? null,
      routing: fields.routing,
      concurrency: fields.concurrency ?? null,
    },
    { labels: ROUTING_LABELS },
  );
  return renderAlias(registry, record);
}

export async function getFlowAlias(registry: AnyRegistry, input: unknown): Promise<GetFlowAliasResponse> {
  const f = readFields(input, '', ALIAS_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  return renderAlias(registry, await registry.getAlias(flow, readAliasIdentifier(registry, flow.id, f.aliasIdentifier)));
}

/** Lists the flow's aliases by ID, the test alias `TSTALIASID` among them. */
export async function listFlowAliases(registry: AnyRegistry, input: unknown): Promise<ListFlowAliasesResponse> {
  const f = readFields(input, '', LIST_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const request = readPageRequest(f, `bedrock:aliases:${flow.id}`);
  const page = paginate(await registry.listAliases(flow, { includeTestAlias: true }), (alias) => alias.id, compareText, request);
  return compact<ListFlowAliasesResponse>({
    flowAliasSummaries: page.items.map((alias) => renderAlias(registry, alias)),
    nextToken: page.nextToken,
  });
}

export async function deleteFlowAlias(registry: AnyRegistry, input: unknown): Promise<DeleteFlowAliasResponse> {
  const f = readFields(input, '', ALIAS_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const record = await registry.deleteAlias(flow, readAliasIdentifier(registry, flow.id, f.aliasIdentifier));
  return { flowId: record.flowId, id: record.id };
}
