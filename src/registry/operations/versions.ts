import { isActive } from '../../rollout/model.js';
import { ConflictException, ServiceQuotaExceededException, ValidationException } from '../../errors.js';
import type { Step, StoreTx } from '../../stores/store.js';
import { checkDefinitionQuota, definitionChars } from '../checks.js';
import { compact } from '../../input/compact.js';
import type { RegistryContext } from '../context.js';
import { replay, remember } from '../idempotency.js';
import { readRef, readWriteOptions, type Ref, type ResolvedWriteOptions } from '../inputs.js';
import type { VersionRecord } from '../model.js';
import { flowRow, versionRecord } from '../resolve.js';
import { DESCRIPTION_RULE, MAX_VERSION_NUMBER, VERSION_NUMBER_PATTERN } from '../rules.js';
import { checkString, optionalString, quote, readFields } from '../../input/fields.js';
import { committed, type Outcome } from './outcome.js';

const VERSION_INPUT_KEYS: ReadonlySet<string> = new Set(['description', 'requirePrepared']);

export interface CreateVersionRequest {
  readonly flow: Ref;
  readonly description: string | undefined;
  readonly requirePrepared: boolean;
  readonly write: ResolvedWriteOptions;
}

export function parseCreateVersion(flow: unknown, input: unknown, options: unknown): CreateVersionRequest {
  const ref = readRef(flow, 'flow');
  const fields = readFields(input ?? {}, '', VERSION_INPUT_KEYS);
  const write = readWriteOptions(options);
  const description = optionalString(fields.description, 'description', DESCRIPTION_RULE);
  const requirePrepared = fields.requirePrepared ?? false;
  if (typeof requirePrepared !== 'boolean') throw new ValidationException('requirePrepared', 'must be a boolean');
  return { flow: ref, description, requirePrepared, write };
}

/** Snapshots the draft as the next numbered version. */
export function* createVersion(ctx: RegistryContext, tx: StoreTx, request: CreateVersionRequest): Step<Outcome<VersionRecord>> {
  const revision = yield* tx.nextRevision();
  const row = yield* flowRow(ctx, tx, request.flow);
  const replayed = yield* replay(ctx, tx, request.write, 'version');
  if (replayed !== undefined) return { result: replayed, changes: [] };
  const draft = row.record;
  if (request.requirePrepared && draft.status !== 'Prepared') {
    throw new ConflictException(`flow ${quote(draft.name)} is not prepared: prepare it before creating a version`, {
      code: 'FlowNotPrepared',
    });
  }
  const count = yield* tx.countVersions(draft.id);
  if (count >= ctx.options.quotas.maxVersionsPerFlow || row.nextVersion > MAX_VERSION_NUMBER) {
    throw new ServiceQuotaExceededException(`flow ${quote(draft.name)} holds ${count} versions, its quota`, {
      code: 'VersionQuotaExceeded',
    });
  }
  yield* checkDefinitionQuota(ctx, tx, definitionChars(draft.definition));
  const record = Object.freeze(
    compact<VersionRecord>({
      flowId: draft.id,
      version: String(row.nextVersion),
      name: draft.name,
      description: request.description,
      definition: draft.definition,
      executionRoleArn: draft.executionRoleArn,
      customerEncryptionKeyArn: draft.customerEncryptionKeyArn,
      status: draft.status,
      createdAt: ctx.timestamp(),
    }),
  );
  yield* tx.putVersion(record);
  yield* tx.putFlow({ record: draft, nextVersion: row.nextVersion + 1 });
  yield* remember(ctx, tx, request.write, { kind: 'version', record });
  return yield* committed(tx, revision, record, []);
}

export interface VersionRequest {
  readonly flow: Ref;
  readonly version: string;
}

export function parseVersionRef(flow: unknown, version: unknown): VersionRequest {
  const ref = readRef(flow, 'flow');
  return { flow: ref, version: checkString(version, 'version', { max: 5, pattern: VERSION_NUMBER_PATTERN }) };
}

/**
 * Deletes a numbered version; one that an alias routes to (even at weight 0) is a `ConflictException`.
 * The check and the delete run under the store's write lock, so an alias changed through another replica
 * at the same moment cannot start routing to the version in between.
 */
export function* deleteVersion(ctx: RegistryContext, tx: StoreTx, request: VersionRequest): Step<Outcome<VersionRecord>> {
  const revision = yield* tx.nextRevision();
  const row = yield* flowRow(ctx, tx, request.flow);
  const record = yield* versionRecord(tx, row.record, request.version);
  const users = (yield* tx.listAliases(row.record.id)).filter(
    (alias) => alias.routing.some((e) => e.version === record.version) || (isActive(alias.rollout) && alias.rollout.target === record.version),
  );
  if (users.length > 0) {
    throw new ConflictException(`version ${record.version} is routed to by ${users.map((alias) => quote(alias.name)).join(', ')}`, {
      code: 'VersionInUse',
    });
  }
  yield* tx.deleteVersion(row.record.id, record.version);
  return yield* committed(tx, revision, record, []);
}
