import { ConflictException, ServiceQuotaExceededException, ValidationException } from '../../errors.js';
import type { Step, StoreTx } from '../../stores/store.js';
import { checkDefinitionQuota, checkFlowName, definitionChars } from '../checks.js';
import { compact, type Fields } from '../../input/compact.js';
import type { RegistryContext } from '../context.js';
import { replay, remember } from '../idempotency.js';
import { readRef, readWriteOptions, type Ref, type ResolvedWriteOptions } from '../inputs.js';
import { TEST_ALIAS_ID, type Draft, type FlowRecord, type Tags } from '../model.js';
import { flowRow } from '../resolve.js';
import { DRAFT_KEYS, NAME_RULE, readDraft, readTags } from '../rules.js';
import { checkString, quote, readFields } from '../../input/fields.js';
import { aliasChange, committed, everyAlias, type Outcome } from './outcome.js';

const FLOW_INPUT_KEYS: ReadonlySet<string> = new Set(['name', ...DRAFT_KEYS, 'tags']);
const FLOW_PATCH_KEYS: ReadonlySet<string> = new Set(['name', ...DRAFT_KEYS]);
const FORCE_KEYS: ReadonlySet<string> = new Set(['force']);

export interface CreateFlowRequest {
  readonly name: string;
  readonly draft: Fields<Draft>;
  readonly tags: Tags;
  readonly write: ResolvedWriteOptions;
}

export function parseCreateFlow(input: unknown, options: unknown): CreateFlowRequest {
  const fields = readFields(input, '', FLOW_INPUT_KEYS);
  const write = readWriteOptions(options);
  return {
    name: checkString(fields.name, 'name', NAME_RULE),
    draft: readDraft(fields, ''),
    tags: readTags(fields.tags, 'tags'),
    write,
  };
}

export function* createFlow(ctx: RegistryContext, tx: StoreTx, request: CreateFlowRequest): Step<Outcome<FlowRecord>> {
  const revision = yield* tx.nextRevision();
  const replayed = yield* replay(ctx, tx, request.write, 'flow');
  if (replayed !== undefined) return { result: replayed, changes: [] };
  yield* checkFlowName(tx, request.name, undefined);
  const usage = yield* tx.usage();
  if (usage.flows >= ctx.options.quotas.maxFlows) {
    throw new ServiceQuotaExceededException(`the registry holds ${usage.flows} flows, its quota`, { code: 'FlowQuotaExceeded' });
  }
  yield* checkDefinitionQuota(ctx, tx, definitionChars(request.draft.definition));
  const id = yield* ctx.newId(function* (candidate) {
    return (yield* tx.flowById(candidate)) !== undefined || (yield* tx.flowIdByName(candidate)) !== undefined;
  });
  const now = ctx.timestamp();
  const record = Object.freeze(
    compact<FlowRecord>({ id, name: request.name, ...request.draft, status: 'NotPrepared', tags: request.tags, createdAt: now, updatedAt: now }),
  );
  yield* tx.putFlow({ record, nextVersion: 1 });
  yield* remember(ctx, tx, request.write, { kind: 'flow', record });
  // The new flow's test alias starts to exist: a router that cached it as missing must forget that.
  return yield* committed(tx, revision, record, [aliasChange(ctx, 'created', id, TEST_ALIAS_ID)]);
}

export interface UpdateFlowRequest {
  readonly flow: Ref;
  readonly fields: Record<string, unknown>;
}

export function parseUpdateFlow(flow: unknown, patch: unknown): UpdateFlowRequest {
  return { flow: readRef(flow, 'flow'), fields: readFields(patch, '', FLOW_PATCH_KEYS) };
}

/** Changes the fields given and makes the draft `NotPrepared`. Renaming notifies every alias of the flow. */
export function* updateFlow(ctx: RegistryContext, tx: StoreTx, request: UpdateFlowRequest): Step<Outcome<FlowRecord>> {
  const revision = yield* tx.nextRevision();
  const row = yield* flowRow(ctx, tx, request.flow);
  const old = row.record;
  const fields = request.fields;
  const name = fields.name === undefined ? old.name : checkString(fields.name, 'name', NAME_RULE);
  const draft = readDraft(fields, '', old);
  if (name !== old.name) yield* checkFlowName(tx, name, old.id);
  yield* checkDefinitionQuota(ctx, tx, definitionChars(draft.definition) - definitionChars(old.definition));
  const record = Object.freeze(compact<FlowRecord>({ ...old, name, ...draft, status: 'NotPrepared', updatedAt: ctx.timestamp() }));
  // A router caches by the names callers use, so a rename invalidates every alias of the flow.
  const changes = name === old.name ? [] : yield* everyAlias(ctx, tx, old.id, 'updated');
  yield* tx.putFlow({ record, nextVersion: row.nextVersion });
  return yield* committed(tx, revision, record, changes);
}

export function parseFlowRef(flow: unknown): Ref {
  return readRef(flow, 'flow');
}

/** Packages the draft for testing: the status becomes `Prepared` (synchronously; preparing never fails). */
export function* prepareFlow(ctx: RegistryContext, tx: StoreTx, flow: Ref): Step<Outcome<FlowRecord>> {
  const revision = yield* tx.nextRevision();
  const row = yield* flowRow(ctx, tx, flow);
  if (row.record.status === 'Prepared') return { result: row.record, changes: [] };
  const record = Object.freeze({ ...row.record, status: 'Prepared' as const });
  yield* tx.putFlow({ record, nextVersion: row.nextVersion });
  return yield* committed(tx, revision, record, []);
}

export interface DeleteFlowRequest {
  readonly flow: Ref;
  readonly force: boolean;
}

export function parseDeleteFlow(flow: unknown, options: unknown): DeleteFlowRequest {
  const ref = readRef(flow, 'flow');
  const force = readFields(options ?? {}, 'options', FORCE_KEYS).force ?? false;
  if (typeof force !== 'boolean') throw new ValidationException('options.force', 'must be a boolean');
  return { flow: ref, force };
}

/** Deletes a flow with its versions; one with aliases is in use (a conflict) unless `force` deletes them too. */
export function* deleteFlow(ctx: RegistryContext, tx: StoreTx, request: DeleteFlowRequest): Step<Outcome<FlowRecord>> {
  const revision = yield* tx.nextRevision();
  const row = yield* flowRow(ctx, tx, request.flow);
  const aliases = yield* tx.countAliases(row.record.id);
  if (aliases > 0 && !request.force) {
    throw new ConflictException(`flow ${quote(row.record.name)} has ${aliases} aliases; delete them first or force the delete`, {
      code: 'FlowInUse',
    });
  }
  const changes = yield* everyAlias(ctx, tx, row.record.id, 'deleted');
  yield* tx.deleteFlow(row.record.id);
  return yield* committed(tx, revision, row.record, changes);
}
