import type { RoutingEntry } from '../../test/all-entries.js';
import { makeRegistry } from '../registry/fixtures.js';
import type { AliasRef } from './source.suite.js';

/** A registry holding flow `conformance` with versions 1 and 2, and the conformance suite's edits on it. */
export async function registryFixture() {
  const registry = await makeRegistry();
  const flow = await registry.createFlow({ name: 'conformance' });
  await registry.createVersion(flow.id);
  await registry.createVersion(flow.id);
  let next = 0;
  return {
    registry,
    async create(entries: readonly RoutingEntry[]): Promise<AliasRef> {
      const alias = await registry.createAlias(flow.id, { name: `alias-${next++}`, routing: entries });
      return { flow: flow.name, alias: alias.name };
    },
    async update(ref: AliasRef, entries: readonly RoutingEntry[]): Promise<void> {
      await registry.updateAlias(ref.flow, ref.alias, { routing: entries });
    },
    async remove(ref: AliasRef): Promise<void> {
      await registry.deleteAlias(ref.flow, ref.alias);
    },
  };
}
