import type { StoredChange } from '../../stores/store.js';
import type { RegistryContext } from '../context.js';
import { TEST_ALIAS_ID, type AliasRecord } from '../model.js';
import type { Step, StoreTx } from '../../stores/store.js';

export type ChangeDraft = Omit<StoredChange, 'revision'>;

/** What a write program returns: its result, and the alias changes to record and announce. */
export interface Outcome<R> {
  readonly result: R;
  readonly changes: readonly ChangeDraft[];
}

export function aliasChange(ctx: RegistryContext, kind: ChangeDraft['kind'], flowId: string, aliasId: string): ChangeDraft {
  return { kind, identity: ctx.arns.alias(flowId, aliasId), flowId, aliasId };
}

/** Every alias of a flow, the test alias included: a rename or a delete of the flow touches them all. */
export function* everyAlias(ctx: RegistryContext, tx: StoreTx, flowId: string, kind: 'updated' | 'deleted'): Step<ChangeDraft[]> {
  const stored: readonly AliasRecord[] = yield* tx.listAliases(flowId);
  return [TEST_ALIAS_ID, ...stored.map((alias) => alias.id)].map((id) => aliasChange(ctx, kind, flowId, id));
}

/** Records the changes under this write's revision and hands the outcome back. */
export function* committed<R>(tx: StoreTx, revision: number, result: R, changes: readonly ChangeDraft[]): Step<Outcome<R>> {
  if (changes.length > 0) yield* tx.recordChanges(changes, revision);
  return { result, changes };
}
