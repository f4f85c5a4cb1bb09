import { HttpAliasSource } from '../../src/sources/http.js';
import { createControlPlaneHandler } from '../../src/server/handler.js';
import { listen } from '../../src/server/listen.js';
import { standIn } from '../server/stand-in.js';
import { describeAliasSource } from './source.conformance.js';

const KEY = { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: 'conformance-secret' };

describeAliasSource('HttpAliasSource', async () => {
  const fake = standIn(() => ({}));
  const server = await listen(createControlPlaneHandler(fake.plane, { credentials: [KEY] }), { port: 0 });
  const source = new HttpAliasSource({ endpoint: server.url, credentials: KEY });
  let next = 0;
  return {
    source,
    synchronous: false,
    create(entries) {
      const ref = { flow: 'flow', alias: `alias-${next++}` };
      fake.source.set(ref.flow, ref.alias, entries);
      return ref;
    },
    update(ref, entries) {
      fake.source.set(ref.flow, ref.alias, entries);
    },
    remove(ref) {
      fake.source.delete(ref.flow, ref.alias);
    },
    async close() {
      source.close();
      await server.close();
    },
  };
});
