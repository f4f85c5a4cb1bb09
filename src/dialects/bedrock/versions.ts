import { ResourceNotFoundException } from '../../errors.js';
import { compact } from '../../input/compact.js';
import { checkString, optionalString, quote, readFields } from '../../input/fields.js';
import { VERSION_NUMBER_PATTERN } from '../../registry/rules.js';
import { compareNumeric, paginate } from '../shared/paging.js';
import type { AnyRegistry } from '../shared/registry.js';
import { idempotency } from './idempotency.js';
import { renderVersion, renderVersionSummary } from './render.js';
import {
  CLIENT_TOKEN,
  DESCRIPTION,
  NUMERICAL_VERSION,
  readBoolean,
  readFlowIdentifier,
  readIncludedData,
  readPageRequest,
} from './rules.js';
import type {
  CreateFlowVersionResponse,
  DeleteFlowVersionResponse,
  GetFlowVersionResponse,
  ListFlowVersionsResponse,
} from './types.js';

const CREATE_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'description', 'clientToken']);
const GET_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'flowVersion', 'includedData']);
const LIST_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'maxResults', 'nextToken']);
const DELETE_KEYS: ReadonlySet<string> = new Set(['flowIdentifier', 'flowVersion', 'skipResourceInUseCheck']);

/** `flowVersion` as a NumericalVersion; one the registry cannot hold ("0", "007") names no version. */
function readFlowVersion(value: unknown): string {
  const version = checkString(value, 'flowVersion', NUMERICAL_VERSION);
  if (!VERSION_NUMBER_PATTERN.test(version)) {
    throw new ResourceNotFoundException(`version ${quote(version)} was not found`, { code: 'VersionNotFound' });
  }
  return version;
}

/** Snapshots the prepared draft; a draft changed since it was last prepared is a ConflictException. */
export async function createFlowVersion(registry: AnyRegistry, input: unknown): Promise<CreateFlowVersionResponse> {
  const f = readFields(input, '', CREATE_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const description = optionalString(f.description, 'description', DESCRIPTION);
  const clientToken = optionalString(f.clientToken, 'clientToken', CLIENT_TOKEN);
  const record = await registry.createVersion(
    flow,
    compact({ description, requirePrepared: true }),
    idempotency('CreateFlowVersion', clientToken, { flowId: flow.id, description }),
  );
  return renderVersion(registry, record, true);
}

export async function getFlowVersion(registry: AnyRegistry, input: unknown): Promise<GetFlowVersionResponse> {
  const f = readFields(input, '', GET_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const version = readFlowVersion(f.flowVersion);
  const includedData = readIncludedData(f.includedData);
  return renderVersion(registry, await registry.getVersion(flow, version), includedData === 'ALL_DATA');
}

export async function listFlowVersions(registry: AnyRegistry, input: unknown): Promise<ListFlowVersionsResponse> {
  const f = readFields(input, '', LIST_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const request = readPageRequest(f, `bedrock:versions:${flow.id}`);
  const page = paginate(await registry.listVersions(flow), (version) => version.version, compareNumeric, request);
  return compact<ListFlowVersionsResponse>({
    flowVersionSummaries: page.items.map((version) => renderVersionSummary(registry, version)),
    nextToken: page.nextToken,
  });
}

/**
 * Deletes a version. One an alias routes to is a ConflictException even with `skipResourceInUseCheck`:
 * the registry never lets an alias route to a version that does not exist (docs/dialects.md).
 */
export async function deleteFlowVersion(registry: AnyRegistry, input: unknown): Promise<DeleteFlowVersionResponse> {
  const f = readFields(input, '', DELETE_KEYS);
  const flow = readFlowIdentifier(registry, f.flowIdentifier);
  const version = readFlowVersion(f.flowVersion);
  readBoolean(f.skipResourceInUseCheck, 'skipResourceInUseCheck');
  const record = await registry.deleteVersion(flow, version);
  return { id: record.flowId, version: record.version };
}
