import { ConflictException, ServiceQuotaExceededException, ValidationException } from '../errors.js';
import { normalizeRouting, type FieldLabels, type RoutingEntry } from '../routing/validate.js';
import type { Step, StoreTx } from '../stores/store.js';
import type { RegistryContext } from './context.js';
import { NATIVE_LABELS } from './inputs.js';
import { DRAFT_VERSION, TEST_ALIAS_ID, type AliasRecord, type FlowRecord } from './model.js';
import { quote } from '../input/fields.js';

/** The rules that need the store: unique names, existing versions, quotas. */

/** Names and IDs share one namespace, so resolving a string by ID, then by name, is never ambiguous. */
export function* checkFlowName(tx: StoreTx, name: string, selfId: string | undefined): Step<void> {
  const holder = (yield* tx.flowIdByName(name)) ?? ((yield* tx.flowById(name)) === undefined ? undefined : name);
  if (holder !== undefined && holder !== selfId) {
    throw new ConflictException(`a flow named ${quote(name)} already exists`, { code: 'FlowAlreadyExists' });
  }
}

export function* checkAliasName(tx: StoreTx, flow: FlowRecord, name: string, selfId: string | undefined): Step<void> {
  const holder =
    name === TEST_ALIAS_ID
      ? TEST_ALIAS_ID
      : ((yield* tx.aliasIdByName(flow.id, name)) ?? ((yield* tx.alias(flow.id, name)) === undefined ? undefined : name));
  if (holder !== undefined && holder !== selfId) {
    throw new ConflictException(`flow ${quote(flow.name)} already has an alias named ${quote(name)}`, {
      code: 'AliasAlreadyExists',
    });
  }
}

export function checkNotTestAlias(record: AliasRecord, verb: string): void {
  if (record.id === TEST_ALIAS_ID) {
    throw new ConflictException(`the test alias ${TEST_ALIAS_ID} cannot be ${verb}`, { code: 'TestAliasReadOnly' });
  }
}

/** A routing list under the routing core's rules and the entry quota, frozen as the registry stores it. */
export function readRouting(ctx: RegistryContext, value: unknown, labels: FieldLabels): readonly RoutingEntry[] {
  const configured = normalizeRouting(value, NATIVE_LABELS).configured;
  const max = ctx.options.quotas.maxRoutingEntries;
  if (configured.length > max) {
    throw new ServiceQuotaExceededException(`${labels.list} has ${configured.length} entries; the quota is ${max}`, {
      code: 'RoutingEntryQuotaExceeded',
    });
  }
  return Object.freeze(configured.map((e) => Object.freeze({ version: e.version, weight: e.weight })));
}

export function* checkVersionsExist(tx: StoreTx, flow: FlowRecord, routing: readonly RoutingEntry[], labels: FieldLabels): Step<void> {
  const numbered = routing.map((e) => e.version).filter((v) => v !== DRAFT_VERSION);
  const existing = numbered.length === 0 ? new Set<string>() : yield* tx.existingVersions(flow.id, numbered);
  routing.forEach((e, i) => {
    if (e.version !== DRAFT_VERSION && !existing.has(e.version)) {
      throw new ValidationException(`${labels.list}[${i}].${labels.version}`, `version ${quote(e.version)} does not exist`, {
        code: 'VersionNotFound',
      });
    }
  });
}

/** The size of a definition as stored (its JSON text), which the store's byte quota counts. */
export function definitionChars(definition: unknown): number {
  return definition === undefined ? 0 : JSON.stringify(definition).length;
}

/** Refuses a write that would take the store's definitions past their byte quota. */
export function* checkDefinitionQuota(ctx: RegistryContext, tx: StoreTx, addedChars: number): Step<void> {
  if (addedChars <= 0) return;
  const usage = yield* tx.usage();
  const max = ctx.options.quotas.maxDefinitionChars;
  if (usage.definitionBytes + addedChars > max) {
    throw new ServiceQuotaExceededException(
      `the store holds ${usage.definitionBytes} characters of definitions; adding ${addedChars} would pass its quota of ${max}`,
      { code: 'StorageQuotaExceeded' },
    );
  }
}
