import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { admin, createDatabase } from '../harness/postgres.js';
import { KEY } from '../cli/fixtures.js';
import { signedRaw } from '../server/fixtures.js';
import { pgSkip } from '../stores/pg-context.js';
import { eventually, flowWithVersions, outcomes, POLL_MS, routeTo, startReplica, type Replica } from './fixtures.js';

/**
 * Two `serve` processes on one PostgreSQL database are interchangeable: every invariant the registry keeps
 * in one process holds across them, because every write is one transaction under the store's lock.
 */
describe.skipIf(pgSkip !== '')('replicas on one PostgreSQL database', () => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    const database = await createDatabase(inject('pgUrl'), 'fleet');
    url = database.url;
    drop = database.drop;
    // Both start at once: the schema migration runs once under its advisory lock.
    [a, b] = await Promise.all([startReplica(url), startReplica(url)]);
  }, 30_000);
  afterAll(async () => {
    // A replica that died on its own is a failure of its own.
    expect([a.running.child.exitCode, b.running.child.exitCode]).toEqual([null, null]);
    await Promise.all([a?.stop(), b?.stop()]);
    await drop();
  });

  const pick = (replica: Replica, flow: string, alias: string) =>
    signedRaw(replica.url, { method: 'GET', path: `/routing/flows/${flow}/aliases/${alias}/pick`, key: KEY });

  it('reads through one replica what the other acknowledged, and its pick endpoint follows within the poll', async () => {
    const flowId = await flowWithVersions(a.sdk, 'read-your-writes', 2);
    const alias = await a.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: routeTo('1') }));
    const read = await b.sdk.send(new Sdk.GetFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id }));
    expect(read.routingConfiguration).toEqual(routeTo('1'));
    expect((await pick(b, flowId, 'live')).json).toMatchObject({ version: '1' });
    await a.sdk.send(
      new Sdk.UpdateFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id as string, name: 'live', routingConfiguration: routeTo('2') }),
    );
    // The control plane reads the store: the very next read through B sees the update.
    expect((await b.sdk.send(new Sdk.GetFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id }))).routingConfiguration).toEqual(
      routeTo('2'),
    );
    // B's router cached version 1; it hears of A's change from the store's change log within its poll.
    const started = Date.now();
    expect(await eventually(async () => (await pick(b, flowId, 'live')).json.version === '2', 20 * POLL_MS)).toBe(true);
    expect(Date.now() - started).toBeLessThan(20 * POLL_MS);
  });

  it('lets exactly one of two replicas racing for the last alias of the quota succeed', async () => {
    const flowId = await flowWithVersions(a.sdk, 'quota-race', 1);
    for (let i = 0; i < 98; i++) {
      await a.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: `a${i}`, routingConfiguration: routeTo('1') }));
    }
    // 98 aliases; the quota is 100: the 99th fits, and of the 100th and 101st racing only one can.
    await b.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'a98', routingConfiguration: routeTo('1') }));
    const results = await outcomes([
      a.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'race-a', routingConfiguration: routeTo('1') })),
      b.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'race-b', routingConfiguration: routeTo('1') })),
    ]);
    expect(results.filter((r) => r === 'ServiceQuotaExceededException')).toHaveLength(1);
    expect(results.filter((r) => typeof r === 'object')).toHaveLength(1);
    const listed = await b.sdk.send(new Sdk.ListFlowAliasesCommand({ flowIdentifier: flowId, maxResults: 1000 }));
    // 100 stored aliases and the built-in test alias.
    expect(listed.flowAliasSummaries).toHaveLength(101);
  });

  it('creates one resource for a clientToken sent to both replicas at once, and answers both with it', async () => {
    const flowId = await flowWithVersions(a.sdk, 'token-race', 1);
    for (let round = 0; round < 10; round++) {
      const request = { flowIdentifier: flowId, name: `t${round}`, clientToken: `token-race-${round}-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, routingConfiguration: routeTo('1') };
      const [first, second] = await outcomes([
        a.sdk.send(new Sdk.CreateFlowAliasCommand(request)),
        b.sdk.send(new Sdk.CreateFlowAliasCommand(request)),
      ]);
      expect(typeof first).toBe('object');
      expect((first as Record<string, unknown>).id).toBe((second as Record<string, unknown>).id);
    }
    const listed = await a.sdk.send(new Sdk.ListFlowAliasesCommand({ flowIdentifier: flowId, maxResults: 1000 }));
    expect(listed.flowAliasSummaries).toHaveLength(11);
  });

  it('never lets an alias route to a version deleted through the other replica at the same moment', async () => {
    let updated = 0;
    let deleted = 0;
    for (let round = 0; round < 12; round++) {
      const flowId = await flowWithVersions(a.sdk, `in-use-${round}`, 2);
      const alias = await a.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: routeTo('1') }));
      const [update, remove] = await outcomes([
        a.sdk.send(new Sdk.UpdateFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id as string, name: 'live', routingConfiguration: routeTo('2') })),
        b.sdk.send(new Sdk.DeleteFlowVersionCommand({ flowIdentifier: flowId, flowVersion: '2' })),
      ]);
      // Exactly one wins, whichever committed first; the loser names the rule it met.
      if (typeof update === 'object') {
        updated++;
        expect(remove).toBe('ConflictException');
      } else {
        deleted++;
        expect(update).toBe('ValidationException');
        expect(typeof remove).toBe('object');
      }
      const final = await b.sdk.send(new Sdk.GetFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id }));
      const versions = await b.sdk.send(new Sdk.ListFlowVersionsCommand({ flowIdentifier: flowId }));
      const held = new Set((versions.flowVersionSummaries ?? []).map((v) => v.version));
      for (const item of final.routingConfiguration ?? []) expect(held.has(item.flowVersion)).toBe(true);
    }
    expect(updated + deleted).toBe(12);
  });

  it('loses nothing acknowledged when a replica is killed mid-write, and a retry with the same clientToken is safe', async () => {
    const flowId = await flowWithVersions(b.sdk, 'sigkill', 1);
    const victim = await startReplica(url);
    const tokens = Array.from({ length: 40 }, (_, i) => `sigkill-token-${i}-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`);
    const send = (replica: Replica, i: number) =>
      replica.sdk.send(
        new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: `k${i}`, clientToken: tokens[i], routingConfiguration: routeTo('1') }),
      );
    let firstAck: () => void = () => undefined;
    const acked = new Promise<void>((resolve) => (firstAck = resolve));
    const first = outcomes(tokens.map((_, i) => send(victim, i).then((created) => (firstAck(), created))));
    // Soon after the first acknowledgment, with most writes still in flight, the replica dies at once.
    await acked;
    await victim.stop('SIGKILL');
    expect(victim.running.child.signalCode).toBe('SIGKILL');
    const seen = await first;
    const acknowledged = seen.filter((r): r is Record<string, unknown> => typeof r === 'object');
    expect(seen.length - acknowledged.length).toBeGreaterThan(0);
    // Everything acknowledged is there, read through the survivor.
    for (const alias of acknowledged) {
      expect((await b.sdk.send(new Sdk.GetFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id as string }))).id).toBe(alias.id);
    }
    // Every client retries what it did not see acknowledged, with the same token, through the other replica.
    const retried = await outcomes(tokens.map((_, i) => send(b, i)));
    for (const [i, result] of retried.entries()) {
      expect(typeof result).toBe('object');
      const before = seen[i];
      if (typeof before === 'object') expect((result as Record<string, unknown>).id).toBe(before.id);
    }
    const listed = await b.sdk.send(new Sdk.ListFlowAliasesCommand({ flowIdentifier: flowId, maxResults: 1000 }));
    expect(listed.flowAliasSummaries).toHaveLength(tokens.length + 1);
  });

  it('leaves nothing partial when the replicas lose their database connections in the middle of writes', async () => {
    const flowId = await flowWithVersions(a.sdk, 'terminated', 0);
    let killed = 0;
    const chaos = (async () => {
      for (let i = 0; i < 8; i++) {
        await new Promise((resolve) => setTimeout(resolve, 15));
        const result = await admin(
          url,
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'flow-alias-router'`,
        );
        killed += result.rowCount ?? 0;
      }
    })();
    const writes = await outcomes(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? a : b).sdk.send(new Sdk.PrepareFlowCommand({ flowIdentifier: flowId })).then(() =>
          (i % 2 === 0 ? a : b).sdk.send(new Sdk.CreateFlowVersionCommand({ flowIdentifier: flowId })),
        ),
      ),
    );
    await chaos;
    expect(killed).toBeGreaterThan(0);
    const failures = writes.filter((r) => typeof r === 'string');
    for (const failure of failures) expect(failure).toBe('ServiceUnavailableException');
    const acknowledged = writes.length - failures.length;
    const listed = await a.sdk.send(new Sdk.ListFlowVersionsCommand({ flowIdentifier: flowId, maxResults: 1000 }));
    const numbers = (listed.flowVersionSummaries ?? []).map((v) => Number(v.version)).filter((n) => n > 0).sort((x, y) => x - y);
    // Versions 1..n with no gap and no repeat: a version row and the flow's next number moved together.
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(numbers.length).toBeGreaterThanOrEqual(acknowledged);
  });
});
