import { closeRegistry } from '../registry/fixtures.js';
import { registryFixture } from './fixtures.js';
import { describeAliasSource } from './source.suite.js';

describeAliasSource('FlowRegistry', async () => {
  const { registry, create, update, remove } = await registryFixture();
  return { source: registry, synchronous: registry.store.synchronous, create, update, remove, close: () => closeRegistry(registry) };
});
