import { compileRouting, murmur3, stickyHash, type RoutingEntry } from '../../../test/all-entries.js';
import { stateless, type StickyRouting } from './implementations.js';
import { referenceAssigner } from './reference.js';

/** Deliberately wrong sticky schemes: the sticky properties must reject each of them. */

/** The hash as a point in [0, 1) fed to the cumulative table: raising one weight shifts every later range. */
export const CUMULATIVE_STICKY: StickyRouting = stateless('cumulative ranges over the key hash', (identity, entries) => {
  const table = compileRouting(entries);
  return (key) => table.select((stickyHash(identity, key) + 0.5) / 4_294_967_296);
});

/** Rendezvous whose versions are salted by their position in the caller's list instead of their name. */
export const POSITION_SALTED: StickyRouting = stateless('rendezvous salted by entry position', (identity, entries) => {
  const assign = referenceAssigner(entries.map((entry, i) => ({ version: String(i), weight: entry.weight })));
  return (key) => {
    const position = Number(assign(stickyHash(identity, key)));
    return (entries[position] as RoutingEntry).version;
  };
});

/** A key hash that forgets the alias: every alias sends a key the same way. */
export function unsaltedHash(_identity: string, key: string): number {
  return murmur3(key, 0);
}

/** Java's String.hashCode, unsigned: no avalanche, so sequential and short keys crowd a few buckets. */
export function javaStringHash(_identity: string, key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h >>> 0;
}
