import { HttpAliasSource } from '../../src/sources/http.js';
import { createHandler } from '../../src/server/handler.js';
import { listen } from '../../src/server/listen.js';
import { registryFixture } from './fixtures.js';
import { describeAliasSource } from './source.suite.js';

const KEY = { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: 'conformance-secret' };

// The remote source against a real server on 127.0.0.1 over a FlowRegistry: the registry's own suite,
// across the wire.
describeAliasSource('HttpAliasSource', async () => {
  const { registry, create, update, remove } = await registryFixture();
  const server = await listen(createHandler({ registry, credentials: [KEY] }), { port: 0 });
  const source = new HttpAliasSource({ endpoint: server.url, credentials: KEY });
  return {
    source,
    synchronous: false,
    announcesWithinMs: 5000,
    create,
    update,
    remove,
    async close() {
      source.close();
      await server.close();
    },
  };
});
