/* eslint-disable require-yield -- the memory store answers at once: its steps never yield SQL (store.ts) */
import { randomUUID } from 'node:crypto';
import type { AliasRecord, FlowRecord, VersionRecord } from '../registry/model.js';
import { resolveIdentity } from './identity.js';
import {
  runNow,
  type FlowRow,
  type Step,
  type StoreIdentity,
  type StoreProgram,
  type StoreTx,
  type StoredChange,
  type StoreUsage,
  type SyncStore,
  type TokenRow,
} from './store.js';

interface FlowSlot {
  row: FlowRow;
  readonly versions: Map<string, VersionRecord>;
  readonly aliases: Map<string, AliasRecord>;
  readonly aliasIdsByName: Map<string, string>;
}

/** Changes kept for `changesSince` (a router further behind gets a reset). */
const MAX_RETAINED_CHANGES = 10_000;

function chars(definition: unknown): number {
  return definition === undefined ? 0 : JSON.stringify(definition).length;
}

/**
 * The in-process store: maps, with all-or-nothing transactions (every write records its undo, replayed in
 * reverse if the program throws). Synchronous; nothing survives the process.
 */
export class MemoryStore implements SyncStore {
  readonly kind = 'memory';
  readonly synchronous = true;
  readonly identity: StoreIdentity;
  private readonly flows = new Map<string, FlowSlot>();
  private readonly flowIdsByName = new Map<string, string>();
  private readonly tokens = new Map<string, TokenRow>();
  private readonly changes: StoredChange[] = [];
  private lastRevision = 0;
  private versionCount = 0;
  private aliasCount = 0;
  private definitionChars = 0;
  private undo: (() => void)[] | undefined;
  private txRevision: number | undefined;
  private readonly tx: StoreTx;

  constructor(options: { readonly region?: string | undefined; readonly account?: string | undefined } = {}) {
    this.identity = Object.freeze({ ...resolveIdentity(options), epoch: randomUUID() });
    this.tx = this.makeTx();
  }

  read<T>(program: StoreProgram<T>): T {
    return runNow(program(this.tx));
  }

  write<T>(program: StoreProgram<T>): T {
    const undo: (() => void)[] = [];
    this.undo = undo;
    this.txRevision = undefined;
    try {
      return runNow(program(this.tx));
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
      throw error;
    } finally {
      this.undo = undefined;
      this.txRevision = undefined;
    }
  }

  revision(): number {
    return this.lastRevision;
  }

  changesSince(revision: number, limit: number): readonly StoredChange[] | undefined {
    const oldest = this.changes[0];
    if (oldest !== undefined && revision < oldest.revision - 1 && this.changes.length >= MAX_RETAINED_CHANGES) return undefined;
    return this.changes.filter((change) => change.revision > revision).slice(0, limit);
  }

  close(): void {}

  /** Records how to take back a write; outside a write transaction, writing is a bug. */
  private onUndo(step: () => void): void {
    if (this.undo === undefined) throw new Error('a memory-store write outside a write transaction');
    this.undo.push(step);
  }

  private slot(flowId: string): FlowSlot | undefined {
    return this.flows.get(flowId);
  }

