import { MAX_ENTRIES } from '../routing/limits.js';

/**
 * A row's fields, from its offset: its freshness and load time (read only with a TTL and by stats), then what
 * every pick reads (epoch, selector slot, salt) right before the per-version pick counters it writes, so
 * those are as few cache lines as they can be.
 */
export const ROW_FRESH_UNTIL = 0;
/** The monotonic clock's time of the load (stats' `loadedAt`); never read by a pick. */
export const ROW_LOADED_AT = 1;
export const ROW_EPOCH = 2;
/** The row's selector, as an index into the router's SelectorSlots. */
export const ROW_SELECTOR = 3;
export const ROW_SALT = 4;
export const ROW_COUNTS = 5;
/** Doubles reserved at offset 0: picks on an entry that has no row (not cached) count here, never read. */
export const SINK_LENGTH = ROW_COUNTS + MAX_ENTRIES;
const INITIAL_LENGTH = 4096;

/**
 * HOT PATH data of every cached alias, in one Float64Array: an entry's row is the end of its freshness, its
 * load time, its LRU epoch, its selector's slot, its key-hash salt, then one pick counter per version. The router's index
 * maps `(flow, alias)` to a row's offset (a small integer in the Map, never boxed), so a pick reads one row
 * and counts into that same row: one cache miss where an entry object and a counter array cost three. At
 * 100,000 cached aliases in random order that took a pick from about 4.7x to 1.25x-1.9x the Map floor, with the state of this shared machine
 * (bench/scenarios/many-aliases.ts; figures in docs/benchmarks.md). A double holds each field exactly
 * (epochs and counts to 2^53, salts and slots are int32) and stores unboxed.
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
    return at < SINK_LENGTH ? 0 : (this.values[at + ROW_COUNTS + i] as number);
  }
}
