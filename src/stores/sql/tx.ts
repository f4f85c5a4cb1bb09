import { InternalServerException } from '../../errors.js';
import type { AliasRecord, FlowRecord, VersionRecord } from '../../registry/model.js';
import type { FirstResult } from '../../registry/state.js';
import { definitionChars } from '../records.js';
import type { FlowRow, NonceClaim, OutcomeRow, OutcomeWindow, SqlQuery, SqlValue, Step, StoreTx, StoreUsage, StoredChange, TokenBounds, TokenRow } from '../store.js';
import { asInt, asRecord, asText, firstRow, storable } from './rows.js';
import type { Statements } from './statements.js';

/** Rows per multi-row INSERT of changes: 6 parameters each, well inside both engines' limits. */
const CHANGE_BATCH = 500;

function q(sql: string, ...params: SqlValue[]): SqlQuery {
  return { sql, params };
}

/** A version number as the store keeps it (an integer column), or undefined for one that cannot exist. */
function versionNumber(version: string): number | undefined {
  return /^[1-9][0-9]{0,8}$/.test(version) ? Number(version) : undefined;
}

/**
 * A transaction on a SQL store: each method yields the statements it needs and maps the rows to frozen
 * records. Opaque strings (client token keys and fingerprints) are stored as JSON string literals, so any
 * string round-trips on both engines; IDs and names that an engine cannot keep exactly are refused on
 * write and found nowhere on read.
 */
export class SqlTx implements StoreTx {
  private txRevision: number | undefined = undefined;
  /** The next `seq` of this transaction's changes: one revision belongs to one transaction. */
  private changeSeq = 0;

  constructor(
    private readonly s: Statements,
    private readonly writable: boolean,
    private readonly retainRevisions: number,
  ) {}

  *nextRevision(): Step<number> {
    this.checkWritable();
    this.txRevision ??= asInt(firstRow(yield q(this.s.nextRevision)).revision);
    return this.txRevision;
  }

  *flowById(id: string): Step<FlowRow | undefined> {
    if (!storable(id)) return undefined;
    const row = (yield q(this.s.flowById, id))[0];
    return row === undefined ? undefined : Object.freeze({ record: asRecord<FlowRecord>(row.record), nextVersion: asInt(row.next_version) });
  }

  *flowIdByName(name: string): Step<string | undefined> {
    if (!storable(name)) return undefined;
    const row = (yield q(this.s.flowIdByName, name))[0];
    return row === undefined ? undefined : asText(row.id);
  }

  *listFlows(): Step<readonly FlowRecord[]> {
    return Object.freeze((yield q(this.s.listFlows)).map((row) => asRecord<FlowRecord>(row.record)));
  }

  *version(flowId: string, version: string): Step<VersionRecord | undefined> {
    const n = versionNumber(version);
    if (n === undefined || !storable(flowId)) return undefined;
    const row = (yield q(this.s.version, flowId, n))[0];
    return row === undefined ? undefined : asRecord<VersionRecord>(row.record);
  }

  *listVersions(flowId: string): Step<readonly VersionRecord[]> {
    if (!storable(flowId)) return [];
    return Object.freeze((yield q(this.s.listVersions, flowId)).map((row) => asRecord<VersionRecord>(row.record)));
  }

  *existingVersions(flowId: string, versions: readonly string[]): Step<ReadonlySet<string>> {
    const numbers = [...new Set(versions.map(versionNumber).filter((n) => n !== undefined))];
    if (numbers.length === 0 || !storable(flowId)) return new Set();
    const rows = yield q(this.s.existingVersions(numbers.length), flowId, ...numbers);
    return new Set(rows.map((row) => String(asInt(row.version))));
  }

  *countVersions(flowId: string): Step<number> {
    if (!storable(flowId)) return 0;
    return asInt(firstRow(yield q(this.s.countVersions, flowId)).n);
  }

  *alias(flowId: string, aliasId: string): Step<AliasRecord | undefined> {
    if (!storable(flowId) || !storable(aliasId)) return undefined;
    const row = (yield q(this.s.alias, flowId, aliasId))[0];
    return row === undefined ? undefined : asRecord<AliasRecord>(row.record);
  }

  *aliasIdByName(flowId: string, name: string): Step<string | undefined> {
    if (!storable(flowId) || !storable(name)) return undefined;
    const row = (yield q(this.s.aliasIdByName, flowId, name))[0];
    return row === undefined ? undefined : asText(row.id);
  }

  *listAliases(flowId: string): Step<readonly AliasRecord[]> {
    if (!storable(flowId)) return [];
    return Object.freeze((yield q(this.s.listAliases, flowId)).map((row) => asRecord<AliasRecord>(row.record)));
  }

  *countAliases(flowId: string): Step<number> {
    if (!storable(flowId)) return 0;
    return asInt(firstRow(yield q(this.s.countAliases, flowId)).n);
  }

  *clientToken(key: string): Step<TokenRow | undefined> {
    const row = (yield q(this.s.clientToken, JSON.stringify(key)))[0];
    if (row === undefined) return undefined;
    return Object.freeze({
      fingerprint: asRecord<string>(row.fingerprint),
      result: asRecord<FirstResult>(row.result),
      createdAt: asInt(row.created_at),
    });
  }

  *usage(): Step<StoreUsage> {
    const row = firstRow(yield q(this.s.usage));
    return Object.freeze({
      flows: asInt(row.flow_count),
      versions: asInt(row.version_count),
      aliases: asInt(row.alias_count),
      clientTokens: asInt(row.token_count),
      definitionBytes: asInt(row.definition_chars),
    });
  }

