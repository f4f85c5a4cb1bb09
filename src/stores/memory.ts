import { randomUUID } from 'node:crypto';
import { InternalServerException } from '../errors.js';
import { checkChangesQuery, cutAtRevision, retainedAfter } from './changes.js';
import { MemoryData, MemoryTx } from './memory-tx.js';
import {
  DEFAULT_ACCOUNT,
  DEFAULT_REGION,
  STORE_OPTION_KEYS,
  readOptionFields,
  resolveStoreOptions,
  type StoreOptions,
} from './options.js';
import { runNow, type StoreIdentity, type StoreProgram, type StoredChange, type SyncStore } from './store.js';

/** Purged changes are cut out of the array in batches of at least this many, so purging costs O(1) a write. */
const COMPACT_AT = 1024;

/**
 * The in-process store: maps, as the registry always kept them, with real all-or-nothing transactions
 * (each write records its undo step; a program that throws is undone in reverse, revision included).
 * Nothing survives the process.
 */
export class MemoryStore implements SyncStore {
  readonly kind = 'memory';
  readonly synchronous = true;
  readonly identity: StoreIdentity;
  private readonly data = new MemoryData();
  private readonly retainRevisions: number;
  private busy = false;

  constructor(options: StoreOptions = {}) {
    const resolved = resolveStoreOptions(readOptionFields(options, STORE_OPTION_KEYS));
    this.retainRevisions = resolved.retainRevisions;
    this.identity = Object.freeze({
      region: resolved.region ?? DEFAULT_REGION,
      account: resolved.account ?? DEFAULT_ACCOUNT,
      epoch: randomUUID(),
    });
  }

  read<T>(program: StoreProgram<T>): T {
    return this.run(new MemoryTx(this.data, false), program);
  }

  write<T>(program: StoreProgram<T>): T {
    const tx = new MemoryTx(this.data, true);
    const result = this.run(tx, program);
    this.purgeChanges();
    return result;
  }

  revision(): number {
    return this.data.revision;
  }

  changesSince(revision: number, limit: number): readonly StoredChange[] | undefined {
    checkChangesQuery(revision, limit);
    if (revision < retainedAfter(this.data.revision, this.retainRevisions)) return undefined;
    const changes = this.data.changes;
    const from = this.firstAfter(revision);
    const page = changes.slice(from, from + limit + 1);
    const cut = cutAtRevision(page, limit);
    if (typeof cut !== 'number') return cut;
    return changes.slice(from, this.firstAfter(cut));
  }

  close(): void {
    // Nothing to release: the data goes with the object.
  }

  private run<T>(tx: MemoryTx, program: StoreProgram<T>): T {
    if (this.busy) throw new InternalServerException('a store program called its store again');
    this.busy = true;
    try {
      return runNow(program(tx));
    } catch (error) {
      tx.rollback();
      throw error;
    } finally {
      this.busy = false;
    }
  }

  /** The index of the first retained change with a revision above `revision` (changes are in revision order). */
  private firstAfter(revision: number): number {
    const changes = this.data.changes;
    let low = this.data.changesStart;
    let high = changes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((changes[mid]?.revision ?? Infinity) <= revision) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private purgeChanges(): void {
    const data = this.data;
    data.changesStart = this.firstAfter(retainedAfter(data.revision, this.retainRevisions));
    if (data.changesStart >= COMPACT_AT && data.changesStart * 2 >= data.changes.length) {
      data.changes.splice(0, data.changesStart);
      data.changesStart = 0;
    }
  }
}
