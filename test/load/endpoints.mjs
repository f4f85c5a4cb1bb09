// The endpoints under load, shared by the load test (test/load/server.mjs) and the endpoint benchmarks
// (bench/scenarios/endpoints.ts): `flow-alias-router serve` seeded through the vendors' SDKs with one flow
// and an 80/20 alias, a bare `node:http` server answering the same bytes as a pick, pre-signed requests and
// one bounded autocannon run. Plain JS, so both can import it; types in endpoints.d.mts.
/* global process, URL, setTimeout, clearTimeout, fetch */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Client from '@alicloud/fnf-2019-03-15';
import { BedrockAgentClient, ListFlowAliasesCommand } from '@aws-sdk/client-bedrock-agent';
import autocannon from 'autocannon';
import { signSigV4 } from '../../dist/internal.js';
import { startServeProcess } from '../harness/serve-process.mjs';

export const KEY = { accessKeyId: 'AKIDLOADTEST', secretAccessKey: 'load-test-secret-not-for-production' };

/** One flow with two published versions and an 80/20 alias `live`, through the vendors' SDK clients. */
export async function seed(url) {
  const cloudflow = new Client({ endpoint: url, accessKeyId: KEY.accessKeyId, accessKeySecret: KEY.secretAccessKey });
  const flow = await cloudflow.request('CreateFlow', { Name: 'checkout', Definition: 'version: v1beta1\ntype: flow\nsteps: []' }, { method: 'POST' });
  await cloudflow.request('PublishFlowVersion', { FlowName: 'checkout' }, { method: 'POST' });
  await cloudflow.request('PublishFlowVersion', { FlowName: 'checkout' }, { method: 'POST' });
  const routing = JSON.stringify([{ Version: '1', Weight: 80 }, { Version: '2', Weight: 20 }]);
  await cloudflow.request('CreateFlowAlias', { FlowName: 'checkout', Name: 'live', RoutingConfigurations: routing }, { method: 'POST' });
  const bedrock = new BedrockAgentClient({ endpoint: url, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
  const aliases = await bedrock.send(new ListFlowAliasesCommand({ flowIdentifier: flow.Id }));
  bedrock.destroy();
  const alias = aliases.flowAliasSummaries.find((summary) => summary.name === 'live');
  return { flowId: flow.Id, aliasId: alias.id };
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

/** A GET whose SigV4 headers hold for the signature's 15-minute window: signed once, before any load. */
export async function signedGet(url) {
  return { url, headers: await signSigV4(KEY, 'us-east-1', { method: 'GET', url: new URL(url) }) };
}

/**
 * `serve` on the embedded in-memory store with SigV4 credentials and no effective rate limit, seeded; the
 * pick and Bedrock GetFlowAlias requests, signed; `stop()` ends the process and removes its files.
 */
export async function startSeededServer({ echoStderr = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'far-endpoints-'));
  const credentialsFile = join(dir, 'credentials.json');
  await writeFile(credentialsFile, JSON.stringify([KEY]));
  const { child, url } = await startServeProcess(['--host', '127.0.0.1', '--credentials', credentialsFile, '--rate-limit', '1000000000'], { echoStderr });
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { flowId, aliasId } = await seed(url);
    return {
      url,
      child,
      stop,
      pick: await signedGet(`${url}/routing/flows/checkout/aliases/live/pick`),
      getFlowAlias: await signedGet(`${url}/flows/${flowId}/aliases/${aliasId}`),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The bare `node:http` server (bare-server.mjs) answering `body` to every request, in its own process. */
export async function startBareServer(body) {
  const script = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { env: { ...process.env, BARE_BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare server printed no address within 10 s')), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bare server exited with ${code}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^bare listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { url, child, request: { url: `${url}/`, headers: {} }, stop: () => stopChild(child) };
}

/** The body one signed GET answers (to give the bare server the same bytes as a pick). */
export async function bodyOf(request) {
  const answer = await fetch(request.url, { headers: request.headers });
  if (answer.status !== 200) throw new Error(`${request.url} answered ${answer.status}`);
  return answer.text();
}

/** CPU time (user and system) a process has used, in ms, from /proc; undefined where there is none. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * One bounded autocannon run of `request` (no pipelining): throughput, latency and every kind of failure;
 * with the server's `pid` (Linux), the server's CPU time per request, which the load tool sharing the
 * machine's cores does not bound as it bounds requests/s.
 */
export async function drive(request, { connections, seconds, pid }) {
  const before = pid === undefined ? undefined : cpuMs(pid);
  const result = await autocannon({ url: request.url, headers: request.headers, connections, duration: seconds, pipelining: 1 });
  const after = pid === undefined ? undefined : cpuMs(pid);
  const requests = result.requests.total;
  return {
    requests,
    requestsPerSecond: requests / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    serverCpuUsPerRequest: before === undefined || after === undefined || requests === 0 ? undefined : ((after - before) * 1000) / requests,
  };
}
