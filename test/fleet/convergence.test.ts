import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/all-entries.js';
import { bedrockClient, KEY } from '../cli/fixtures.js';
import { admin, missingPostgres, startCluster, type PgCluster } from '../harness/postgres.js';
import { signedRaw } from '../server/fixtures.js';
import { startFaultProxy, type FaultProxy } from '../sources/fault-proxy.js';
import { flowWithVersions, routeTo, startReplica, type Replica } from './fixtures.js';
import { killRouters, startRouter, type RouterProcess } from './routers.js';

/**
 * Convergence under faults: K router processes watch through two replicas (behind proxies, as behind a
 * load balancer, so a restarted replica is reached at the same address) on a private PostgreSQL cluster,
 * while seeded random alias writes go through both replicas and every fault of issue 11 happens at least
 * once: a replica killed and restarted, the database restarted, the replicas' connections terminated, a
 * response cut mid-body, open connections cut, and a router paused (SIGSTOP) while more revisions than the
 * store retains are written. Once faults stop, every router must pick from the latest revision of every
 * alias within CONVERGE_MS, never having gone back to an older revision of an alias on the way.
 *
 * CI runs FLEET_STEPS=40 under a fixed seed; the soak (docs/fleet.md):
 *   FLEET_STEPS=2000 FLEET_SEED=$RANDOM npx vitest run test/fleet/convergence.test.ts
 */
const SEED = process.env.FLEET_SEED ?? '20240604';
const STEPS = Number(process.env.FLEET_STEPS ?? 40);
const ROUTERS = Number(process.env.FLEET_ROUTERS ?? 4);
const ALIASES = ['a0', 'a1', 'a2', 'a3'];
/** The convergence bound we state, once faults stop and both replicas and the database are up. */
const CONVERGE_MS = 15_000;
const RETAIN = 30;
const REPLICA_ARGS = ['--retain-revisions', String(RETAIN), '--watch-buffer', '10'];

const FAULTS = ['kill-replica', 'restart-database', 'terminate-backends', 'cut-mid-body', 'cut-connections', 'pause-router'] as const;
type Fault = (typeof FAULTS)[number];

const missing = missingPostgres();
if (missing !== undefined) console.warn(`fleet convergence test skipped: ${missing}`);