  *putFlow(row: FlowRow): Step<void> {
    this.checkWritable();
    const { id, name } = row.record;
    this.checkStorable(id, name);
    const chars = definitionChars(row.record);
    yield q(this.s.countFlowPut, id, chars, id);
    yield q(this.s.putFlow, id, name, row.nextVersion, JSON.stringify(row.record), chars);
  }

  *deleteFlow(flowId: string): Step<void> {
    this.checkWritable();
    if (!storable(flowId)) return;
    yield q(this.s.countFlowDelete, flowId, flowId, flowId, flowId, flowId);
    yield q(this.s.deleteFlowAliases, flowId);
    yield q(this.s.deleteFlowVersions, flowId);
    yield q(this.s.deleteFlow, flowId);
  }

  *putVersion(record: VersionRecord): Step<void> {
    this.checkWritable();
    const n = versionNumber(record.version);
    if (n === undefined) throw new InternalServerException(`version ${JSON.stringify(record.version)} is not a version number`);
    this.checkStorable(record.flowId);
    const chars = definitionChars(record);
    yield q(this.s.countVersionPut, record.flowId, n, chars, record.flowId, n);
    yield q(this.s.putVersion, record.flowId, n, JSON.stringify(record), chars);
  }

  *deleteVersion(flowId: string, version: string): Step<void> {
    this.checkWritable();
    const n = versionNumber(version);
    if (n === undefined || !storable(flowId)) return;
    yield q(this.s.countVersionDelete, flowId, n, flowId, n);
    yield q(this.s.deleteVersion, flowId, n);
  }

  *putAlias(record: AliasRecord): Step<void> {
    this.checkWritable();
    this.checkStorable(record.flowId, record.id, record.name);
    yield q(this.s.countAliasPut, record.flowId, record.id);
    yield q(this.s.putAlias, record.flowId, record.id, record.name, JSON.stringify(record));
  }

  *deleteAlias(flowId: string, aliasId: string): Step<void> {
    this.checkWritable();
    if (!storable(flowId) || !storable(aliasId)) return;
    yield q(this.s.countAliasDelete, flowId, aliasId);
    yield q(this.s.deleteAlias, flowId, aliasId);
  }

  *putClientToken(key: string, row: TokenRow, bounds: TokenBounds): Step<void> {
    this.checkWritable();
    const result = JSON.stringify(row.result);
    if (bounds.maxTokens <= 0 || result.length > bounds.maxResultChars) return;
    const stored = JSON.stringify(key);
    const { expiresBefore } = bounds;
    const purged = yield q(this.s.purgeTokens, stored, expiresBefore, stored, expiresBefore, bounds.maxTokens - 1);
    yield q(this.s.putToken, stored, JSON.stringify(row.fingerprint), result, row.createdAt);
    const overBudget = yield q(this.s.purgeTokenChars, bounds.maxResultChars);
    yield q(this.s.countTokens, 1 - purged.length - overBudget.length);
  }

  *recordChanges(changes: readonly Omit<StoredChange, 'revision'>[], revision: number): Step<void> {
    this.checkWritable();
    for (let i = 0; i < changes.length; i += CHANGE_BATCH) {
      const batch = changes.slice(i, i + CHANGE_BATCH);
      const params = batch.flatMap((c) => [revision, this.changeSeq++, c.kind, c.identity, c.flowId, c.aliasId]);
      yield q(this.s.recordChanges(batch.length), ...params);
    }
    if (changes.length === 0) return;
    yield q(this.s.purgeChanges, revision - this.retainRevisions);
    if (this.s.notifyChanges !== undefined) yield q(this.s.notifyChanges, String(revision));
  }

  *claimNonce(accessKeyId: string, nonce: string, expiresAt: number, now: number, maxPerKey: number): Step<NonceClaim> {
    this.checkWritable();
    this.checkStorable(accessKeyId, nonce);
    yield q(this.s.sweepNonces, accessKeyId, now);
    if ((yield q(this.s.nonceHeld, accessKeyId, nonce)).length > 0) return 'used';
    if (asInt(firstRow(yield q(this.s.countNonces, accessKeyId)).n) >= maxPerKey) return 'full';
    return (yield q(this.s.claimNonce, accessKeyId, nonce, expiresAt)).length > 0 ? 'claimed' : 'used';
  }

  *putOutcomes(row: OutcomeRow, keepFromWindow: number): Step<void> {
    this.checkWritable();
    const id = JSON.stringify(row.rolloutId);
    yield q(this.s.purgeOutcomes, id, keepFromWindow);
    yield q(this.s.putOutcomes, id, row.window, JSON.stringify(row.processId), row.targetOk, row.targetErrors, row.baselineOk, row.baselineErrors);
  }

  *outcomeWindows(rolloutId: string, from: number, to: number): Step<readonly OutcomeWindow[]> {
    const rows = yield q(this.s.outcomeWindows, JSON.stringify(rolloutId), from, to);
    return Object.freeze(
      rows.map((row) =>
        Object.freeze({
          rolloutId,
          window: asInt(row.window_no),
          targetOk: asInt(row.target_ok),
          targetErrors: asInt(row.target_errors),
          baselineOk: asInt(row.baseline_ok),
          baselineErrors: asInt(row.baseline_errors),
        }),
      ),
    );
  }

  *deleteOutcomes(rolloutId: string): Step<void> {
    this.checkWritable();
    yield q(this.s.deleteOutcomes, JSON.stringify(rolloutId));
  }

  private checkWritable(): void {
    if (!this.writable) throw new InternalServerException('a read-only store program tried to write');
  }

  private checkStorable(...keys: string[]): void {
    for (const key of keys) {
      if (!storable(key)) throw new InternalServerException(`the store cannot keep the key ${JSON.stringify(key)} exactly`);
    }
  }
}
