// Propagation latency (issue 11): from a write's acknowledgment to the new version being picked by every
// router. Router processes (Router + watching HttpAliasSource) spread over `serve` replicas on PostgreSQL,
// loopback; then the in-memory store with one server. Not timed in CI: run it on a quiet machine.
//
//   npm run bench:propagation                                   # 8 routers, 2 replicas, 200 writes, both stores
//   npm run bench:propagation -- --routers 2 --writes 5         # a smoke run
//   npm run bench:propagation -- --store memory                 # the in-memory store only
//   FLOW_ALIAS_ROUTER_BENCH_PG=postgres://... npm run bench:propagation   # an existing server (else a throwaway cluster)
import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startCluster, type PgCluster } from '../../test/harness/cluster.mjs';

const RESULTS = 'bench/results/fleet.json';

const KEY = { accessKeyId: 'AKIDBENCHPROPAGATE', secretAccessKey: 'bench-propagation-secret' };
const ENV = { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: `${KEY.accessKeyId}:${KEY.secretAccessKey}` };
const ROLE = 'arn:aws:iam::123456789012:role/flows';

const { values } = parseArgs({
  options: {
    routers: { type: 'string', default: '8' },
    replicas: { type: 'string', default: '2' },
    writes: { type: 'string', default: '200' },
    store: { type: 'string', default: 'both' },
    'gap-ms': { type: 'string', default: '20' },
  },
});
const ROUTERS = Number(values.routers);
const REPLICAS = Number(values.replicas);
const WRITES = Number(values.writes);
const GAP_MS = Number(values['gap-ms']);
/** A write not seen by every router within this is counted as missed (and the run fails). */
const TIMEOUT_MS = 10_000;

const children: ChildProcess[] = [];
function cleanup(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', cleanup);

function startServe(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0', '--rate-limit', '0', ...args], { env: ENV, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^flow-alias-router listening on (\S+)$/.exec(line);
      if (match) resolve(match[1] as string);
    });
  });
}

interface RouterProcess {
  /** Wall-clock ms at which the router first picked from each revision. */
  readonly seen: Map<number, number>;
  waitFor(revision: number): Promise<number>;
}

function startRouter(endpoint: string, flow: string, alias: string): RouterProcess {
  const child = spawn(process.execPath, ['build/fleet/router-child.js', JSON.stringify({ endpoint, key: KEY, flow, alias })], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const seen = new Map<number, number>();
  const waiters = new Map<number, Array<(at: number) => void>>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const { revision, at } = JSON.parse(line) as { revision: number; at: number };
    seen.set(revision, at);
    for (const [wanted, list] of waiters) {
      if (revision >= wanted) {
        waiters.delete(wanted);
        for (const resolve of list) resolve(at);
      }
    }
  });
  return {
    seen,
    waitFor(revision) {
      for (const [r, at] of seen) if (r >= revision) return Promise.resolve(at);
      return new Promise((resolve) => {
        const list = waiters.get(revision) ?? [];
        list.push(resolve);
        waiters.set(revision, list);
      });
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

async function run(label: string, replicaUrls: readonly string[]): Promise<Record<string, number | string>> {
  const clients = replicaUrls.map((url) => new Sdk.BedrockAgentClient({ endpoint: url, region: 'us-east-1', credentials: KEY, maxAttempts: 1 }));
  const admin = clients[0] as Sdk.BedrockAgentClient;
  const flow = await admin.send(new Sdk.CreateFlowCommand({ name: `propagation${Date.now()}`, executionRoleArn: ROLE }));
  const flowId = flow.id as string;
  for (let i = 0; i < 2; i++) {
    await admin.send(new Sdk.PrepareFlowCommand({ flowIdentifier: flowId }));
    await admin.send(new Sdk.CreateFlowVersionCommand({ flowIdentifier: flowId }));
  }
  const alias = await admin.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: [{ flowVersion: '1' }] }));
  const routers = Array.from({ length: ROUTERS }, (_, i) => startRouter(replicaUrls[i % replicaUrls.length] as string, flowId, 'live'));
  // The alias starts at revision 1; every router picking from it is the starting line.
  await Promise.all(routers.map((r) => r.waitFor(1)));
  const everyRouter: number[] = [];
  const eachArrival: number[] = [];
  let missed = 0;
  for (let w = 1; w <= WRITES; w++) {
    const client = clients[w % clients.length] as Sdk.BedrockAgentClient;
    await client.send(
      new Sdk.UpdateFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id, name: 'live', routingConfiguration: [{ flowVersion: String(1 + (w % 2)) }] }),
    );
    const acked = performance.timeOrigin + performance.now();
    const revision = 1 + w;
    const arrivals = await Promise.race([
      Promise.all(routers.map((r) => r.waitFor(revision))),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), TIMEOUT_MS)),
    ]);
    if (arrivals === undefined) {
      missed++;
      continue;
    }
    const latencies = arrivals.map((at) => Math.max(0, at - acked));
    eachArrival.push(...latencies);
    everyRouter.push(Math.max(...latencies));
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  }
  for (const client of clients) client.destroy();
  const sorted = [...everyRouter].sort((a, b) => a - b);
  const arrivals = [...eachArrival].sort((a, b) => a - b);
  const ms = (n: number): number => Math.round(n * 10) / 10;
  return {
    store: label,
    routers: ROUTERS,
    replicas: replicaUrls.length,
    writes: WRITES,
    missed,
    'every router p50 ms': ms(percentile(sorted, 0.5)),
    'every router p99 ms': ms(percentile(sorted, 0.99)),
    'every router max ms': ms(sorted[sorted.length - 1] ?? NaN),
    'one router p50 ms': ms(percentile(arrivals, 0.5)),
    'one router p99 ms': ms(percentile(arrivals, 0.99)),
  };
}

async function main(): Promise<void> {
  const rows: Record<string, number | string>[] = [];
  if (values.store === 'both' || values.store === 'postgres') {
    let cluster: PgCluster | undefined;
    let url = process.env.FLOW_ALIAS_ROUTER_BENCH_PG;
    if (url === undefined) {
      // fsync on, as in production (the tests run their clusters with it off).
      cluster = await startCluster({ fsync: true });
      url = cluster.url;
    }
    const schema = `propagation_${Date.now()}`;
    const replicas: string[] = [];
    replicas.push(await startServe(['--store', url, '--schema', schema]));
    for (let i = 1; i < REPLICAS; i++) replicas.push(await startServe(['--store', url, '--schema', schema]));
    try {
      rows.push(await run('PostgreSQL', replicas));
    } finally {
      cleanup();
      children.length = 0;
      await cluster?.destroy();
    }
  }
  if (values.store === 'both' || values.store === 'memory') {
    const server = await startServe([]);
    try {
      rows.push(await run('memory', [server]));
    } finally {
      cleanup();
      children.length = 0;
    }
  }
  const columns = Object.keys(rows[0] ?? {});
  console.log(`| ${columns.join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${columns.map((c) => String(row[c])).join(' | ')} |`);
  console.log(JSON.stringify(rows));
  // Kept beside the control-plane figures for the report (docs/benchmarks.md, Fleet).
  const existing = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  const propagation = { environment: { node: process.version, date: new Date().toISOString() }, rows };
  writeFileSync(RESULTS, `${JSON.stringify({ ...existing, propagation }, null, 2)}\n`);
  if (rows.some((row) => Number(row.missed) > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  cleanup();
  process.exit(1);
});
