import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowRegistry, ServiceQuotaExceededException, type RegistryOptions } from '../test/all-entries.js';
import { openSqliteStore } from '../src/stores/index.js';
import type BetterSqlite3 from 'better-sqlite3';
import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { bedrockClient, killStarted, ROLE, startServe, stopServe } from './cli/fixtures.js';

/**
 * Issue 14, items 1 to 3: the JSON state file grew without bound, rewrote everything on each write, let
 * readers see what was not yet on disk and let two servers overwrite each other. `--state` is now SQLite.
 */
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const T0 = Date.UTC(2024, 0, 1);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'far-issue14-'));
});
afterEach(async () => {
  killStarted();
  await rm(dir, { recursive: true, force: true });
});

function registryAt(path: string, options: RegistryOptions = {}) {
  let now = T0;
  const registry = new FlowRegistry({ store: openSqliteStore(path), wallClock: () => now, ...options });
  return { registry, advance: (ms: number) => (now += ms) };
}

/** A 256 KiB definition, as in the report. */
const BIG = { nodes: [{ name: 'In', type: 'Input', configuration: { input: {} }, note: 'x'.repeat(256 * 1024 - 100) }] };

describe('issue 14.1: the embedded store is bounded, and a write costs the size of the change', () => {
  it('writes a few pages for a small alias update beside a 10 MB flow, not the whole state', async () => {
    const path = join(dir, 'state.db');
    const { registry } = registryAt(path);
    const flow = registry.createFlow({ name: 'big', definition: BIG });
    for (let i = 0; i < 40; i++) registry.createVersion(flow.id);
    const alias = registry.createAlias(flow.id, { name: 'live', routing: [{ version: '1', weight: 1 }] });
    const side = new Database(path);
    side.pragma('wal_checkpoint(TRUNCATE)');
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect((await stat(path)).size).toBeGreaterThan(10 * 1024 * 1024);
    registry.updateAlias(flow.id, alias.id, { routing: [{ version: '2', weight: 1 }] });
    // The update's pages only (the alias row, the meta row, the change log, their index pages).
    expect((await stat(`${path}-wal`)).size).toBeLessThan(64 * 1024);
    side.close();
    registry.close();
  });

  it('refuses a definition past the store byte quota with ServiceQuotaExceededException and changes nothing', () => {
    const { registry } = registryAt(join(dir, 'quota.db'), { quotas: { maxDefinitionChars: 600 * 1024 } });
    const flow = registry.createFlow({ name: 'big', definition: BIG });
    registry.createVersion(flow.id);
    const before = registry.usage();
    expect(() => registry.createVersion(flow.id)).toThrow(ServiceQuotaExceededException);
    expect(registry.usage()).toEqual(before);
    expect(registry.listVersions(flow.id)).toHaveLength(1);
  });

  it('keeps a SHA-256 of an idempotent request, not the request, and purges tokens by count and age', () => {
    const path = join(dir, 'tokens.db');
    const { registry, advance } = registryAt(path, { maxClientTokens: 3 });
    const huge = 'f'.repeat(1024 * 1024);
    for (let i = 0; i < 5; i++) registry.createFlow({ name: `f${i}` }, { clientToken: { key: `k${i}`, fingerprint: `${huge}${i}` } });
    expect(registry.usage().clientTokens).toBe(3);
    const side = new Database(path, { readonly: true });
    const rows = side.prepare('SELECT fingerprint FROM client_tokens').all() as { fingerprint: string }[];
    side.close();
    for (const row of rows) expect(JSON.parse(row.fingerprint)).toMatch(/^[0-9a-f]{64}$/);
    advance(25 * 60 * 60 * 1000);
    registry.createFlow({ name: 'later' }, { clientToken: { key: 'late', fingerprint: 'x' } });
    expect(registry.usage().clientTokens).toBe(1);
    registry.close();
  });

  it('bounds the tokens in bytes too: a first result past the budget is not kept, and older ones make room', () => {
    const { registry } = registryAt(join(dir, 'token-bytes.db'), { maxClientTokenChars: 1024 });
    registry.createFlow({ name: 'huge', definition: BIG }, { clientToken: { key: 'huge', fingerprint: 'h' } });
    expect(registry.usage().clientTokens).toBe(0);
    for (let i = 0; i < 20; i++) registry.createFlow({ name: `small${i}` }, { clientToken: { key: `s${i}`, fingerprint: `${i}` } });
    const kept = registry.usage().clientTokens;
    expect(kept).toBeGreaterThan(1);
    expect(kept).toBeLessThan(20);
    // The newest are the ones kept: the last replays, the first does not.
    expect(registry.createFlow({ name: 'small19' }, { clientToken: { key: 's19', fingerprint: '19' } }).name).toBe('small19');
    expect(() => registry.createFlow({ name: 'small0' }, { clientToken: { key: 's0', fingerprint: '0' } })).toThrow(/already exists/);
    registry.close();
  });

  it('forgets a token whose resource was deleted: the retry creates a new one rather than answer a dead ID', () => {
    const { registry } = registryAt(join(dir, 'retry.db'));
    const token = { clientToken: { key: 'create-f', fingerprint: 'same request' } };
    const first = registry.createFlow({ name: 'f' }, token);
    expect(registry.createFlow({ name: 'f' }, token)).toEqual(first);
    registry.deleteFlow(first.id);
    const second = registry.createFlow({ name: 'f' }, token);
    expect(second.id).not.toBe(first.id);
    expect(registry.getFlow(second.id).name).toBe('f');
    registry.close();
  });
});

describe('issue 14.2: nothing is visible before it is durable, and no revision is reused', () => {
  it('continues from the last committed revision after the process loses its handle, and a failed write uses none', () => {
    const path = join(dir, 'revisions.db');
    const first = registryAt(path, { quotas: { maxFlows: 2 } }).registry;
    first.createFlow({ name: 'a' });
    first.createFlow({ name: 'b' });
    const committed = first.store.revision();
    // A write that fails changes nothing, its revision included.
    expect(() => first.createFlow({ name: 'c' })).toThrow(ServiceQuotaExceededException);
    expect(first.store.revision()).toBe(committed);
    // No close: as after a crash, the next process opens the file as it was left.
    const second = registryAt(path, { quotas: { maxFlows: 3 } }).registry;
    expect(second.store.revision()).toBe(committed);
    second.createFlow({ name: 'c' });
    expect(second.store.revision()).toBe(committed + 1);
    second.close();
    first.close();
  });
});

describe('issue 14.3: two servers on one state file', () => {
  it('both serve it, and neither overwrites or loses what the other acknowledged', async () => {
    const path = join(dir, 'shared.db');
    const servers = await Promise.all([startServe(['--state', path]), startServe(['--state', path])]);
    const clients = servers.map((server) => bedrockClient(server.url));
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) => clients[i % 2]!.send(new Sdk.CreateFlowCommand({ name: `shared-${i}`, executionRoleArn: ROLE }))),
    );
    // Every write through either server is read back through both.
    for (const client of clients) {
      const listed = await client.send(new Sdk.ListFlowsCommand({ maxResults: 100 }));
      expect(new Set((listed.flowSummaries ?? []).map((flow) => flow.id))).toEqual(new Set(created.map((flow) => flow.id)));
    }
    for (const client of clients) client.destroy();
    for (const server of servers) expect(await stopServe(server)).toBe(0);
    const side = new Database(path, { readonly: true });
    expect(side.pragma('integrity_check', { simple: true })).toBe('ok');
    side.close();
  }, 30_000);
});
