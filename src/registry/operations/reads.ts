import { ValidationException } from '../../errors.js';
import type { RoutingConfig } from '../../router/source.js';
import type { Step, StoreTx } from '../../stores/store.js';
import type { RegistryContext } from '../context.js';
import type { Ref } from '../inputs.js';
import type { AliasRecord, FlowRecord, VersionRecord } from '../model.js';
import { aliasRecord, flowRow, testAlias, versionRecord } from '../resolve.js';
import { readFields } from '../../input/fields.js';
import type { AliasRequest } from './aliases.js';
import type { VersionRequest } from './versions.js';

export function* getFlow(ctx: RegistryContext, tx: StoreTx, flow: Ref): Step<FlowRecord> {
  return (yield* flowRow(ctx, tx, flow)).record;
}

export function* listFlows(_ctx: RegistryContext, tx: StoreTx): Step<readonly FlowRecord[]> {
  return [...(yield* tx.listFlows())].sort(byId);
}

export function* getVersion(ctx: RegistryContext, tx: StoreTx, request: VersionRequest): Step<VersionRecord> {
  return yield* versionRecord(tx, (yield* flowRow(ctx, tx, request.flow)).record, request.version);
}

export function* listVersions(ctx: RegistryContext, tx: StoreTx, flow: Ref): Step<readonly VersionRecord[]> {
  return yield* tx.listVersions((yield* flowRow(ctx, tx, flow)).record.id);
}

export function* getAlias(ctx: RegistryContext, tx: StoreTx, request: AliasRequest): Step<AliasRecord> {
  return yield* aliasRecord(ctx, tx, (yield* flowRow(ctx, tx, request.flow)).record, request.alias);
}

export interface ListAliasesRequest {
  readonly flow: Ref;
  readonly includeTestAlias: boolean;
}

const LIST_ALIASES_KEYS: ReadonlySet<string> = new Set(['includeTestAlias']);

export function parseListAliasesOptions(options: unknown): boolean {
  const include = readFields(options ?? {}, 'options', LIST_ALIASES_KEYS).includeTestAlias ?? false;
  if (typeof include !== 'boolean') throw new ValidationException('options.includeTestAlias', 'must be a boolean');
  return include;
}

/** The aliases of a flow by ID, with the built-in test alias if asked for. */
export function* listAliases(ctx: RegistryContext, tx: StoreTx, request: ListAliasesRequest): Step<readonly AliasRecord[]> {
  const flow = (yield* flowRow(ctx, tx, request.flow)).record;
  const aliases = [...(yield* tx.listAliases(flow.id))];
  if (request.includeTestAlias) aliases.push(testAlias(flow));
  return aliases.sort(byId);
}

/** The routing of an alias as a router reads it; the identity is the alias ARN. */
export function* getRouting(ctx: RegistryContext, tx: StoreTx, request: AliasRequest): Step<RoutingConfig> {
  const record = yield* getAlias(ctx, tx, request);
  return Object.freeze({
    entries: record.routing,
    revision: record.revision,
    identity: ctx.arns.alias(record.flowId, record.id),
    // With a rollout, the router needs its offset from this clock to agree on the step boundaries.
    ...(record.rollout === undefined ? {} : { rollout: record.rollout, wallClockAt: ctx.now() }),
  });
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
