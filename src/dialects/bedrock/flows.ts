import { compact } from '../../input/compact.js';
import { checkString, optionalString, readFields } from '../../input/fields.js';
import type { CreateFlowInput } from '../../registry/inputs.js';
import { readTags } from '../../registry/rules.js';
import { compareText, paginate } from '../shared/paging.js';
import type { AnyRegistry } from '../shared/registry.js';
import { readFlowDefinition } from './definition.js';
import { idempotency } from './idempotency.js';
import { renderFlow, renderFlowSummary } from './render.js';
import {
  CLIENT_TOKEN,
  DESCRIPTION,
  EXECUTION_ROLE_ARN,
  KMS_KEY_ARN,
  NAME,
  readBoolean,
  readFlowIdentifier,
  readIncludedData,
  readPageRequest,
} from './rules.js';
import type {
  CreateFlowResponse,
  DeleteFlowResponse,
  GetFlowResponse,
  ListFlowsResponse,
  PrepareFlowResponse,
  UpdateFlowResponse,
} from './types.js';

const CREATE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'executionRoleArn',
  'customerEncryptionKeyArn',
  'definition',
  'clientToken',
  'tags',
]);
const UPDATE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'executionRoleArn',
  'customerEncryptionKeyArn',
  'definition',
  'flowIdentifier',
]);
const GET_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'includedData']);
const DELETE_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'skipResourceInUseCheck']);
const LIST_KEYS: ReadonlySet<string> = new Set(['maxResults', 'nextToken']);
const PREPARE_KEYS: ReadonlySet<string> = new Set(['flowIdentifier']);

/** The fields CreateFlow and UpdateFlow share, checked by Bedrock's rules. */
function readFlowFields(f: Record<string, unknown>) {
  return {
    name: checkString(f.name, 'name', NAME),
    description: optionalString(f.description, 'description', DESCRIPTION),
    definition: f.definition === undefined ? undefined : readFlowDefinition(f.definition),
    executionRoleArn: checkString(f.executionRoleArn, 'executionRoleArn', EXECUTION_ROLE_ARN),
    customerEncryptionKeyArn: optionalString(f.customerEncryptionKeyArn, 'customerEncryptionKeyArn', KMS_KEY_ARN),
  };
}

export async function createFlow(registry: AnyRegistry, input: unknown): Promise<CreateFlowResponse> {
  const f = readFields(input, '', CREATE_KEYS);
  const fields = readFlowFields(f);
  const clientToken = optionalString(f.clientToken, 'clientToken', CLIENT_TOKEN);
  const request = compact<CreateFlowInput>({ ...fields, tags: readTags(f.tags, 'tags') });
  const record = await registry.createFlow(request, idempotency('CreateFlow', clientToken, request));
  return renderFlow(registry, record, true);
}

/** Replaces the flow's fields ("include both fields that you want to keep and fields that you want to change"). */
export async function updateFlow(registry: AnyRegistry, input: unknown): Promise<UpdateFlowResponse> {
  const f = readFields(input, '', UPDATE_KEYS);
  const fields = readFlowFields(f);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const record = await registry.updateFlow(flow, {
    name: fields.name,
    description: fields.description ?? null,
    definition: fields.definition ?? null,
    executionRoleArn: fields.executionRoleArn,
    customerEncryptionKeyArn: fields.customerEncryptionKeyArn ?? null,
  });
  return renderFlow(registry, record, true);
}

export async function getFlow(registry: AnyRegistry, input: unknown): Promise<GetFlowResponse> {
  const f = readFields(input, '', GET_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const includedData = readIncludedData(f.includedData);
  return renderFlow(registry, await registry.getFlow(flow), includedData === 'ALL_DATA');
}

export async function deleteFlow(registry: AnyRegistry, input: unknown): Promise<DeleteFlowResponse> {
  const f = readFields(input, '', DELETE_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const force = readBoolean(f.skipResourceInUseCheck, 'skipResourceInUseCheck');
  return { id: (await registry.deleteFlow(flow, { force })).id };
}

export async function listFlows(registry: AnyRegistry, input: unknown): Promise<ListFlowsResponse> {
  const f = readFields(input === undefined ? {} : input, '', LIST_KEYS);
  const page = paginate(await registry.listFlows(), (flow) => flow.id, compareText, readPageRequest(f, 'bedrock:flows'));
  return compact<ListFlowsResponse>({
    flowSummaries: page.items.map((flow) => renderFlowSummary(registry, flow)),
    nextToken: page.nextToken,
  });
}

export async function prepareFlow(registry: AnyRegistry, input: unknown): Promise<PrepareFlowResponse> {
  const f = readFields(input, '', PREPARE_KEYS);
  const record = await registry.prepareFlow(readFlowIdentifier(registry, f.flowIdentifier));
  return { id: record.id, status: record.status };
}
