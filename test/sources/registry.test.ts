import { registryFixture } from './fixtures.js';
import { describeAliasSource } from './source.suite.js';

describeAliasSource('FlowRegistry', () => {
  const { registry, create, update, remove } = registryFixture();
  return { source: registry, synchronous: true, create, update, remove };
});
