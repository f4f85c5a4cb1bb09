import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlowRegistry } from '../test/all-entries.js';
import { createHandler } from '../src/server/handler.js';
import { listen, type ListeningServer } from '../src/server/listen.js';
import { emptyParams, type Params } from '../src/server/params.js';
import { rpcSignature } from '../src/server/rpc-signature.js';
import { openPostgresStore } from '../src/stores/postgres.js';
import { openSqliteStore } from '../src/stores/sqlite.js';
import type { RegistryStore } from '../src/stores/store.js';
import { KEY, raw, seed, type RawResponse } from './server/fixtures.js';
import { fileDatabase, pgSkip } from './stores/pg-context.js';

// Issue 14, item 9: nonces were forgotten on restart: a captured UpdateFlowAlias replayed after a restart
// succeeded and put old weights back. They are now held in the state store, shared by every replica.

const db = fileDatabase('nonces');
const dir = await mkdtemp(join(tmpdir(), 'far-nonces-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let schemas = 0;

/** One signed UpdateFlowAlias, captured: the same bytes can be sent again. */
function captured(weights: readonly [number, number]): Params {
  const params = Object.assign(emptyParams(), {
    Action: 'UpdateFlowAlias',
    Version: '2019-03-15',
    Format: 'JSON',
    AccessKeyId: KEY.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: crypto.randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    FlowName: 'checkout',
    Name: 'live',
    RoutingConfigurations: JSON.stringify([
      { Version: '1', Weight: weights[0] },
      { Version: '2', Weight: weights[1] },
    ]),
  });
  params.Signature = rpcSignature(KEY.secretAccessKey, 'POST', params);
  return params;
}

function send(server: ListeningServer, params: Params): Promise<RawResponse> {
  return raw(server.url, { method: 'POST', path: '/', body: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function serve(store: RegistryStore): Promise<{ registry: FlowRegistry<RegistryStore>; server: ListeningServer; close(): Promise<void> }> {
  const registry = new FlowRegistry({ store });
  const server = await listen(createHandler({ registry, credentials: [KEY] }), { port: 0 });
  return { registry, server, close: async () => { await server.close(); await registry.close(); } };
}

async function weights(registry: FlowRegistry<RegistryStore>): Promise<number[]> {
  const flow = (await registry.listFlows()).find((f) => f.name === 'checkout');
  const alias = (await registry.listAliases(flow?.id as string))[0];
  return (alias?.routing ?? []).map((entry) => entry.weight);
}

const STORES: Array<[string, () => Promise<() => Promise<RegistryStore>>]> = [
  ['sqlite', async () => { const path = join(dir, `n-${++schemas}.db`); return async () => openSqliteStore(path); }],
  ['postgres', async () => { const schema = `nonces_${++schemas}`; return () => openPostgresStore(db.url(), { schema, poolSize: 2 }); }],
];

describe.each(STORES)('issue 14, item 9: a replayed CloudFlow request is refused after a restart and by another replica (%s)', (kind, makeOpener) => {
  it.skipIf(kind === 'postgres' && pgSkip !== '')('refuses the replay through a restarted server and through a second replica', async () => {
    const open = await makeOpener();
    const first = await serve(await open());
    await seed(first.registry);
    const old = captured([80, 20]);
    expect((await send(first.server, old)).status).toBe(200);
    expect((await send(first.server, captured([10, 90]))).status).toBe(200);
    await first.close();

    const restarted = await serve(await open());
    const replica = await serve(await open());
    try {
      for (const server of [restarted.server, replica.server]) {
        const replay = await send(server, old);
        expect(replay.status).toBe(403);
        expect(replay.json.Code).toBe('SignatureNonceUsed');
      }
      expect(await weights(restarted.registry)).toEqual([10, 90]);
      // A fresh request is still accepted by either replica, once.
      const fresh = captured([50, 50]);
      expect((await send(replica.server, fresh)).status).toBe(200);
      expect((await send(restarted.server, fresh)).json.Code).toBe('SignatureNonceUsed');
    } finally {
      await restarted.close();
      await replica.close();
    }
  });
});