  private makeTx(): StoreTx {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return {
      *nextRevision(): Step<number> {
        if (store.txRevision === undefined) {
          const previous = store.lastRevision;
          store.onUndo(() => (store.lastRevision = previous));
          store.txRevision = ++store.lastRevision;
        }
        return store.txRevision;
      },
      *flowById(id) {
        return store.slot(id)?.row;
      },
      *flowIdByName(name) {
        return store.flowIdsByName.get(name);
      },
      *listFlows(): Step<readonly FlowRecord[]> {
        return [...store.flows.values()].map((slot) => slot.row.record);
      },
      *version(flowId, version) {
        return store.slot(flowId)?.versions.get(version);
      },
      *listVersions(flowId) {
        return [...(store.slot(flowId)?.versions.values() ?? [])].sort((a, b) => Number(a.version) - Number(b.version));
      },
      *existingVersions(flowId, versions) {
        const slot = store.slot(flowId);
        return new Set(versions.filter((v) => slot?.versions.has(v) === true));
      },
      *countVersions(flowId) {
        return store.slot(flowId)?.versions.size ?? 0;
      },
      *alias(flowId, aliasId) {
        return store.slot(flowId)?.aliases.get(aliasId);
      },
      *aliasIdByName(flowId, name) {
        return store.slot(flowId)?.aliasIdsByName.get(name);
      },
      *listAliases(flowId) {
        return [...(store.slot(flowId)?.aliases.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      },
      *countAliases(flowId) {
        return store.slot(flowId)?.aliases.size ?? 0;
      },
      *clientToken(key) {
        return store.tokens.get(key);
      },
      *usage(): Step<StoreUsage> {
        return {
          flows: store.flows.size,
          versions: store.versionCount,
          aliases: store.aliasCount,
          clientTokens: store.tokens.size,
          definitionBytes: store.definitionChars,
        };
      },
      *putFlow(row) {
        const existing = store.slot(row.record.id);
        if (existing === undefined) {
          const slot: FlowSlot = { row, versions: new Map(), aliases: new Map(), aliasIdsByName: new Map() };
          store.flows.set(row.record.id, slot);
          store.flowIdsByName.set(row.record.name, row.record.id);
          store.definitionChars += chars(row.record.definition);
          store.onUndo(() => {
            store.flows.delete(row.record.id);
            store.flowIdsByName.delete(row.record.name);
            store.definitionChars -= chars(row.record.definition);
          });
          return;
        }
        const old = existing.row;
        existing.row = row;
        store.flowIdsByName.delete(old.record.name);
        store.flowIdsByName.set(row.record.name, row.record.id);
        const delta = chars(row.record.definition) - chars(old.record.definition);
        store.definitionChars += delta;
        store.onUndo(() => {
          existing.row = old;
          store.flowIdsByName.delete(row.record.name);
          store.flowIdsByName.set(old.record.name, old.record.id);
          store.definitionChars -= delta;
        });
      },
      *deleteFlow(flowId) {
        const slot = store.slot(flowId);
        if (slot === undefined) return;
        const removed = chars(slot.row.record.definition) + [...slot.versions.values()].reduce((n, v) => n + chars(v.definition), 0);
        const position = [...store.flows.keys()].indexOf(flowId);
        store.flows.delete(flowId);
        store.flowIdsByName.delete(slot.row.record.name);
        store.versionCount -= slot.versions.size;
        store.aliasCount -= slot.aliases.size;
        store.definitionChars -= removed;
        store.onUndo(() => {
          // Put the flow back where it was, so creation order survives a rolled-back delete.
          const entries = [...store.flows];
          entries.splice(position, 0, [flowId, slot]);
          store.flows.clear();
          for (const [id, s] of entries) store.flows.set(id, s);
          store.flowIdsByName.set(slot.row.record.name, flowId);
          store.versionCount += slot.versions.size;
          store.aliasCount += slot.aliases.size;
          store.definitionChars += removed;
        });
      },
      *putVersion(record) {
        const slot = store.slot(record.flowId);
        if (slot === undefined) throw new Error(`putVersion: no flow ${record.flowId}`);
        const old = slot.versions.get(record.version);
        slot.versions.set(record.version, record);
        const delta = chars(record.definition) - chars(old?.definition);
        store.definitionChars += delta;
        if (old === undefined) store.versionCount++;
        store.onUndo(() => {
          if (old === undefined) {
            slot.versions.delete(record.version);
            store.versionCount--;
          } else slot.versions.set(record.version, old);
          store.definitionChars -= delta;
        });
      },
      *deleteVersion(flowId, version) {
        const slot = store.slot(flowId);
        const old = slot?.versions.get(version);
        if (slot === undefined || old === undefined) return;
        slot.versions.delete(version);
        store.versionCount--;
        store.definitionChars -= chars(old.definition);
        store.onUndo(() => {
          slot.versions.set(version, old);
          store.versionCount++;
          store.definitionChars += chars(old.definition);
        });
      },
      *putAlias(record) {
        const slot = store.slot(record.flowId);
        if (slot === undefined) throw new Error(`putAlias: no flow ${record.flowId}`);
        const old = slot.aliases.get(record.id);
        slot.aliases.set(record.id, record);
        if (old !== undefined) slot.aliasIdsByName.delete(old.name);
        slot.aliasIdsByName.set(record.name, record.id);
        if (old === undefined) store.aliasCount++;
        store.onUndo(() => {
          slot.aliasIdsByName.delete(record.name);
          if (old === undefined) {
            slot.aliases.delete(record.id);
            store.aliasCount--;
          } else {
            slot.aliases.set(record.id, old);
            slot.aliasIdsByName.set(old.name, old.id);
          }
        });
      },
      *deleteAlias(flowId, aliasId) {
        const slot = store.slot(flowId);
        const old = slot?.aliases.get(aliasId);
        if (slot === undefined || old === undefined) return;
        slot.aliases.delete(aliasId);
        slot.aliasIdsByName.delete(old.name);
        store.aliasCount--;
        store.onUndo(() => {
          slot.aliases.set(aliasId, old);
          slot.aliasIdsByName.set(old.name, aliasId);
          store.aliasCount++;
        });
      },
      *putClientToken(key, row, maxTokens, expiresBefore) {
        const before = new Map(store.tokens);
        store.tokens.delete(key);
        store.tokens.set(key, row);
        for (const [k, t] of store.tokens) {
          if (store.tokens.size <= maxTokens && t.createdAt >= expiresBefore) break;
          store.tokens.delete(k);
        }
        store.onUndo(() => {
          store.tokens.clear();
          for (const [k, t] of before) store.tokens.set(k, t);
        });
      },
      *recordChanges(changes, revision) {
        const added = changes.map((change) => Object.freeze({ ...change, revision }));
        store.changes.push(...added);
        const dropped = store.changes.length > MAX_RETAINED_CHANGES ? store.changes.splice(0, store.changes.length - MAX_RETAINED_CHANGES) : [];
        store.onUndo(() => {
          store.changes.splice(store.changes.length - added.length, added.length);
          store.changes.unshift(...dropped);
        });
      },
    };
  }
}
