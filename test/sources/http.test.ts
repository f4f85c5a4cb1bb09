import { FlowRegistry } from '../../src/index.js';
import { HttpAliasSource } from '../../src/sources/http.js';
import { createHandler } from '../../src/server/handler.js';
import { listen } from '../../src/server/listen.js';
import { describeAliasSource } from './source.conformance.js';

const KEY = { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: 'conformance-secret' };

// The remote source against a real server on 127.0.0.1 over a FlowRegistry: the same suite as the
// registry itself, across the wire.
describeAliasSource('HttpAliasSource', async () => {
  const registry = new FlowRegistry();
  const flow = registry.createFlow({ name: 'conformance' });
  registry.createVersion(flow.id);
  registry.createVersion(flow.id);
  const server = await listen(createHandler({ registry, credentials: [KEY] }), { port: 0 });
  const source = new HttpAliasSource({ endpoint: server.url, credentials: KEY });
  let next = 0;
  return {
    source,
    synchronous: false,
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
    async close() {
      source.close();
      await server.close();
    },
  };
});