describe.skipIf(missing !== undefined)('convergence: routers watching through two replicas under faults', () => {
  let cluster: PgCluster;
  const replicas: Replica[] = [];
  const proxies: FaultProxy[] = [];
  beforeAll(async () => {
    cluster = await startCluster();
    replicas.push(...(await Promise.all([startReplica(cluster.url, REPLICA_ARGS), startReplica(cluster.url, REPLICA_ARGS)])));
    proxies.push(...(await Promise.all(replicas.map((r) => startFaultProxy(r.url)))));
  }, 90_000);
  afterAll(async () => {
    killRouters();
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    await Promise.all(proxies.map((p) => p.close()));
    await cluster?.destroy();
  }, 90_000);

  it(`converges with every change, in order, after ${STEPS} seeded steps with every kind of fault (seed ${SEED})`, { timeout: 120_000 + STEPS * 3000 }, async () => {
    const random = seededRandom(SEED);
    const below = (n: number): number => Math.floor(random() * n);
    const clients = proxies.map((p) => bedrockClient(p.url));
    const flowId = await flowWithVersions(clients[0] as Sdk.BedrockAgentClient, 'fleet', 3);
    const aliasIds = new Map<string, string>();
    for (const name of ALIASES) {
      const alias = await (clients[0] as Sdk.BedrockAgentClient).send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name, routingConfiguration: routeTo('1') }));
      aliasIds.set(name, alias.id as string);
    }
    const routers: RouterProcess[] = Array.from({ length: ROUTERS }, (_, i) => startRouter((proxies[i % 2] as FaultProxy).url, flowId, ALIASES));
    // Every router watching, with every alias loaded, before the first write.
    await Promise.all(routers.map((r) => r.whenever((report) => report.stats.state === 'ready' && Object.keys(report.aliases).length === ALIASES.length)));

    let acknowledged = 0;
    let refused = 0;
    const write = async (): Promise<void> => {
      const name = ALIASES[below(ALIASES.length)] as string;
      const client = clients[below(2)] as Sdk.BedrockAgentClient;
      const update = new Sdk.UpdateFlowAliasCommand({
        flowIdentifier: flowId,
        aliasIdentifier: aliasIds.get(name),
        name,
        routingConfiguration: routeTo(String(1 + below(3))),
      });
      await client.send(update).then(
        () => acknowledged++,
        () => refused++,
      );
    };

    // Every fault once per cycle of FAULTS.length faults, in a seeded order, one every few steps.
    const schedule: Fault[] = [];
    while (schedule.length < Math.max(FAULTS.length, Math.floor(STEPS / 6))) {
      const cycle = [...FAULTS];
      for (let i = cycle.length - 1; i > 0; i--) {
        const j = below(i + 1);
        [cycle[i], cycle[j]] = [cycle[j] as Fault, cycle[i] as Fault];
      }
      schedule.push(...cycle);
    }
    const every = Math.max(1, Math.floor(STEPS / schedule.length));
    const faults: Fault[] = [];
    for (let step = 0; step < STEPS; step++) {
      await write();
      if (step % every !== every - 1 || schedule.length === 0) continue;
      const fault = schedule.shift() as Fault;
      faults.push(fault);
      const which = below(2);
      if (fault === 'kill-replica') {
        await (replicas[which] as Replica).stop('SIGKILL');
        await write();
        replicas[which] = await startReplica(cluster.url, REPLICA_ARGS);
        (proxies[which] as FaultProxy).retarget((replicas[which] as Replica).url);
      } else if (fault === 'restart-database') {
        await cluster.stop('fast');
        await write(); // refused: the database is down
        await cluster.start();
      } else if (fault === 'terminate-backends') {
        await admin(cluster.url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flow-alias-router'");
      } else if (fault === 'cut-mid-body') {
        (proxies[which] as FaultProxy).cutNextAnswerAfter(1 + below(300));
      } else if (fault === 'cut-connections') {
        (proxies[which] as FaultProxy).cut();
      } else {
        const paused = routers[below(routers.length)] as RouterProcess;
        paused.child.kill('SIGSTOP');
        for (let i = 0; i < RETAIN + 10; i++) await write();
        paused.child.kill('SIGCONT');
      }
    }
    expect(new Set(faults)).toEqual(new Set(FAULTS));

    // Faults stop. The truth: each alias as the database holds it now.
    const latest = new Map<string, [string, number]>();
    for (const name of ALIASES) {
      const answer = await signedRaw((proxies[0] as FaultProxy).url, { method: 'GET', path: `/routing/flows/${flowId}/aliases/${name}`, key: KEY });
      expect(answer.status).toBe(200);
      const entries = answer.json.entries as { version: string }[];
      latest.set(name, [(entries[0] as { version: string }).version, answer.json.revision as number]);
    }
    const stopped = performance.now();
    const caughtUp = (report: { aliases: Record<string, [string, number]> }): boolean =>
      ALIASES.every((name) => {
        const [version, revision] = latest.get(name) as [string, number];
        const seen = report.aliases[name];
        return seen !== undefined && seen[0] === version && seen[1] === revision;
      });
    const times = await Promise.race([
      Promise.all(routers.map((r) => r.whenever(caughtUp))),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CONVERGE_MS)),
    ]);
    const converged = times?.map((at) => Math.round(at - stopped));
    const total = (field: string): number => routers.reduce((sum, r) => sum + Number(r.last()?.stats[field] ?? 0), 0);
    console.log(`fleet convergence (seed ${SEED}, ${STEPS} steps, ${acknowledged} acknowledged writes, ${refused} refused, faults ${faults.join(' ')}): ` +
      `every router on the latest revision ${converged === undefined ? 'NOT within the bound' : `after ${Math.max(...converged)} ms`}; ` +
      `routers: ${total('reconnects')} reconnects, ${total('resets')} resets, ${total('watchErrors')} watch errors`);
    expect(converged, JSON.stringify(routers.map((r) => r.last()?.aliases))).toBeDefined();
    // The faults reached the routers: watches broke and reconnected, and the paused one was reset.
    expect(total('reconnects')).toBeGreaterThan(0);
    expect(total('resets')).toBeGreaterThan(0);
    // Caught up is not at rest: a revalidation may still be in flight in the report that showed the latest
    // revision (the source says 'stale' until it answers), so readiness is awaited, within the same bound.
    const ready = await Promise.race([
      Promise.all(routers.map((r) => r.whenever((report) => report.stats.state === 'ready'))),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CONVERGE_MS)),
    ]);
    expect(ready, JSON.stringify(routers.map((r) => r.last()?.stats))).toBeDefined();
    for (const router of routers) {
      expect(router.last()?.violations).toBe(0);
      expect(router.child.exitCode).toBe(null);
    }
    for (const client of clients) client.destroy();
  });
});
