import { afterEach, describe, expect, it } from 'vitest';
import { FlowRegistry, Router } from '../../test/all-entries.js';
import { HttpAliasSource, type HttpAliasSourceOptions, type HttpSourceStats } from '../../src/sources/http.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { KEY, seed, startTestServer, type Seeded, type TestServer } from '../server/fixtures.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function server(registry?: FlowRegistry): Promise<TestServer> {
  const t = await startTestServer(registry === undefined ? {} : { registry });
  cleanup.push(() => t.close());
  return t;
}

async function proxy(t: TestServer): Promise<FaultProxy> {
  const p = await startFaultProxy(t.url);
  cleanup.push(() => p.close());
  return p;
}

/** A gateway: a Router with no TTL over a watching source (fast retries, so faults heal within a test). */
function gateway(endpoint: string, options: Partial<HttpAliasSourceOptions> = {}) {
  const source = new HttpAliasSource({ endpoint, credentials: KEY, timeoutMs: 1000, retryMinMs: 20, retryMaxMs: 200, fallbackPollMs: 100, watchWaitSeconds: 2, ...options });
  const router = new Router({ source });
  cleanup.push(() => {
    router.close();
    source.close();
  });
  return { source, router, stats: () => source.stats() };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

const ONE = [{ version: '1', weight: 1 }];
const TWO = [{ version: '2', weight: 1 }];

async function route(t: TestServer, s: Seeded, routing: typeof ONE): Promise<void> {
  await t.registry.updateAlias(s.flow.id, s.alias.id, { routing });
}

describe('HttpAliasSource watch', () => {
  it('brings a change to a Router with no TTL within milliseconds, and pick never throws or waits meanwhile', async () => {
    const t = await server();
    const s = await seed(t.registry);
    await route(t, s, ONE);
    const g = gateway(t.url);
    await g.router.preload('checkout', 'live');
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const want = i % 2 === 0 ? '2' : '1';
      const acked = performance.now();
      await route(t, s, want === '2' ? TWO : ONE);
      // pick() is synchronous: it must answer every time (old or new), never "loading".
      expect(await until(() => g.router.pick('checkout', 'live') === want, 3000)).toBe(true);
      latencies.push(performance.now() - acked);
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
    const stats = g.router.stats().source as HttpSourceStats;
    expect(stats).toMatchObject({ state: 'ready', watching: true, lagMs: 0, epoch: t.registry.store.identity.epoch });
    expect(stats.revision).toBe(t.registry.store.revision());
    expect(g.router.explain('checkout', 'live').stale).toBe(false);
  });

  it('serves the last good config as stale while cut off, retries with backoff forever, and catches up on reconnect', async () => {
    const t = await server();
    const s = await seed(t.registry);
    await route(t, s, ONE);
    const p = await proxy(t);
    const g = gateway(p.url);
    await g.router.preload('checkout', 'live');
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    p.setDown(true);
    expect(await until(() => g.stats().state === 'error', 5000)).toBe(true);
    await route(t, s, TWO); // committed while the gateway cannot hear of it
    expect(g.router.pick('checkout', 'live')).toBe('1');
    expect(g.router.explain('checkout', 'live').stale).toBe(true);
    const errorsBefore = g.stats().watchErrors;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const retries = g.stats().watchErrors - errorsBefore;
    // Backoff from 20 ms doubling to 200 ms (at least half of each, jittered): a few tries, never a storm, never none.
    expect(retries).toBeGreaterThanOrEqual(2);
    expect(retries).toBeLessThanOrEqual(20);
    expect(g.stats().lagMs).toBeGreaterThan(500);
    p.setDown(false);
    expect(await until(() => g.router.pick('checkout', 'live') === '2', 5000)).toBe(true);
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    expect(g.stats().reconnects).toBeGreaterThanOrEqual(1);
    expect(g.router.explain('checkout', 'live').stale).toBe(false);
  });

  it('falls back to polling while the watch alone fails, and says stale (not error) meanwhile', async () => {
    const t = await server();
    const s = await seed(t.registry);
    await route(t, s, ONE);
    // A replica refusing every watcher (maxWatchers reached): routing reads still work.
    const refusing = await startTestServer({ registry: t.registry, watch: { maxWatchers: 1 } });
    cleanup.push(() => refusing.close());
    const hog = gateway(refusing.url);
    expect(await until(() => hog.stats().state === 'ready', 5000)).toBe(true);
    const g = gateway(refusing.url);
    await g.router.preload('checkout', 'live');
    expect(await until(() => g.stats().watchErrors > 0, 5000)).toBe(true);
    await route(t, s, TWO);
    expect(await until(() => g.router.pick('checkout', 'live') === '2', 5000)).toBe(true);
    expect(g.stats().state).toBe('stale');
  });

  it('recovers from a watch answer cut mid-body', async () => {
    const t = await server();
    const s = await seed(t.registry);
    await route(t, s, ONE);
    const p = await proxy(t);
    const g = gateway(p.url);
    await g.router.preload('checkout', 'live');
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    p.cutNextAnswerAfter(150); // the parked watch's answer: headers and a few bytes of the body
    await route(t, s, TWO);
    expect(await until(() => g.router.pick('checkout', 'live') === '2', 5000)).toBe(true);
    expect(g.stats().watchErrors).toBeGreaterThanOrEqual(1);
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
  });

  it('revalidates everything it holds on a reset (the log no longer reaches back), with 304s for what did not change', async () => {
    // The store keeps 3 revisions of changes and the replica's buffer 2: a gateway away for 6 is reset.
    const registry = new FlowRegistry({ store: new MemoryStore({ retainRevisions: 3 }) });
    const t = await startTestServer({ registry, watch: { bufferChanges: 2 } });
    cleanup.push(() => t.close());
    const s = await seed(t.registry);
    const busy = await t.registry.createAlias(s.flow.id, { name: 'busy', routing: ONE });
    await t.registry.createAlias(s.flow.id, { name: 'still', routing: ONE });
    await route(t, s, ONE);
    const p = await proxy(t);
    const g = gateway(p.url);
    await g.router.preload('checkout', 'live');
    await g.router.preload('checkout', 'still');
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    p.setDown(true);
    expect(await until(() => g.stats().state !== 'ready', 5000)).toBe(true);
    await route(t, s, TWO);
    for (let i = 0; i < 5; i++) await t.registry.updateAlias(s.flow.id, busy.id, { description: `d${i}` });
    const notModified = g.stats().notModified;
    p.setDown(false);
    expect(await until(() => g.router.pick('checkout', 'live') === '2', 5000)).toBe(true);
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    expect(g.stats().resets).toBeGreaterThanOrEqual(1);
    expect(g.stats().notModified).toBeGreaterThan(notModified);
    expect(g.router.pick('checkout', 'still')).toBe('1');
  });

  it('resets when the server it reaches belongs to another store (another epoch)', async () => {
    const a = await server();
    const b = await server();
    const sa = await seed(a.registry);
    await route(a, sa, ONE);
    const sb = await seed(b.registry);
    await route(b, sb, TWO);
    const p = await proxy(a);
    const g = gateway(p.url);
    expect(await g.router.route('checkout', 'live')).toBe('1');
    expect(await until(() => g.stats().state === 'ready', 5000)).toBe(true);
    p.retarget(b.url);
    expect(await until(() => g.stats().epoch === b.registry.store.identity.epoch, 5000)).toBe(true);
    expect(g.stats().resets).toBeGreaterThanOrEqual(1);
    // The alias held under the name `live` now answers from the other store.
    expect(await until(() => g.router.pick('checkout', 'live') === '2', 5000)).toBe(true);
  });

  it('with watch off, asks the server on every load and never long-polls', async () => {
    const t = await server();
    const s = await seed(t.registry);
    await route(t, s, ONE);
    const g = gateway(t.url, { watch: false });
    expect(await g.router.route('checkout', 'live')).toBe('1');
    await route(t, s, TWO);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(g.router.pick('checkout', 'live')).toBe('1');
    expect(g.stats()).toMatchObject({ state: 'ready', watching: false, revision: null });
  });
});
