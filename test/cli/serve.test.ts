import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bedrockClient, failingServe, killStarted, ROLE, startServe, stopServe } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'far-serve-'));
});
afterEach(async () => {
  killStarted();
  await rm(dir, { recursive: true, force: true });
});

const start = startServe;
const stop = stopServe;
const failing = failingServe;
const client = bedrockClient;

describe('flow-alias-router serve', () => {
  it('prints the address of a free port, serves the SDK, and keeps its state in SQLite across a restart', async () => {
    const state = join(dir, 'registry.db');
    const first = await start(['--state', state]);
    const sdk = client(first.url);
    const flow = await sdk.send(new Sdk.CreateFlowCommand({ name: 'checkout', executionRoleArn: ROLE }));
    sdk.destroy();
    expect(first.stdout[1]).toBe(`auth: SigV4 and Alibaba RPC signatures, keys from $FLOW_ALIAS_ROUTER_CREDENTIALS; state: SQLite ${state}`);
    // Committed before the response was sent: the file is a SQLite database holding the flow.
    expect((await readFile(state)).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(await stop(first)).toBe(0);

    const second = await start(['--state', state]);
    const again = client(second.url);
    expect(await again.send(new Sdk.GetFlowCommand({ flowIdentifier: flow.id }))).toMatchObject({ id: flow.id, name: 'checkout' });
    again.destroy();
    expect(await stop(second, 'SIGINT')).toBe(0);
  });

  it('a crash (SIGKILL) in the middle of writes loses no acknowledged write', async () => {
    const state = join(dir, 'registry.db');
    const acknowledged: string[] = [];
    let failed = 0;
    for (let round = 0; round < 3; round++) {
      const running = await start(['--state', state]);
      const sdk = client(running.url);
      // Writes in flight; soon after the first is acknowledged the process dies at once: no handler runs.
      let firstAck: () => void = () => undefined;
      const acked = new Promise<void>((resolve) => (firstAck = resolve));
      const writes = Array.from({ length: 40 }, (_, i) =>
        sdk.send(new Sdk.CreateFlowCommand({ name: `flow${round}x${i}`, executionRoleArn: ROLE })).then(
          (flow) => {
            acknowledged.push(flow.id as string);
            firstAck();
          },
          () => (failed += 1),
        ),
      );
      await acked;
      await new Promise((resolve) => setTimeout(resolve, round * 3));
      expect(await stop(running, 'SIGKILL')).toBe(null);
      expect(running.child.signalCode).toBe('SIGKILL');
      await Promise.all(writes);
      sdk.destroy();
    }
    // The kill really cut writes off, and some were acknowledged before it.
    expect(failed).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    const restarted = await start(['--state', state]);
    const sdk = client(restarted.url);
    // Every page: three rounds may acknowledge more than one page (100) of flows on a busy machine.
    const held = new Set<string | undefined>();
    let nextToken: string | undefined;
    do {
      const listed = await sdk.send(new Sdk.ListFlowsCommand({ maxResults: 100, nextToken }));
      for (const flow of listed.flowSummaries ?? []) held.add(flow.id);
      nextToken = listed.nextToken;
    } while (nextToken !== undefined);
    sdk.destroy();
    for (const id of acknowledged) expect(held.has(id)).toBe(true);
    expect(await stop(restarted)).toBe(0);
  });

  it('moves a JSON state file of an earlier release onto SQLite with --import, and refuses one given as --state', async () => {
    const json = join(dir, 'registry.json');
    const snapshot = { format: 'flow-alias-router/registry', version: 1, region: 'us-east-1', account: '123456789012', flows: [], clientTokens: [] };
    const flow = { id: 'FLOW000001', name: 'imported', status: 'NotPrepared', tags: {}, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' };
    await writeFile(json, JSON.stringify({ ...snapshot, flows: [{ flow, nextVersion: 1, versions: [], aliases: [] }] }));
    const refused = await failing(['--state', json]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/JSON state file of an earlier release.*--import/);
    const db = join(dir, 'registry.db');
    const running = await start(['--state', db, '--import', json]);
    const sdk = client(running.url);
    expect(await sdk.send(new Sdk.GetFlowCommand({ flowIdentifier: 'FLOW000001' }))).toMatchObject({ name: 'imported' });
    sdk.destroy();
    expect(await stop(running)).toBe(0);
    // Importing again into a store that holds flows is refused: an import never merges.
    expect((await failing(['--state', db, '--import', json])).stderr).toMatch(/import into an empty store/);
  });

  it('warns on every start with --insecure-no-auth, and then serves unsigned requests', async () => {
    for (let i = 0; i < 2; i++) {
      const running = await start(['--insecure-no-auth'], { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: '' });
      expect(running.stderr.join('\n')).toMatch(/WARNING: --insecure-no-auth: requests are NOT authenticated\. For local development only\./);
      expect((await fetch(`${running.url}/flows/`)).status).toBe(200);
      expect(await stop(running)).toBe(0);
    }
  });

  it('refuses to start without keys, over a corrupt state file, or on a bad option, and leaves the file alone', async () => {
    const noKeys = await failing([], { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: '' });
    expect(noKeys.code).toBe(1);
    expect(noKeys.stderr).toMatch(/--credentials: no access keys/);
    const state = join(dir, 'registry.db');
    await writeFile(state, 'this is not a database, and it is long enough to have a header');
    const corrupt = await failing(['--state', state]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/SQLite/);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(state, 'utf8')).toBe('this is not a database, and it is long enough to have a header');
    expect((await failing(['--state', state, '--store', 'postgres://x@127.0.0.1:1/db'])).stderr).toMatch(/--store: cannot be combined/);
    expect((await failing(['--port', 'http'])).stderr).toMatch(/--port/);
  });
});
