import { ServiceQuotaExceededException, ValidationException } from '../../errors.js';
import type { RoutingEntry } from '../../routing/validate.js';
import type { Step, StoreTx } from '../../stores/store.js';
import { checkAliasName, checkNotTestAlias, checkVersionsExist, readRouting } from '../checks.js';
import { compact } from '../../input/compact.js';
import type { RegistryContext } from '../context.js';
import { replay, remember } from '../idempotency.js';
import { readRef, readWriteOptions, type Ref, type ResolvedWriteOptions } from '../inputs.js';
import { TEST_ALIAS_ID, type AliasRecord, type Concurrency, type Tags } from '../model.js';
import { aliasRecord, flowRow } from '../resolve.js';
import { DESCRIPTION_RULE, NAME_RULE, readConcurrency, readTags } from '../rules.js';
import { checkString, optionalString, patched, quote, readFields } from '../../input/fields.js';
import { aliasChange, committed, type Outcome } from './outcome.js';
import { endedByRoutingChange } from './rollouts.js';

const ALIAS_INPUT_KEYS: ReadonlySet<string> = new Set(['name', 'description', 'routing', 'concurrency', 'tags']);
const ALIAS_PATCH_KEYS: ReadonlySet<string> = new Set(['name', 'description', 'routing', 'concurrency']);

export interface CreateAliasRequest {
  readonly flow: Ref;
  readonly name: string;
  readonly description: string | undefined;
  readonly routing: readonly RoutingEntry[];
  readonly concurrency: Concurrency | undefined;
  readonly tags: Tags;
  readonly write: ResolvedWriteOptions;
}

export function parseCreateAlias(ctx: RegistryContext, flow: unknown, input: unknown, options: unknown): CreateAliasRequest {
  const ref = readRef(flow, 'flow');
  const fields = readFields(input, '', ALIAS_INPUT_KEYS);
  const write = readWriteOptions(options);
  return {
    flow: ref,
    name: checkString(fields.name, 'name', NAME_RULE),
    description: optionalString(fields.description, 'description', DESCRIPTION_RULE),
    routing: readRouting(ctx, fields.routing, write.labels),
    concurrency: fields.concurrency === undefined ? undefined : readConcurrency(fields.concurrency, 'concurrency'),
    tags: readTags(fields.tags, 'tags'),
    write,
  };
}

export function* createAlias(ctx: RegistryContext, tx: StoreTx, request: CreateAliasRequest): Step<Outcome<AliasRecord>> {
  const revision = yield* tx.nextRevision();
  const flow = (yield* flowRow(ctx, tx, request.flow)).record;
  const replayed = yield* replay(ctx, tx, request.write, 'alias');
  if (replayed !== undefined) return { result: replayed, changes: [] };
  yield* checkVersionsExist(tx, flow, request.routing, request.write.labels);
  yield* checkAliasName(tx, flow, request.name, undefined);
  const count = yield* tx.countAliases(flow.id);
  if (count >= ctx.options.quotas.maxAliasesPerFlow) {
    throw new ServiceQuotaExceededException(`flow ${quote(flow.name)} holds ${count} aliases, its quota`, {
      code: 'AliasQuotaExceeded',
    });
  }
  const id = yield* ctx.newId(function* (candidate) {
    return (
      candidate === TEST_ALIAS_ID ||
      (yield* tx.alias(flow.id, candidate)) !== undefined ||
      (yield* tx.aliasIdByName(flow.id, candidate)) !== undefined
    );
  });
  const now = ctx.timestamp();
  const record = Object.freeze(
    compact<AliasRecord>({
      flowId: flow.id,
      id,
      name: request.name,
      description: request.description,
      routing: request.routing,
      concurrency: request.concurrency,
      tags: request.tags,
      createdAt: now,
      updatedAt: now,
      revision: 1,
      rollout: undefined,
    }),
  );
  yield* tx.putAlias(record);
  yield* remember(ctx, tx, request.write, { kind: 'alias', record });
  return yield* committed(tx, revision, record, [aliasChange(ctx, 'created', flow.id, id)]);
}

export interface UpdateAliasRequest {
  readonly flow: Ref;
  readonly alias: Ref;
  readonly fields: Record<string, unknown>;
  readonly routing: readonly RoutingEntry[] | undefined;
  readonly write: ResolvedWriteOptions;
}

export function parseUpdateAlias(ctx: RegistryContext, flow: unknown, alias: unknown, patch: unknown, options: unknown): UpdateAliasRequest {
  const flowRef = readRef(flow, 'flow');
  const aliasRef = readRef(alias, 'alias');
  const fields = readFields(patch, '', ALIAS_PATCH_KEYS);
  const write = readWriteOptions(options);
  if (write.clientToken !== undefined) throw new ValidationException('options.clientToken', 'applies to creates only');
  const routing = fields.routing === undefined ? undefined : readRouting(ctx, fields.routing, write.labels);
  return { flow: flowRef, alias: aliasRef, fields, routing, write };
}

/** Changes the fields given; the revision goes up by one. The test alias cannot be changed. */
export function* updateAlias(ctx: RegistryContext, tx: StoreTx, request: UpdateAliasRequest): Step<Outcome<AliasRecord>> {
  const revision = yield* tx.nextRevision();
  const flow = (yield* flowRow(ctx, tx, request.flow)).record;
  const old = yield* aliasRecord(ctx, tx, flow, request.alias);
  checkNotTestAlias(old, 'changed');
  const fields = request.fields;
  const name = fields.name === undefined ? old.name : checkString(fields.name, 'name', NAME_RULE);
  const description = patched(fields.description, 'description', { value: old.description }, (v) =>
    checkString(v, 'description', DESCRIPTION_RULE),
  );
  const routing = request.routing ?? old.routing;
  const concurrency = patched(fields.concurrency, 'concurrency', { value: old.concurrency }, (v) => readConcurrency(v, 'concurrency'));
  yield* checkVersionsExist(tx, flow, routing, request.write.labels);
  if (name !== old.name) yield* checkAliasName(tx, flow, name, old.id);
  const updatedAt = ctx.timestamp();
  const record = Object.freeze(
    compact<AliasRecord>({
      ...old,
      name,
      description,
      routing,
      concurrency,
      updatedAt,
      revision: old.revision + 1,
      rollout: request.routing === undefined ? old.rollout : endedByRoutingChange(old.rollout, updatedAt),
    }),
  );
  yield* tx.putAlias(record);
  return yield* committed(tx, revision, record, [aliasChange(ctx, 'updated', flow.id, old.id)]);
}

export interface AliasRequest {
  readonly flow: Ref;
  readonly alias: Ref;
}

export function parseAliasRef(flow: unknown, alias: unknown): AliasRequest {
  return { flow: readRef(flow, 'flow'), alias: readRef(alias, 'alias') };
}

export function* deleteAlias(ctx: RegistryContext, tx: StoreTx, request: AliasRequest): Step<Outcome<AliasRecord>> {
  const revision = yield* tx.nextRevision();
  const flow = (yield* flowRow(ctx, tx, request.flow)).record;
  const record = yield* aliasRecord(ctx, tx, flow, request.alias);
  checkNotTestAlias(record, 'deleted');
  yield* tx.deleteAlias(flow.id, record.id);
  return yield* committed(tx, revision, record, [aliasChange(ctx, 'deleted', flow.id, record.id)]);
}
