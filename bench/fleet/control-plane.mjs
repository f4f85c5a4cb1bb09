// Control-plane throughput and latency through the server (npm run bench:fleet; docs/benchmarks.md, Fleet).
// Two `serve` replicas on one PostgreSQL 15 cluster with fsync on, beside one `serve` on the in-memory
// store, measured in the same run on this machine: Bedrock UpdateFlowAlias (a write: one transaction, the
// store's lock, a change-log row) and GetFlowAlias (a read), SigV4-signed, driven by autocannon over
// loopback for a fixed time each after a warm-up. The load generator shares the machine's cores with the
// servers and the database: the figures are a floor for a real deployment, not a ceiling.
//
//   FLEET_SECONDS       measured seconds per row, after a 2 s warm-up (default 10, at most 60)
//   FLEET_CONNECTIONS   connections per replica (default 8, at most 128)
/* global process, URL, TextEncoder */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Sdk from '@aws-sdk/client-bedrock-agent';
import autocannon from 'autocannon';
import { signSigV4 } from '../../dist/internal.js';
import { startCluster } from '../../test/harness/cluster.mjs';
import { startServeProcess } from '../../test/harness/serve-process.mjs';

function bounded(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer from 1 to ${max}`);
  return value;
}

const SECONDS = bounded('FLEET_SECONDS', 10, 60);
const CONNECTIONS = bounded('FLEET_CONNECTIONS', 8, 128);
const WARMUP_SECONDS = 2;
const KEY = { accessKeyId: 'AKIDFLEETBENCH', secretAccessKey: 'fleet-bench-secret-not-for-production' };
const ROLE = 'arn:aws:iam::123456789012:role/flows';
const root = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(root, 'bench/results/fleet.json');

function startServer(args, credentialsFile) {
  return startServeProcess(['--host', '127.0.0.1', '--credentials', credentialsFile, '--rate-limit', '1000000000', ...args], { echoStderr: true });
}

async function seed(url) {
  const sdk = new Sdk.BedrockAgentClient({ endpoint: url, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
  const flow = await sdk.send(new Sdk.CreateFlowCommand({ name: 'checkout', executionRoleArn: ROLE }));
  for (let i = 0; i < 2; i++) {
    await sdk.send(new Sdk.PrepareFlowCommand({ flowIdentifier: flow.id }));
    await sdk.send(new Sdk.CreateFlowVersionCommand({ flowIdentifier: flow.id }));
  }
  const alias = await sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flow.id, name: 'live', routingConfiguration: [{ flowVersion: '1' }] }));
  sdk.destroy();
  return { flowId: flow.id, aliasId: alias.id };
}

/** Pre-signed requests (SigV4 signatures hold for their 15-minute window): reads, or writes alternating versions. */
async function requests(url, { flowId, aliasId }, kind) {
  const target = new URL(`${url}/flows/${flowId}/aliases/${aliasId}`);
  if (kind === 'read') {
    const headers = await signSigV4(KEY, 'us-east-1', { method: 'GET', url: target });
    return [{ method: 'GET', path: target.pathname, headers }];
  }
  return Promise.all(
    ['1', '2'].map(async (version) => {
      const body = JSON.stringify({ name: 'live', routingConfiguration: [{ flowVersion: version }] });
      const headers = await signSigV4(KEY, 'us-east-1', { method: 'PUT', url: target, body: new TextEncoder().encode(body) });
      return { method: 'PUT', path: target.pathname, headers: { ...headers, 'content-type': 'application/json' }, body };
    }),
  );
}

function cannon(url, reqs, connections, duration) {
  return autocannon({ url, requests: reqs, connections, duration, pipelining: 1 });
}

/** One row: every server driven at once, each with its own connections; rates summed, latencies per server. */
async function measure(targets, kind) {
  const prepared = await Promise.all(targets.map(async (t) => ({ url: t.url, reqs: await requests(t.url, t.ids, kind) })));
  await Promise.all(prepared.map((p) => cannon(p.url, p.reqs, CONNECTIONS, WARMUP_SECONDS)));
  const results = await Promise.all(prepared.map((p) => cannon(p.url, p.reqs, CONNECTIONS, SECONDS)));
  return {
    requests: results.reduce((n, r) => n + r.requests.total, 0),
    requestsPerSecond: Math.round(results.reduce((n, r) => n + r.requests.average, 0)),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
  };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'far-fleet-bench-'));
  const credentialsFile = join(dir, 'credentials.json');
  await writeFile(credentialsFile, JSON.stringify([KEY]));
  const cluster = await startCluster({ fsync: true });
  const servers = [];
  try {
    const memory = await startServer([], credentialsFile);
    servers.push(memory);
    const replicas = [];
    for (let i = 0; i < 2; i++) replicas.push(await startServer(['--store', cluster.url], credentialsFile));
    servers.push(...replicas);
    const memoryIds = await seed(memory.url);
    const fleetIds = await seed(replicas[0].url);
    const rows = [];
    for (const kind of ['write', 'read']) {
      rows.push({ store: 'memory, one server', kind, ...(await measure([{ url: memory.url, ids: memoryIds }], kind)) });
      rows.push({ store: 'PostgreSQL (fsync on), two replicas', kind, ...(await measure(replicas.map((r) => ({ url: r.url, ids: fleetIds })), kind)) });
    }
    return rows;
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((resolve) => (s.child.exitCode === null ? s.child.once('exit', resolve) : resolve()))));
    await cluster.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = await main();
const environment = { node: process.version, connectionsPerServer: CONNECTIONS, seconds: SECONDS, date: new Date().toISOString() };
const existing = await readFile(RESULTS, 'utf8').then((text) => JSON.parse(text), () => ({}));
await writeFile(RESULTS, `${JSON.stringify({ ...existing, controlPlane: { environment, rows } }, null, 2)}\n`);
process.stdout.write(
  `node ${process.version}, ${CONNECTIONS} connections per server, ${SECONDS} s per row after ${WARMUP_SECONDS} s of warm-up, loopback\n\n` +
    '| store | operation | requests | requests/s | p50 ms | p99 ms | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n' +
    rows.map((r) => `| ${r.store} | ${r.kind === 'write' ? 'UpdateFlowAlias' : 'GetFlowAlias'} | ${r.requests} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`).join('\n') +
    `\n\nwrote ${RESULTS}\n`,
);
process.exitCode = rows.some((row) => row.errors > 0 || row.requests === 0) ? 1 : 0;
