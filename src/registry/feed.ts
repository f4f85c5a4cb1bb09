import { ValidationException } from '../errors.js';
import type { AliasChange } from '../router/source.js';
import { ChangeListeners, type ListenerErrorHandler } from '../sources/change-listeners.js';
import type { RegistryStore, StoredChange } from '../stores/store.js';
import type { ChangeDraft } from './operations/outcome.js';

const MAX_CHANGES_PER_POLL = 10_000;
const DEFAULT_POLL_MS = 1000;

/**
 * Announces a registry's alias changes to its subscribers. Changes made through this registry are
 * announced synchronously after their commit. On a shared store (SQLite, PostgreSQL), it also reads the
 * store's change log for what other processes wrote, skipping what was announced already: at once when the
 * store wakes it (PostgreSQL's NOTIFY, sent by each write's transaction), and every `pollIntervalMs`
 * regardless, so a lost notification delays a change by at most that. When the log no longer reaches
 * back to the last revision seen, it announces a reset.
 */
export class ChangeFeed {
  private readonly listeners: ChangeListeners;
  private subscribers = 0;
  private readonly pollMs: number;
  /** Every change up to this revision has been announced (undefined until the first poll reads it). */
  private seen: number | undefined;
  /** Revisions above `seen` announced already because this process made them. */
  private readonly announced = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A wake-up arrived during a poll: poll again as soon as it ends (it may have missed that commit). */
  private pollAgain = false;
  private stopWaking: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly store: RegistryStore,
    pollIntervalMs: number | undefined,
    onListenerError: ListenerErrorHandler | undefined,
  ) {
    this.listeners = new ChangeListeners(onListenerError);
    const ms = pollIntervalMs ?? DEFAULT_POLL_MS;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 10 || ms > 60_000) {
      throw new ValidationException('pollIntervalMs', 'must be an integer from 10 to 60000');
    }
    this.pollMs = ms;
  }

  subscribe(listener: (change: AliasChange) => void): () => void {
    const unsubscribe = this.listeners.subscribe(listener);
    this.subscribers++;
    this.startPolling();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
      if (--this.subscribers === 0) this.stopPolling();
    };
  }

  /** A write of this process committed at `revision`. */
  announce(revision: number, changes: readonly ChangeDraft[]): void {
    if (this.seen !== undefined && revision > this.seen) {
      this.announced.add(revision);
      this.advance();
    }
    for (const change of changes) this.emit({ kind: change.kind, identity: change.identity });
  }

  /** Reads what other processes wrote since the last poll and announces it. Resolves when done. */
  async poll(): Promise<void> {
    if (this.closed) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        await this.pollOnce();
      } while (this.pollAgain && !this.closed);
    } finally {
      this.polling = false;
    }
  }

  private async pollOnce(): Promise<void> {
    try {
      const latest = await this.store.revision();
      if (this.seen === undefined) {
        this.seen = latest;
        return;
      }
      if (latest <= this.seen) return;
      const changes = await this.store.changesSince(this.seen, MAX_CHANGES_PER_POLL);
      if (changes === undefined || (changes.length === MAX_CHANGES_PER_POLL && lastRevision(changes) < latest)) {
        this.reset(latest);
        return;
      }
      for (const change of changes) {
        if (change.revision > latest) break;
        if (!this.announced.has(change.revision)) this.emit({ kind: change.kind, identity: change.identity });
      }
      this.seen = latest;
      for (const revision of this.announced) if (revision <= latest) this.announced.delete(revision);
    } catch {
      // The store is unreachable: routers keep their last good tables; the next tick tries again.
    }
  }

  close(): void {
    this.closed = true;
    this.stopPolling();
  }

  private reset(latest: number): void {
    this.seen = latest;
    this.announced.clear();
    this.emit({ kind: 'reset', identity: '' });
  }

  private advance(): void {
    while (this.seen !== undefined && this.announced.delete(this.seen + 1)) this.seen += 1;
  }

  private startPolling(): void {
    if (this.timer !== undefined || this.closed || this.store.kind === 'memory') return;
    // Woken at once by a store that can tell (PostgreSQL's NOTIFY); the timer is the backstop for a lost one.
    this.stopWaking = this.store.onCommit?.(() => void this.poll());
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.stopWaking?.();
    this.stopWaking = undefined;
  }

  private emit(change: AliasChange): void {
    if (!this.closed) this.listeners.notify(change);
  }
}

function lastRevision(changes: readonly StoredChange[]): number {
  return changes.length === 0 ? 0 : (changes[changes.length - 1] as StoredChange).revision;
}
