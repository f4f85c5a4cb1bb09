/* eslint-disable require-yield -- the memory store answers at once: its steps return without yielding SQL */
import { InternalServerException } from '../errors.js';
import type { AliasRecord, FlowRecord, VersionRecord } from '../registry/model.js';
import { definitionChars } from './records.js';
import type { FlowRow, NonceClaim, OutcomeRow, OutcomeWindow, Step, StoreTx, StoreUsage, StoredChange, TokenBounds, TokenRow } from './store.js';

/** One flow and what hangs off it. */
export interface MemoryFlow {
  row: FlowRow;
  readonly versions: Map<string, VersionRecord>;
  readonly aliases: Map<string, AliasRecord>;
  readonly aliasIdsByName: Map<string, string>;
  /** Definition chars of its versions, so deleting the flow need not sum them. */
  versionChars: number;
}

/** Everything the memory store holds; only a `MemoryTx` changes it. */
export class MemoryData {
  readonly flows = new Map<string, MemoryFlow>();
  readonly flowIdsByName = new Map<string, string>();
  /** Oldest first (insertion order): the first ones are forgotten when there are too many. */
  readonly tokens = new Map<string, TokenRow>();
  /** Each token's result size (JSON characters), for the byte bound. */
  readonly tokenChars = new Map<string, number>();
  /** Oldest first; entries before `changesStart` are purged but not yet cut out of the array. */
  readonly changes: StoredChange[] = [];
  /** Live signature nonces by access key: nonce → expiry (ms). */
  readonly nonces = new Map<string, Map<string, number>>();
  changesStart = 0;
  /** Rollout ID, then `${window}` then process ID, to one process's counts of one window (schema migration 3). */
  readonly outcomes = new Map<string, Map<number, Map<string, OutcomeRow>>>();
  revision = 0;
  versionCount = 0;
  aliasCount = 0;
  definitionChars = 0;
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One transaction on a `MemoryData`: every write records how to undo itself, so `rollback()` puts the data
 * (revision included) back exactly as it was. A read transaction refuses writes.
 */
export class MemoryTx implements StoreTx {
  private readonly undo: (() => void)[] = [];
  private txRevision: number | undefined = undefined;

