import { FlowRegistry } from '../../src/index.js';
import { describeAliasSource } from './source.conformance.js';

describeAliasSource('FlowRegistry', () => {
  const registry = new FlowRegistry();
  const flow = registry.createFlow({ name: 'conformance' });
  registry.createVersion(flow.id);
  registry.createVersion(flow.id);
  let next = 0;
  return {
    source: registry,
    synchronous: true,
    create(entries) {
      const alias = registry.createAlias(flow.id, { name: `alias-${next++}`, routing: entries });
      return { flow: flow.name, alias: alias.name };
    },
    update(ref, entries) {
      registry.updateAlias(ref.flow, ref.alias, { routing: entries });
    },
    remove(ref) {
      registry.deleteAlias(ref.flow, ref.alias);
    },
  };
});
