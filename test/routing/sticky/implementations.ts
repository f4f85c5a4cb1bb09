import {
  compileRouting,
  Router,
  stickyHash,
  type AliasChange,
  type AliasSource,
  type RoutingEntry,
} from '../../../test/all-entries.js';
import { referenceAssigner, referenceKeyHash } from './reference.js';

/** Sticky routing under test: the versions of `keys` for one alias under `before`, then under `after`. */
export interface StickyRouting {
  readonly name: string;
  reassign(identity: string, before: readonly RoutingEntry[], after: readonly RoutingEntry[], keys: readonly string[]): [string[], string[]];
}

/** Sticky assignment of keys to versions for one alias identity and config. */
export type Assign = (identity: string, entries: readonly RoutingEntry[]) => (key: string) => string;

/** A 32-bit key hash for an alias identity: the sticky hash, or a wrong one in the power tests. */
export type KeyHash = (identity: string, key: string) => number;

/** Sticky routing that builds each config from scratch: no state carried from `before` to `after`. */
export function stateless(name: string, assign: Assign): StickyRouting {
  return {
    name,
    reassign(identity, before, after, keys) {
      const first = assign(identity, before);
      const second = assign(identity, after);
      return [keys.map(first), keys.map(second)];
    },
  };
}

/** A source serving one alias with a given identity, whose `set` notifies subscribers like the registry does. */
export class SingleAliasSource implements AliasSource {
  private entries: readonly RoutingEntry[];
  private revision = 1;
  private readonly listeners = new Set<(change: AliasChange) => void>();

  constructor(
    private readonly identity: string,
    entries: readonly RoutingEntry[],
  ) {
    this.entries = entries;
  }

  getRouting(): { entries: readonly RoutingEntry[]; identity: string; revision: number } {
    return { entries: this.entries, identity: this.identity, revision: this.revision };
  }

  set(entries: readonly RoutingEntry[]): void {
    this.entries = entries;
    this.revision++;
    for (const listener of this.listeners) listener({ kind: 'updated', identity: this.identity });
  }

  subscribe(onChange: (change: AliasChange) => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }
}

/** The compiled table's `selectHash` fed by `hash`. */
export function tableAssign(hash: KeyHash): Assign {
  return (identity, entries) => {
    const table = compileRouting(entries);
    return (key) => table.selectHash(hash(identity, key));
  };
}

/** A fresh Router over a source that serves `entries` under `identity`. */
export const routerAssign: Assign = (identity, entries) => {
  const router = new Router({ source: new SingleAliasSource(identity, entries) });
  return (key) => router.pick('f', 'a', key);
};

export const TABLE_STICKY = stateless('RoutingTable.selectHash(stickyHash)', tableAssign(stickyHash));

export const FRESH_ROUTER_STICKY = stateless('Router.pick with a key, fresh router per config', routerAssign);

export const REFERENCE_STICKY = stateless('reference rendezvous', (identity, entries) => {
  const assign = referenceAssigner(entries);
  return (key) => assign(referenceKeyHash(identity, key));
});

/** One router across the update: the change event invalidates its cache and the next pick recompiles. */
export const LIVE_ROUTER_STICKY: StickyRouting = {
  name: 'Router.pick with a key, one router updated live',
  reassign(identity, before, after, keys) {
    const source = new SingleAliasSource(identity, before);
    const router = new Router({ source });
    const first = keys.map((key) => router.pick('f', 'a', key));
    source.set(after);
    return [first, keys.map((key) => router.pick('f', 'a', key))];
  },
};

export const STICKY_IMPLEMENTATIONS: readonly StickyRouting[] = [TABLE_STICKY, FRESH_ROUTER_STICKY, LIVE_ROUTER_STICKY, REFERENCE_STICKY];
