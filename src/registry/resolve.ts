import { ResourceNotFoundException } from '../errors.js';
import type { FlowRow, Step, StoreTx } from '../stores/store.js';
import type { RegistryContext } from './context.js';
import type { Ref } from './inputs.js';
import { DRAFT_VERSION, TEST_ALIAS_ID, type AliasRecord, type FlowRecord, type VersionRecord } from './model.js';
import { quote } from '../input/fields.js';

/** Reference resolution: a string is tried as an ID, then an ARN of this registry, then a name. */

const DRAFT_ROUTING = Object.freeze([Object.freeze({ version: DRAFT_VERSION, weight: 100 })]);
const NO_TAGS = Object.freeze({});

export function notFound(kind: 'flow' | 'alias' | 'version', ref: string): ResourceNotFoundException {
  const code = kind === 'flow' ? 'FlowNotFound' : kind === 'alias' ? 'AliasNotFound' : 'VersionNotFound';
  return new ResourceNotFoundException(`${kind} ${quote(ref)} was not found`, { code });
}

/** The built-in test alias: routes to the draft, exists as long as the flow, never changes. */
export function testAlias(flow: FlowRecord): AliasRecord {
  return Object.freeze({
    flowId: flow.id,
    id: TEST_ALIAS_ID,
    name: TEST_ALIAS_ID,
    routing: DRAFT_ROUTING,
    tags: NO_TAGS,
    createdAt: flow.createdAt,
    updatedAt: flow.createdAt,
    revision: 1,
  });
}

export function* findFlow(ctx: RegistryContext, tx: StoreTx, ref: Ref): Step<FlowRow | undefined> {
  if (ref.id !== undefined) {
    const byId = yield* tx.flowById(ref.id);
    if (byId !== undefined || ref.name === undefined) return byId;
    const arnId = ctx.arns.parseFlow(ref.id);
    if (arnId !== undefined) return yield* tx.flowById(arnId);
  }
  if (ref.name === undefined) return undefined;
  const id = yield* tx.flowIdByName(ref.name);
  return id === undefined ? undefined : yield* tx.flowById(id);
}

export function* flowRow(ctx: RegistryContext, tx: StoreTx, ref: Ref): Step<FlowRow> {
  const row = yield* findFlow(ctx, tx, ref);
  if (row === undefined) throw notFound('flow', ref.text);
  return row;
}

function* aliasById(tx: StoreTx, flow: FlowRecord, id: string): Step<AliasRecord | undefined> {
  return id === TEST_ALIAS_ID ? testAlias(flow) : yield* tx.alias(flow.id, id);
}

export function* aliasRecord(ctx: RegistryContext, tx: StoreTx, flow: FlowRecord, ref: Ref): Step<AliasRecord> {
  let record: AliasRecord | undefined;
  if (ref.id !== undefined) {
    record = yield* aliasById(tx, flow, ref.id);
    if (record === undefined && ref.name !== undefined) {
      // Only an ARN of an alias of this very flow matches: never one of another flow, region or account.
      const parts = ctx.arns.parseAlias(ref.id);
      if (parts !== undefined && parts.flowId === flow.id) record = yield* aliasById(tx, flow, parts.aliasId);
    }
  }
  if (record === undefined && ref.name !== undefined) {
    if (ref.name === TEST_ALIAS_ID) record = testAlias(flow);
    else {
      const id = yield* tx.aliasIdByName(flow.id, ref.name);
      record = id === undefined ? undefined : yield* tx.alias(flow.id, id);
    }
  }
  if (record === undefined) throw notFound('alias', ref.text);
  return record;
}

export function* versionRecord(tx: StoreTx, flow: FlowRecord, version: string): Step<VersionRecord> {
  const record = yield* tx.version(flow.id, version);
  if (record === undefined) throw notFound('version', `${flow.name}:${version}`);
  return record;
}
