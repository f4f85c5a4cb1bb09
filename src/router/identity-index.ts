import type { CacheEntry } from './entry.js';

/**
 * The cached entries of each alias identity, for change events (slow path only). Almost every identity has
 * one cached entry (an alias is seldom cached under both its ID and its name), so that entry is the map's
 * value itself and an array appears only for a second one: a Set per identity cost about 100 bytes per cached
 * alias (issue 13, memory per cached alias).
 */
export class IdentityIndex {
  private readonly map = new Map<string, CacheEntry | CacheEntry[]>();

  add(entry: CacheEntry): void {
    const present = this.map.get(entry.identity);
    if (present === undefined) this.map.set(entry.identity, entry);
    else if (Array.isArray(present)) {
      if (!present.includes(entry)) present.push(entry);
    } else if (present !== entry) this.map.set(entry.identity, [present, entry]);
  }

  delete(entry: CacheEntry): void {
    const present = this.map.get(entry.identity);
    if (present === entry) this.map.delete(entry.identity);
    else if (Array.isArray(present)) {
      const at = present.indexOf(entry);
      if (at >= 0) present.splice(at, 1);
      if (present.length === 1) this.map.set(entry.identity, present[0] as CacheEntry);
      else if (present.length === 0) this.map.delete(entry.identity);
    }
  }

  /** A copy: the caller may delete while it iterates. */
  entriesOf(identity: string): CacheEntry[] {
    const present = this.map.get(identity);
    return present === undefined ? [] : Array.isArray(present) ? present.slice() : [present];
  }
}