  constructor(
    private readonly data: MemoryData,
    private readonly writable: boolean,
  ) {}

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]?.();
    this.undo.length = 0;
  }

  private log(step: () => void): void {
    if (!this.writable) throw new InternalServerException('a read-only store program tried to write');
    this.undo.push(step);
  }

  *nextRevision(): Step<number> {
    if (this.txRevision === undefined) {
      this.log(() => {
        this.data.revision--;
      });
      this.txRevision = ++this.data.revision;
    }
    return this.txRevision;
  }

  *flowById(id: string): Step<FlowRow | undefined> {
    return this.data.flows.get(id)?.row;
  }

  *flowIdByName(name: string): Step<string | undefined> {
    return this.data.flowIdsByName.get(name);
  }

  *listFlows(): Step<readonly FlowRecord[]> {
    return Object.freeze([...this.data.flows.values()].map((flow) => flow.row.record).sort(byId));
  }

  *version(flowId: string, version: string): Step<VersionRecord | undefined> {
    return this.data.flows.get(flowId)?.versions.get(version);
  }

  *listVersions(flowId: string): Step<readonly VersionRecord[]> {
    const versions = [...(this.data.flows.get(flowId)?.versions.values() ?? [])];
    return Object.freeze(versions.sort((a, b) => Number(a.version) - Number(b.version)));
  }

  *existingVersions(flowId: string, versions: readonly string[]): Step<ReadonlySet<string>> {
    const stored = this.data.flows.get(flowId)?.versions;
    return new Set(versions.filter((version) => stored?.has(version) === true));
  }

  *countVersions(flowId: string): Step<number> {
    return this.data.flows.get(flowId)?.versions.size ?? 0;
  }

  *alias(flowId: string, aliasId: string): Step<AliasRecord | undefined> {
    return this.data.flows.get(flowId)?.aliases.get(aliasId);
  }

  *aliasIdByName(flowId: string, name: string): Step<string | undefined> {
    return this.data.flows.get(flowId)?.aliasIdsByName.get(name);
  }

  *listAliases(flowId: string): Step<readonly AliasRecord[]> {
    return Object.freeze([...(this.data.flows.get(flowId)?.aliases.values() ?? [])].sort(byId));
  }

  *countAliases(flowId: string): Step<number> {
    return this.data.flows.get(flowId)?.aliases.size ?? 0;
  }

  *clientToken(key: string): Step<TokenRow | undefined> {
    return this.data.tokens.get(key);
  }

  *usage(): Step<StoreUsage> {
    const data = this.data;
    return Object.freeze({
      flows: data.flows.size,
      versions: data.versionCount,
      aliases: data.aliasCount,
      clientTokens: data.tokens.size,
      definitionBytes: data.definitionChars,
    });
  }

  *putFlow(given: FlowRow): Step<void> {
    const data = this.data;
    const row: FlowRow = Object.freeze({ record: given.record, nextVersion: given.nextVersion });
    const { id, name } = row.record;
    const flow = data.flows.get(id);
    if (flow === undefined) {
      const chars = definitionChars(row.record);
      this.log(() => {
        data.flows.delete(id);
        data.flowIdsByName.delete(name);
        data.definitionChars -= chars;
      });
      data.flows.set(id, { row, versions: new Map(), aliases: new Map(), aliasIdsByName: new Map(), versionChars: 0 });
      data.flowIdsByName.set(name, id);
      data.definitionChars += chars;
      return;
    }
    const old = flow.row;
    const delta = definitionChars(row.record) - definitionChars(old.record);
    this.log(() => {
      data.flowIdsByName.delete(name);
      data.flowIdsByName.set(old.record.name, id);
      flow.row = old;
      data.definitionChars -= delta;
    });
    data.flowIdsByName.delete(old.record.name);
    data.flowIdsByName.set(name, id);
    flow.row = row;
    data.definitionChars += delta;
  }

  *deleteFlow(flowId: string): Step<void> {
    const data = this.data;
    const flow = data.flows.get(flowId);
    if (flow === undefined) return;
    const chars = definitionChars(flow.row.record) + flow.versionChars;
    const apply = (sign: number): void => {
      data.versionCount += sign * flow.versions.size;
      data.aliasCount += sign * flow.aliases.size;
      data.definitionChars += sign * chars;
    };
    this.log(() => {
      data.flows.set(flowId, flow);
      data.flowIdsByName.set(flow.row.record.name, flowId);
      apply(1);
    });
    data.flows.delete(flowId);
    data.flowIdsByName.delete(flow.row.record.name);
    apply(-1);
  }

  *putVersion(record: VersionRecord): Step<void> {
    const flow = this.flowOf(record.flowId);
    const old = flow.versions.get(record.version);
    const delta = definitionChars(record) - (old === undefined ? 0 : definitionChars(old));
    const count = old === undefined ? 1 : 0;
    const apply = (sign: number): void => {
      flow.versionChars += sign * delta;
      this.data.definitionChars += sign * delta;
      this.data.versionCount += sign * count;
    };
    this.log(() => {
      if (old === undefined) flow.versions.delete(record.version);
      else flow.versions.set(record.version, old);
      apply(-1);
    });
    flow.versions.set(record.version, record);
    apply(1);
  }

  *deleteVersion(flowId: string, version: string): Step<void> {
    const flow = this.data.flows.get(flowId);
    const old = flow?.versions.get(version);
    if (flow === undefined || old === undefined) return;
    const chars = definitionChars(old);
    const apply = (sign: number): void => {
      flow.versionChars += sign * chars;
      this.data.definitionChars += sign * chars;
      this.data.versionCount += sign;
    };
    this.log(() => {
      flow.versions.set(version, old);
      apply(1);
    });
    flow.versions.delete(version);
    apply(-1);
  }

  *putAlias(record: AliasRecord): Step<void> {
    const flow = this.flowOf(record.flowId);
    const old = flow.aliases.get(record.id);
    this.log(() => {
      flow.aliasIdsByName.delete(record.name);
      if (old === undefined) {
        flow.aliases.delete(record.id);
        this.data.aliasCount--;
      } else {
        flow.aliases.set(record.id, old);
        flow.aliasIdsByName.set(old.name, old.id);
      }
    });
    if (old === undefined) this.data.aliasCount++;
    else flow.aliasIdsByName.delete(old.name);
    flow.aliases.set(record.id, record);
    flow.aliasIdsByName.set(record.name, record.id);
  }

  *deleteAlias(flowId: string, aliasId: string): Step<void> {
    const flow = this.data.flows.get(flowId);
    const old = flow?.aliases.get(aliasId);
    if (flow === undefined || old === undefined) return;
    this.log(() => {
      flow.aliases.set(aliasId, old);
      flow.aliasIdsByName.set(old.name, aliasId);
      this.data.aliasCount++;
    });
    flow.aliases.delete(aliasId);
    flow.aliasIdsByName.delete(old.name);
    this.data.aliasCount--;
  }

  *putClientToken(key: string, row: TokenRow, bounds: TokenBounds): Step<void> {
    const size = JSON.stringify(row.result).length;
    if (bounds.maxTokens <= 0 || size > bounds.maxResultChars) return;
    const { tokens, tokenChars } = this.data;
    const before = [...tokens];
    const sizes = [...tokenChars];
    this.log(() => {
      tokens.clear();
      tokenChars.clear();
      for (const [k, v] of before) tokens.set(k, v);
      for (const [k, v] of sizes) tokenChars.set(k, v);
    });
    const forget = (k: string): void => {
      tokens.delete(k);
      tokenChars.delete(k);
    };
    forget(key);
    for (const [k, v] of tokens) if (v.createdAt < bounds.expiresBefore) forget(k);
    let chars = size;
    for (const n of tokenChars.values()) chars += n;
    for (const k of tokens.keys()) {
      if (tokens.size < bounds.maxTokens && chars <= bounds.maxResultChars) break;
      chars -= tokenChars.get(k) ?? 0;
      forget(k);
    }
    tokens.set(key, Object.freeze({ fingerprint: row.fingerprint, result: row.result, createdAt: row.createdAt }));
    tokenChars.set(key, size);
  }

  *recordChanges(changes: readonly Omit<StoredChange, 'revision'>[], revision: number): Step<void> {
    const log = this.data.changes;
    const length = log.length;
    this.log(() => {
      log.length = length;
    });
    for (const change of changes) log.push(Object.freeze({ revision, ...change }));
  }

  *claimNonce(accessKeyId: string, nonce: string, expiresAt: number, now: number, maxPerKey: number): Step<NonceClaim> {
    const all = this.data.nonces;
    const held = all.get(accessKeyId) ?? new Map<string, number>();
    const known = held.get(nonce);
    if (known !== undefined && known > now) return 'used';
    const before = [...held];
    this.log(() => {
      held.clear();
      for (const [n, at] of before) held.set(n, at);
      if (held.size === 0) all.delete(accessKeyId);
    });
    for (const [n, at] of held) if (at <= now) held.delete(n);
    if (held.size >= maxPerKey) return 'full';
    held.set(nonce, expiresAt);
    all.set(accessKeyId, held);
    return 'claimed';
  }

  *putOutcomes(row: OutcomeRow, keepFromWindow: number): Step<void> {
    const all = this.data.outcomes;
    const before = all.get(row.rolloutId);
    const copy = new Map([...(before ?? new Map<number, Map<string, OutcomeRow>>())].map(([w, byProcess]) => [w, new Map(byProcess)]));
    this.log(() => {
      if (before === undefined) all.delete(row.rolloutId);
      else all.set(row.rolloutId, before);
    });
    for (const window of copy.keys()) if (window < keepFromWindow) copy.delete(window);
    let byProcess = copy.get(row.window);
    if (byProcess === undefined) {
      byProcess = new Map();
      copy.set(row.window, byProcess);
    }
    byProcess.set(row.processId, Object.freeze({ ...row }));
    all.set(row.rolloutId, copy);
  }

  *outcomeWindows(rolloutId: string, from: number, to: number): Step<readonly OutcomeWindow[]> {
    const windows = this.data.outcomes.get(rolloutId);
    if (windows === undefined) return [];
    const out: OutcomeWindow[] = [];
    for (const [window, byProcess] of windows) {
      if (window < from || window > to) continue;
      const sum = { rolloutId, window, targetOk: 0, targetErrors: 0, baselineOk: 0, baselineErrors: 0 };
      for (const row of byProcess.values()) {
        sum.targetOk += row.targetOk;
        sum.targetErrors += row.targetErrors;
        sum.baselineOk += row.baselineOk;
        sum.baselineErrors += row.baselineErrors;
      }
      out.push(Object.freeze(sum));
    }
    return Object.freeze(out.sort((a, b) => a.window - b.window));
  }

  *deleteOutcomes(rolloutId: string): Step<void> {
    const all = this.data.outcomes;
    const before = all.get(rolloutId);
    if (before === undefined) return;
    this.log(() => {
      all.set(rolloutId, before);
    });
    all.delete(rolloutId);
  }

  private flowOf(flowId: string): MemoryFlow {
    const flow = this.data.flows.get(flowId);
    if (flow === undefined) throw new InternalServerException(`the store has no flow ${JSON.stringify(flowId)}`);
    return flow;
  }
}
