import { ConflictException } from '../errors.js';
import type { Step, StoreTx } from '../stores/store.js';
import type { RegistryContext } from './context.js';
import { digest, tokenBounds } from './idempotency.js';
import { aliasChange, committed, type ChangeDraft, type Outcome } from './operations/outcome.js';
import type { LoadedState } from './snapshot.js';
import { newFlowEntry, type FlowEntry } from './state.js';

/** Moving a whole state between a snapshot (a JSON state file) and a store. */

/** Every flow with its versions and aliases, for `snapshot()`. */
export function* exportState(tx: StoreTx): Step<FlowEntry[]> {
  const entries: FlowEntry[] = [];
  for (const flow of yield* tx.listFlows()) {
    const row = yield* tx.flowById(flow.id);
    if (row === undefined) continue;
    const entry = newFlowEntry(row.record, row.nextVersion);
    for (const version of yield* tx.listVersions(flow.id)) entry.versions.set(version.version, version);
    for (const alias of yield* tx.listAliases(flow.id)) {
      entry.aliases.set(alias.id, alias);
      entry.aliasIdsByName.set(alias.name, alias.id);
    }
    entries.push(entry);
  }
  return entries;
}

/** Writes a validated snapshot into an empty store, as one transaction. */
export function* importState(ctx: RegistryContext, tx: StoreTx, state: LoadedState): Step<Outcome<void>> {
  const revision = yield* tx.nextRevision();
  const usage = yield* tx.usage();
  if (usage.flows > 0) throw new ConflictException(`the store already holds ${usage.flows} flows: import into an empty store`, { code: 'StoreNotEmpty' });
  const changes: ChangeDraft[] = [];
  for (const entry of state.flows) {
    yield* tx.putFlow({ record: entry.record, nextVersion: entry.nextVersion });
    for (const version of entry.versions.values()) yield* tx.putVersion(version);
    for (const alias of entry.aliases.values()) {
      yield* tx.putAlias(alias);
      changes.push(aliasChange(ctx, 'created', alias.flowId, alias.id));
    }
  }
  const now = ctx.now();
  for (const [key, token] of state.clientTokens) {
    const row = { fingerprint: digest(token.fingerprint), result: token.result, createdAt: now };
    yield* tx.putClientToken(key, row, tokenBounds(ctx, now));
  }
  return yield* committed(tx, revision, undefined, changes);
}
