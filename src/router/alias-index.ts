import { CountedIds } from './counted-ids.js';

/**
 * A slot's fields, from its offset in `AliasIndex.slots`: the key (two ids; a flow id of 0 is an empty slot),
 * then what a pick reads. A const enum, so the bundle writes the offsets in (see `Kind` in
 * src/routing/selector.ts).
 */
export const enum Slot {
  Flow = 0,
  Alias = 1,
  /** The offset of the alias's row of counters (src/router/rows.ts). */
  Row = 2,
  /** Its selector's id in the router's CountedIds of selectors. */
  Selector = 3,
  /** Its key-hash salt. */
  Salt = 4,
  /** The router's LRU epoch of its last touch (int32, see Router.epoch). */
  Epoch = 5,
  /** Int32s per slot. */
  Length = 6,
}

const INITIAL_CAPACITY = 64;

/**
 * HOT PATH: the slot where the probe for `(flow, alias)` starts: each id times its own odd constant, summed,
 * folded and multiplied again; the slot is the product's top bits (Fibonacci hashing). The alias's product
 * overlaps the alias's `Map.get`, so about 10 cycles follow it. Over shapes from 1,024 flows of 1 alias to 1
 * flow of 100,000 aliases the average probe is within 16% of random hashing's (1.5 half full, 2.6 at 76%);
 * one multiply of the packed pair was better on some shapes and 3.3 times worse on others (100 x 100).
 */
export function home(flow: number, alias: number, shift: number): number {
  const h = (Math.imul(flow, 0x9e3779b1) + Math.imul(alias, 0x85ebca6b)) | 0;
  return (Math.imul(h ^ (h >>> 15), 0x9e3779b1) >>> shift) | 0;
}

/**
 * HOT PATH: the router's index from `(flow, alias)`, as the caller spells them, to what a pick reads. Each
 * name maps to a small id (one `Map.get` each, on maps as small as the distinct names: hot in cache), and the
 * pair of ids is looked up in one open-addressing table of int32 slots (linear probing, at most 80% full),
 * which holds the alias's row offset, selector, salt and epoch. So a pick at 100,000 cached aliases in random
 * order reads one cold slot, then adds to its counter in the alias's row, where a `Map` of `Map`s cost a
 * second hash lookup on a cold map before the row: 1.3x to 1.45x the one-Map floor against 1.8x to 2.0x,
 * measured side by side with the floor's data in the shared cache (bench/scenarios/many-aliases.ts).
 *
 * A slot's offset is valid until the next `set` of a new pair or `delete`, which may move slots.
 */
export class AliasIndex {
  /** HOT PATH. Replaced when the table grows, off the hot path. */
  slots = new Int32Array(INITIAL_CAPACITY * Slot.Length);
  /** HOT PATH: the `ids` maps themselves, one load nearer. */
  readonly flowIds: Map<string, number>;
  readonly aliasIds: Map<string, number>;
  private readonly flows = new CountedIds<string>();
  private readonly aliases = new CountedIds<string>();
  private mask = INITIAL_CAPACITY - 1;
  /** 32 minus log2 of the capacity: `home` keeps the product's top bits. */
  private shift = 32 - Math.log2(INITIAL_CAPACITY);
  private count = 0;

  constructor() {
    this.flowIds = this.flows.ids;
    this.aliasIds = this.aliases.ids;
  }

  /** HOT PATH: the offset of the slot of `(flow, alias)`, or -1. */
  find(flow: string, alias: string): number {
    const f = this.flowIds.get(flow);
    if (f === undefined) return -1;
    const a = this.aliasIds.get(alias);
    if (a === undefined) return -1;
    const slots = this.slots;
    const mask = this.mask;
    // Bounded: the table is never full, so an empty slot ends every probe.
    for (let i = home(f, a, this.shift); ; i = (i + 1) & mask) {
      const at = i * Slot.Length;
      const held = slots[at + Slot.Flow] as number;
      if (held === f && slots[at + Slot.Alias] === a) return at;
      if (held === 0) return -1;
    }
  }

  /** The offset of the slot of `(flow, alias)`, added (its other fields zero) if absent. */
  set(flow: string, alias: string): number {
    const found = this.find(flow, alias);
    if (found >= 0) return found;
    if ((this.count + 1) * 5 > (this.mask + 1) * 4) this.grow();
    this.count++;
    return this.place(this.flows.acquire(flow), this.aliases.acquire(alias));
  }

  /** Removes `(flow, alias)` if its slot holds the row at `row`; true if it did. */
  delete(flow: string, alias: string, row: number): boolean {
    const at = this.find(flow, alias);
    if (at < 0 || this.slots[at + Slot.Row] !== row) return false;
    this.flows.release(this.slots[at + Slot.Flow] as number);
    this.aliases.release(this.slots[at + Slot.Alias] as number);
    this.count--;
    this.unlink(at / Slot.Length);
    return true;
  }

  /** How many pairs are indexed. */
  get size(): number {
    return this.count;
  }

  /** Slots, and ids of flow and alias names in use: what the index holds, for tests and memory checks. */
  footprint(): { capacity: number; flows: number; aliases: number } {
    return { capacity: this.mask + 1, flows: this.flows.size, aliases: this.aliases.size };
  }

  /** Writes the key `(f, a)` in the first empty slot of its probe; returns that slot's offset. */
  private place(f: number, a: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = home(f, a, this.shift);
    while (slots[i * Slot.Length + Slot.Flow] !== 0) i = (i + 1) & mask;
    const at = i * Slot.Length;
    slots[at + Slot.Flow] = f;
    slots[at + Slot.Alias] = a;
    return at;
  }

  /**
   * Empties slot `i` by backward shifting (no tombstones): each later slot of the run moves into the hole
   * when the hole lies between its home and itself, so every probe still finds its key before an empty slot.
   */
  private unlink(i: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let hole = i;
    for (let j = (hole + 1) & mask; slots[j * Slot.Length + Slot.Flow] !== 0; j = (j + 1) & mask) {
      const at = j * Slot.Length;
      const start = home(slots[at + Slot.Flow] as number, slots[at + Slot.Alias] as number, this.shift);
      if (((j - start) & mask) >= ((j - hole) & mask)) {
        slots.copyWithin(hole * Slot.Length, at, at + Slot.Length);
        hole = j;
      }
    }
    slots.fill(0, hole * Slot.Length, hole * Slot.Length + Slot.Length);
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * Slot.Length);
    this.mask = capacity - 1;
    this.shift--;
    for (let at = 0; at < old.length; at += Slot.Length) {
      if (old[at + Slot.Flow] === 0) continue;
      const to = this.place(old[at + Slot.Flow] as number, old[at + Slot.Alias] as number);
      this.slots.set(old.subarray(at + Slot.Row, at + Slot.Length), to + Slot.Row);
    }
  }
}
