import type { RoutingEntry } from '../../test/all-entries.js';

/**
 * The textbook weighted pick, written to be obviously right rather than fast: sum the weights on every call,
 * scale `u` to the total, walk the entries in the caller's order. The yardstick every compiled selector and the
 * Router are held to.
 */
export function naivePick(entries: readonly RoutingEntry[], u: number): string {
  let total = 0;
  for (const entry of entries) total += entry.weight;
  let remaining = u * total;
  let last = '';
  for (const entry of entries) {
    if (entry.weight === 0) continue;
    if (remaining < entry.weight) return entry.version;
    remaining -= entry.weight;
    last = entry.version;
  }
  // Rounding in `u * total` can leave a sliver past the last weight: it belongs to the last version.
  return last;
}
