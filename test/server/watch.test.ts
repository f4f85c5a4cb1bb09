import { afterEach, describe, expect, it } from 'vitest';
import { FlowRegistry } from '../../test/all-entries.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { raw, seed, signedRaw, testServers, type TestServer } from './fixtures.js';

const start = testServers();

function watch(t: TestServer, query: string) {
  return signedRaw(t.url, { method: 'GET', path: `/routing/changes${query}` });
}

async function baseline(t: TestServer): Promise<{ epoch: string; revision: number }> {
  const answer = await watch(t, '');
  expect(answer.status).toBe(200);
  return answer.json as { epoch: string; revision: number };
}

let registries: FlowRegistry[] = [];
afterEach(() => {
  for (const registry of registries) registry.close();
  registries = [];
});

describe('GET /routing/changes (the watch endpoint)', () => {
  it('answers a baseline at once without since: the epoch and the current revision', async () => {
    const t = await start();
    await seed(t.registry);
    const answer = await watch(t, '');
    expect(answer.json).toEqual({ epoch: t.registry.store.identity.epoch, revision: expect.any(Number), reset: false, changes: [] });
    expect(answer.json.revision).toBeGreaterThan(0);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('parks until a change is committed, then answers it with its revision, flow and alias', async () => {
    const t = await start();
    const s = await seed(t.registry);
    const { revision } = await baseline(t);
    const parked = watch(t, `?since=${revision}&wait=10`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await t.registry.updateAlias(s.flow.id, s.alias.id, { routing: [{ version: '2', weight: 1 }] });
    const answer = await parked;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.json).toEqual({
      epoch: t.registry.store.identity.epoch,
      revision: revision + 1,
      reset: false,
      changes: [{ revision: revision + 1, kind: 'updated', identity: s.alias.arn, flow: s.flow.id, alias: s.alias.id }],
    });
  });

  it('answers changes already there at once, and the same revision with none when the wait runs out', async () => {
    const t = await start();
    const s = await seed(t.registry);
    const { revision } = await baseline(t);
    await t.registry.deleteAlias(s.flow.id, s.alias.id);
    const ready = await watch(t, `?since=${revision}&wait=10`);
    expect(ready.json.changes).toEqual([expect.objectContaining({ kind: 'deleted', identity: s.alias.arn })]);
    const started = Date.now();
    const empty = await watch(t, `?since=${ready.json.revision as number}&wait=0.2`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(empty.json).toMatchObject({ revision: ready.json.revision, reset: false, changes: [] });
  });

  it('answers reset for a revision older than the store retains, newer than it ever was, or of another epoch', async () => {
    const registry = new FlowRegistry({ store: new MemoryStore({ retainRevisions: 2 }) });
    registries.push(registry);
    const t = await start({ registry });
    const s = await seed(t.registry);
    for (let i = 0; i < 4; i++) await t.registry.updateAlias(s.flow.id, s.alias.id, { description: `d${i}` });
    const { epoch, revision } = await baseline(t);
    expect((await watch(t, `?since=1&wait=1`)).json).toEqual({ epoch, revision, reset: true, changes: [] });
    expect((await watch(t, `?since=${revision + 5}&wait=1`)).json).toMatchObject({ reset: true, revision });
    expect((await watch(t, `?since=${revision}&wait=0&epoch=another-epoch`)).json).toMatchObject({ reset: true, revision });
    expect((await watch(t, `?since=${revision - 1}&wait=0&epoch=${epoch}`)).json).toMatchObject({ reset: false, revision });
  });

  it('is signed like every endpoint, and refuses unknown or malformed parameters', async () => {
    const t = await start();
    expect((await raw(t.url, { path: '/routing/changes?since=0' })).status).toBe(403);
    for (const query of ['?since=-1', '?since=x', '?wait=31', '?wait=abc', '?since=1&color=red', '?epoch=a%20b']) {
      const answer = await watch(t, query);
      expect(answer.status, query).toBe(400);
      expect(answer.headers['x-amzn-errortype']).toBe('ValidationException');
    }
  });

  it('parks at most maxWatchers and refuses one more with 429 (retryable)', async () => {
    const t = await start({ watch: { maxWatchers: 3 } });
    const { revision } = await baseline(t);
    const parked = [0, 1, 2].map(() => watch(t, `?since=${revision}&wait=2`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await watch(t, `?since=${revision}&wait=2`);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    await seed(t.registry);
    for (const answer of await Promise.all(parked)) expect(answer.json.changes).toHaveLength(1);
  });

  it('answers parked watchers at once when the server drains', async () => {
    const t = await start();
    const { revision } = await baseline(t);
    const parked = watch(t, `?since=${revision}&wait=30`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await t.server.close();
    expect((await parked).json).toMatchObject({ revision, changes: [] });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('ETag on the routing read', () => {
  it('answers 304 with no body when If-None-Match names the current config, 200 once it changed', async () => {
    const t = await start();
    const s = await seed(t.registry);
    const path = '/routing/flows/checkout/aliases/live';
    const first = await signedRaw(t.url, { method: 'GET', path });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const same = await signedRaw(t.url, { method: 'GET', path, headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(same.json).toEqual({ text: '' });
    await t.registry.updateAlias(s.flow.id, s.alias.id, { routing: [{ version: '1', weight: 1 }] });
    const changed = await signedRaw(t.url, { method: 'GET', path, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });
});
