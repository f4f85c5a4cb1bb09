import { MemorySource } from '../../test/all-entries.js';
import { describeAliasSource } from './source.suite.js';

describeAliasSource('MemorySource', () => {
  const source = new MemorySource();
  let next = 0;
  return {
    source,
    synchronous: true,
    create(entries) {
      const ref = { flow: 'flow', alias: `alias-${next++}` };
      source.set(ref.flow, ref.alias, entries);
      return ref;
    },
    update(ref, entries) {
      source.set(ref.flow, ref.alias, entries);
    },
    remove(ref) {
      source.delete(ref.flow, ref.alias);
    },
  };
});
