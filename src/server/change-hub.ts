import type { AnyRegistry } from '../registry/registry.js';
import type { StoredChange } from '../stores/store.js';

/** Most changes read from the store per page while catching up. */
const PAGE = 1000;
/** Retry delays after the store failed to answer a catch-up read. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2000;

/** What a watcher is answered: every change after its revision up to `revision`, or reset. */
export type WatchAnswer =
  | { readonly reset: false; readonly revision: number; readonly changes: readonly StoredChange[] }
  | { readonly reset: true; readonly revision: number };

/**
 * One replica's view of the change log, shared by every watcher parked on it: the store revision it has
 * caught up to, and the last `bufferChanges` changes in memory, so a thousand watchers woken by one commit
 * cost one read of the store, not a thousand. It catches up whenever the registry announces a change (its
 * own writes at once; other replicas' from the change feed, woken by NOTIFY and backed by the poll).
 */
export class ChangeHub {
  /** Every change up to this revision is in `buffer` (those after `bufferStart`) or older. -1 until ready. */
  private revision = -1;
  private bufferStart = -1;
  private buffer: StoredChange[] = [];
  private catchingUp: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly registry: AnyRegistry,
    private readonly bufferChanges: number,
  ) {
    this.unsubscribe = registry.subscribe(() => void this.catchUp());
  }

  get epoch(): string {
    return this.registry.store.identity.epoch;
  }

  /** Watchers parked now. */
  get parked(): number {
    return this.waiters.size;
  }

  /** Reads what the store committed since the last read (one read at a time; a wake-up during one runs another). */
  catchUp(): Promise<void> {
    if (this.catchingUp !== undefined) {
      this.again = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.again = false;
          await this.readStore();
        } while (this.again && !this.closed);
        this.failures = 0;
      } catch {
        // The store is unreachable: watchers stay parked (they time out with no changes); try again soon.
        this.scheduleRetry();
      }
    })().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  /**
   * The answer for a watcher that has seen everything up to `since`: changes after it, `undefined` when
   * there are none yet (park), or reset when `since` is older than the store retains, or newer than the
   * store has ever been (a restored database).
   */
  async answer(since: number, limit: number): Promise<WatchAnswer | undefined> {
    if (this.revision < 0 || since > this.revision) await this.catchUp();
    if (this.revision < 0) throw new Error('the change log could not be read');
    if (since > this.revision) return { reset: true, revision: this.revision };
    if (since === this.revision) return undefined;
    if (since >= this.bufferStart) {
      const from = this.firstAfter(since);
      const changes = cut(this.buffer, from, limit);
      return { reset: false, revision: changes.length > 0 && changes.length < this.buffer.length - from ? lastOf(changes) : this.revision, changes };
    }
    const upTo = this.revision;
    const page = await this.registry.store.changesSince(since, limit);
    if (page === undefined) return { reset: true, revision: upTo };
    const changes = page.filter((change) => change.revision <= upTo);
    return { reset: false, revision: page.length >= limit && changes.length === page.length ? lastOf(changes) : upTo, changes };
  }

  /** The store's current revision (read now: a new watcher starts from what is committed). */
  async baseline(): Promise<number> {
    await this.catchUp();
    if (this.revision < 0) throw new Error('the change log could not be read');
    return this.revision;
  }

  /** Parks `wake` until the revision advances; returns the function that unparks it. */
  park(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.wakeAll();
  }

  /** Answers every parked watcher now (they see whatever is new, or nothing): a draining server calls this. */
  wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  private async readStore(): Promise<void> {
    const store = this.registry.store;
    const latest = await store.revision();
    if (this.revision < 0) {
      this.revision = latest;
      this.bufferStart = latest;
      return;
    }
    if (latest <= this.revision) return;
    let from = this.revision;
    for (;;) {
      const page = await store.changesSince(from, PAGE);
      if (page === undefined) {
        // The log no longer reaches back to what we hold: start over; older watchers get reset.
        this.buffer = [];
        this.bufferStart = latest;
        break;
      }
      for (const change of page) if (change.revision <= latest) this.buffer.push(change);
      if (page.length < PAGE || page.length === 0 || lastOf(page) >= latest) break;
      from = lastOf(page);
    }
    this.revision = latest;
    this.trim();
    this.wakeAll();
  }

  /** Drops the oldest whole revisions beyond `bufferChanges`. */
  private trim(): void {
    if (this.buffer.length <= this.bufferChanges) return;
    let drop = this.buffer.length - this.bufferChanges;
    const boundary = (this.buffer[drop - 1] as StoredChange).revision;
    while (drop < this.buffer.length && (this.buffer[drop] as StoredChange).revision === boundary) drop++;
    this.buffer = this.buffer.slice(drop);
    this.bufferStart = boundary;
  }

  private firstAfter(revision: number): number {
    let low = 0;
    let high = this.buffer.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.buffer[mid] as StoredChange).revision <= revision) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry !== undefined) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(this.failures++, 10));
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.catchUp();
    }, delay);
    this.retry.unref();
  }
}

function lastOf(changes: readonly StoredChange[]): number {
  return (changes[changes.length - 1] as StoredChange).revision;
}

/** Up to `limit` changes from `from`, never splitting a revision (a revision larger than `limit` comes whole). */
function cut(buffer: readonly StoredChange[], from: number, limit: number): readonly StoredChange[] {
  if (buffer.length - from <= limit) return buffer.slice(from);
  let end = from + limit;
  const next = (buffer[end] as StoredChange).revision;
  while (end > from && (buffer[end - 1] as StoredChange).revision === next) end--;
  if (end > from) return buffer.slice(from, end);
  end = from + limit;
  while (end < buffer.length && (buffer[end] as StoredChange).revision === next) end++;
  return buffer.slice(from, end);
}
