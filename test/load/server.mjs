// Bounded loopback load test of `flow-alias-router serve` (npm run loadtest; docs/server.md, Load test).
// Starts the built server as a child process on 127.0.0.1 with a random port, seeds one flow with an
// 80/20 alias through the vendors' SDK clients, then drives two signed GET endpoints with autocannon for a
// fixed time each: the data-plane pick and the Bedrock GetFlowAlias control-plane read. Prints
// requests/s, latency percentiles and error counts; exits 1 if any request failed.
//
//   LOADTEST_SECONDS  measured seconds per endpoint, after a 2 s warm-up (default 10, at most 60)
//   LOADTEST_CONNECTIONS  concurrent connections (default 16, at most 256)
/* global process, URL */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Client from '@alicloud/fnf-2019-03-15';
import { BedrockAgentClient, ListFlowAliasesCommand } from '@aws-sdk/client-bedrock-agent';
import autocannon from 'autocannon';
import { signSigV4 } from '../../dist/internal.js';
import { startServeProcess } from '../harness/serve-process.mjs';

function bounded(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer from 1 to ${max}`);
  return value;
}

const SECONDS = bounded('LOADTEST_SECONDS', 10, 60);
const CONNECTIONS = bounded('LOADTEST_CONNECTIONS', 16, 256);
const WARMUP_SECONDS = 2;
const KEY = { accessKeyId: 'AKIDLOADTEST', secretAccessKey: 'load-test-secret-not-for-production' };

/** Starts the server; resolves once it prints its address. */
function startServer(credentialsFile) {
  return startServeProcess(['--host', '127.0.0.1', '--credentials', credentialsFile, '--rate-limit', '1000000000'], { echoStderr: true });
}

async function seed(url) {
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

/**
 * One bounded autocannon run against a pre-signed GET (SigV4 signatures hold for the 15-minute window),
 * after a 2-second warm-up that is not counted, so neither endpoint pays for the server's JIT warm-up.
 */
async function drive(title, url) {
  const headers = await signSigV4(KEY, 'us-east-1', { method: 'GET', url: new URL(url) });
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP_SECONDS, pipelining: 1 });
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
  return {
    endpoint: title,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'far-loadtest-'));
  const credentialsFile = join(dir, 'credentials.json');
  await writeFile(credentialsFile, JSON.stringify([KEY]));
  const { child, url } = await startServer(credentialsFile);
  try {
    const { flowId, aliasId } = await seed(url);
    return [
      await drive('data plane: GET /routing/flows/checkout/aliases/live/pick', `${url}/routing/flows/checkout/aliases/live/pick`),
      await drive('control plane: Bedrock GetFlowAlias GET /flows/{id}/aliases/{id}', `${url}/flows/${flowId}/aliases/${aliasId}`),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = await main();
process.stdout.write(
  `node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s per endpoint after ${WARMUP_SECONDS} s of warm-up, loopback, SigV4-verified requests\n\n` +
    '| endpoint | requests | requests/s | p50 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n' +
    rows.map((r) => `| ${r.endpoint} | ${r.requests} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`).join('\n') +
    '\n',
);
process.exitCode = rows.some((row) => row.errors > 0 || row.requests === 0) ? 1 : 0;
