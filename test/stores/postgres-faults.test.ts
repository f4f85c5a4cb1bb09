import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableException } from '../../src/errors.js';
import { openPostgresStore, type PostgresStore } from '../../src/stores/postgres.js';
import { missingPostgres, startCluster, type PgCluster } from '../harness/postgres.js';
import { rejectionOf } from './fixtures.js';
import { bumpCounter, counterValue, createCounter, untilAvailable } from './pg-traffic.js';

const CONNECT_TIMEOUT_MS = 1000;
/** What a refused or timed-out call may take beyond the connect timeout on a loaded machine. */
const SLACK_MS = 1500;

async function timed<T>(run: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  const error = await rejectionOf(run());
  return { error, ms: performance.now() - start };
}

/** Stopping and restarting a database is done only on a private cluster this file starts itself. */
const missing = missingPostgres();
if (missing !== undefined) console.warn(`PostgreSQL fault tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)('PostgresStore with the database stopped and restarted', () => {
  let cluster: PgCluster;
  let store: PostgresStore;
  beforeAll(async () => {
    cluster = await startCluster();
    store = await openPostgresStore(cluster.url, { schema: 'faults', poolSize: 4, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await cluster.destroy();
  }, 60_000);

  it('answers 503 within the connect timeout while the database is down, and recovers by itself after restart', { timeout: 90_000 }, async () => {
    await store.write(createCounter);
    await store.write(bumpCounter);
    await cluster.stop('fast');
    expect(await cluster.running()).toBe(false);
    const calls: (() => Promise<unknown>)[] = [() => store.write(bumpCounter), () => store.read((tx) => tx.listFlows()), () => store.revision()];
    for (const call of calls) {
      const { error, ms } = await timed(call);
      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
    }
    const opening = await timed(() => openPostgresStore(cluster.url, { schema: 'faults', connectTimeoutMs: CONNECT_TIMEOUT_MS }));
    expect(opening.error).toBeInstanceOf(ServiceUnavailableException);
    expect(opening.ms).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
    await cluster.start();
    expect(await cluster.running()).toBe(true);
    const { value } = await untilAvailable(() => store.write(bumpCounter));
    expect(value).toEqual({ revision: 3, seen: 1 });
    expect(await counterValue(store)).toBe(2);
  });
});

describe('PostgresStore against a server that never answers', () => {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const silent = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  beforeAll(() => new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve)));
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('gives up connecting after the connect timeout with a typed 503', async () => {
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { error, ms } = await timed(() => openPostgresStore(`postgres://x@127.0.0.1:${port}/db`, { connectTimeoutMs: 500 }));
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    // The client did reach the server, which never answered: the timeout, not a refusal, ended the call.
    expect(accepted).toBeGreaterThan(0);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(500 + SLACK_MS);
  });
});
