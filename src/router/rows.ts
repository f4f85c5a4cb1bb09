import { MAX_ENTRIES } from '../routing/limits.js';

/**
 * A row's fields, from its offset: its freshness and load time (read by a pick only with a TTL, and by
 * stats), then the per-version pick counters a pick writes. What a pick reads is in its AliasIndex slot.
 * A const enum, so the bundle writes the offsets in (see `Kind` in src/routing/selector.ts).
 */
export const enum Row {
  FreshUntil = 0,
  /** The monotonic clock's time of the load (stats' `loadedAt`); never read by a pick. */
  LoadedAt = 1,
  Counts = 2,
}
/** Doubles reserved at offset 0: picks on an entry that has no row (not cached) count here, never read. */
export const SINK_LENGTH = Row.Counts + MAX_ENTRIES;
const INITIAL_LENGTH = 4096;

/**
 * HOT PATH: the pick counters of every cached alias, with its freshness and load time, in one Float64Array.
 * An alias's AliasIndex slot holds its row's offset (src/router/alias-index.ts), and a pick adds to a
 * counter in the row. A double holds each field exactly (counts to 2^53) and stores unboxed.
 *
 * Freed rows are kept by length and reused by the next row of that length, so the array grows only to the
 * most rows of each length ever live at once; it never shrinks. A row is zeroed when freed.
 */
export class RoutingRows {
  /** HOT PATH. Replaced (copied) when it grows, off the hot path. */
  values = new Float64Array(INITIAL_LENGTH);
  private end = SINK_LENGTH;
  private readonly free = new Map<number, number[]>();

  /** The offset of a zeroed row of `length` doubles. */
  allocate(length: number): number {
    const reused = this.free.get(length)?.pop();
    if (reused !== undefined) return reused;
    const at = this.end;
    if (at + length > this.values.length) {
      const grown = new Float64Array(Math.max(this.values.length * 2, at + length));
      grown.set(this.values);
      this.values = grown;
    }
    this.end = at + length;
    return at;
  }

  /** Zeroes and frees a row `allocate` gave (the sink is never freed). */
  release(at: number, length: number): void {
    if (at < SINK_LENGTH) return;
    this.values.fill(0, at, at + length);
    let list = this.free.get(length);
    if (list === undefined) {
      list = [];
      this.free.set(length, list);
    }
    list.push(at);
  }

  /** Version `i`'s pick count in the row at `at` (0 for the sink). */
  count(at: number, i: number): number {
    return at < SINK_LENGTH ? 0 : (this.values[at + Row.Counts + i] as number);
  }
}
