import { FlowRegistry } from '../../src/index.js';
import type { AliasRef } from './source.suite.js';
import type { RoutingEntry } from '../../src/index.js';

/** A registry holding flow `conformance` with versions 1 and 2, and the conformance suite's edits on it. */
export function registryFixture() {
  const registry = new FlowRegistry();
  const flow = registry.createFlow({ name: 'conformance' });
  registry.createVersion(flow.id);
  registry.createVersion(flow.id);
  let next = 0;
  return {
    registry,
    create(entries: readonly RoutingEntry[]): AliasRef {
      const alias = registry.createAlias(flow.id, { name: `alias-${next++}`, routing: entries });
      return { flow: flow.name, alias: alias.name };
    },
    update(ref: AliasRef, entries: readonly RoutingEntry[]): void {
      registry.updateAlias(ref.flow, ref.alias, { routing: entries });
    },
    remove(ref: AliasRef): void {
      registry.deleteAlias(ref.flow, ref.alias);
    },
  };
}
