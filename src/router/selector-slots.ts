import type { CompiledSelector } from '../routing/selector.js';

/**
 * The compiled selectors a router's rows point at, by small integer (a row is all doubles): one slot per
 * distinct selector, shared by every cached alias with the same table content and freed with its last user.
 */
export class SelectorSlots {
  /** HOT PATH: `selectors[row selector slot]`. A few entries, always in cache. */
  readonly selectors: (CompiledSelector | undefined)[] = [];
  private readonly slotOf = new Map<CompiledSelector, number>();
  private readonly users: number[] = [];
  private readonly free: number[] = [];

  /** The slot of `selector`, counting one more user of it. */
  acquire(selector: CompiledSelector): number {
    let slot = this.slotOf.get(selector);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.selectors.length;
      this.selectors[slot] = selector;
      this.users[slot] = 0;
      this.slotOf.set(selector, slot);
    }
    this.users[slot] = (this.users[slot] as number) + 1;
    return slot;
  }

  /** One user fewer of the selector in `slot`; the slot is freed with its last. */
  release(slot: number): void {
    const left = (this.users[slot] as number) - 1;
    this.users[slot] = left;
    if (left > 0) return;
    const selector = this.selectors[slot] as CompiledSelector;
    this.slotOf.delete(selector);
    this.selectors[slot] = undefined;
    this.free.push(slot);
  }
}
