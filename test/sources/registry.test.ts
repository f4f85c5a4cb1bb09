import { registryFixture } from './registry-fixture.js';
import { describeAliasSource } from './source.conformance.js';

describeAliasSource('FlowRegistry', () => {
  const { registry, create, update, remove } = registryFixture();
  return { source: registry, synchronous: true, create, update, remove };
});
