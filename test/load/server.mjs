// Bounded loopback load test of `flow-alias-router serve` (npm run loadtest; docs/server.md, Load test).
// Starts the built server and a bare `node:http` server answering the same bytes as a pick, each as a child
// process on 127.0.0.1 with a random port, seeds one flow with an 80/20 alias through the vendors' SDK
// clients, then drives the bare server, the signed data-plane pick and the signed Bedrock GetFlowAlias with
// autocannon for a fixed time each. Prints requests/s (and the ratio to the bare server), the server's CPU
// time per request (Linux), latency percentiles and error counts; exits 1 if any request failed. The
// benchmark gates on the same comparison in interleaved rounds: bench/scenarios/endpoints.ts.
//
//   LOADTEST_SECONDS  measured seconds per endpoint, after a 2 s warm-up (default 10, at most 60)
//   LOADTEST_CONNECTIONS  concurrent connections (default 16, at most 256)
/* global process */
import { bodyOf, drive, startBareServer, startSeededServer } from './endpoints.mjs';

function bounded(name, fallback, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer from 1 to ${max}`);
  return value;
}

const SECONDS = bounded('LOADTEST_SECONDS', 10, 60);
const CONNECTIONS = bounded('LOADTEST_CONNECTIONS', 16, 256);
const WARMUP_SECONDS = 2;

/** A 2-second warm-up that is not counted, so no server pays for its JIT warm-up, then the measured run. */
async function measured(title, request, pid) {
  await drive(request, { connections: CONNECTIONS, seconds: WARMUP_SECONDS });
  return { endpoint: title, ...(await drive(request, { connections: CONNECTIONS, seconds: SECONDS, pid })) };
}

async function main() {
  const server = await startSeededServer({ echoStderr: true });
  let bare;
  try {
    bare = await startBareServer(await bodyOf(server.pick));
    return [
      await measured('floor: bare node:http, the same bytes as a pick', bare.request, bare.child.pid),
      await measured('data plane: GET /routing/flows/checkout/aliases/live/pick', server.pick, server.child.pid),
      await measured('control plane: Bedrock GetFlowAlias GET /flows/{id}/aliases/{id}', server.getFlowAlias, server.child.pid),
    ];
  } finally {
    await bare?.stop();
    await server.stop();
  }
}

const rows = await main();
const floor = rows[0].requestsPerSecond;
process.stdout.write(
  `node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s per endpoint after ${WARMUP_SECONDS} s of warm-up, loopback, SigV4-verified requests\n\n` +
    '| endpoint | requests | requests/s | x bare | server CPU µs/request | p50 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n' +
    rows
      .map(
        (r) =>
          `| ${r.endpoint} | ${r.requests} | ${Math.round(r.requestsPerSecond)} | ${(r.requestsPerSecond / floor).toFixed(2)} | ` +
          `${r.serverCpuUsPerRequest === undefined ? 'n/a' : r.serverCpuUsPerRequest.toFixed(1)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`,
      )
      .join('\n') +
    '\n',
);
process.exitCode = rows.some((row) => row.errors > 0 || row.requests === 0) ? 1 : 0;
