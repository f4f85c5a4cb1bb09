import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, ROLE } from '../cli/fixtures.js';
import { startCluster, type PgCluster } from '../harness/postgres.js';
import { signedRaw } from '../server/fixtures.js';
import { pgSkip } from '../stores/pg-context.js';
import { eventually, flowWithVersions, outcomes, routeTo, startReplica, type Replica } from './fixtures.js';

/** The connect timeout a replica waits before answering 503 (the PostgreSQL store's default). */
const CONNECT_TIMEOUT_MS = 2000;

/** A database of its own that this file stops and starts: never the run's shared one. */
describe.skipIf(pgSkip !== '')('a replica whose database goes away', () => {
  let cluster: PgCluster;
  let replica: Replica;
  beforeAll(async () => {
    cluster = await startCluster();
    replica = await startReplica(cluster.url);
  }, 60_000);
  afterAll(async () => {
    await replica?.stop();
    await cluster?.destroy();
  });

  it('answers 503 at once, keeps picking from its last good tables, and recovers with no restart', async () => {
    const flowId = await flowWithVersions(replica.sdk, 'outage', 1);
    await replica.sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: routeTo('1') }));
    const pick = () => signedRaw(replica.url, { method: 'GET', path: `/routing/flows/${flowId}/aliases/live/pick`, key: KEY });
    expect((await pick()).json).toMatchObject({ version: '1' });

    await cluster.stop('immediate');
    expect(await cluster.running()).toBe(false);
    const started = Date.now();
    const [write, read] = await outcomes([
      replica.sdk.send(new Sdk.CreateFlowCommand({ name: 'during-outage', executionRoleArn: ROLE })),
      replica.sdk.send(new Sdk.GetFlowCommand({ flowIdentifier: flowId })),
    ]);
    expect(write).toBe('ServiceUnavailableException');
    expect(read).toBe('ServiceUnavailableException');
    // Bounded by the connect timeout, not by TCP's minutes.
    expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    // The data plane serves what it holds.
    for (let i = 0; i < 5; i++) {
      const answer = await pick();
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ version: '1' });
    }

    await cluster.start();
    expect(await cluster.running()).toBe(true);
    let createdId = '';
    const recovered = await eventually(async () => {
      createdId = (await replica.sdk.send(new Sdk.CreateFlowCommand({ name: 'after-outage', executionRoleArn: ROLE }))).id as string;
      return true;
    }, 15_000);
    expect(recovered).toBe(true);
    expect(replica.running.child.exitCode).toBe(null);
    expect((await replica.sdk.send(new Sdk.GetFlowCommand({ flowIdentifier: createdId }))).name).toBe('after-outage');
  }, 60_000);
});
