import { bodyOf, drive, startBareServer, startSeededServer, type Driven, type SignedRequest } from '../../test/load/endpoints.mjs';
import type { EndpointRow, FamilyOutput, Mode } from '../harness/results.js';
import { median, round3 } from '../harness/stats.js';
import { BARE_HTTP, ENDPOINT_FLOOR, ENDPOINT_GET_FLOW_ALIAS, ENDPOINT_PICK, US } from './names.js';

/**
 * The signed pick endpoint and the signed Bedrock GetFlowAlias of `serve` (embedded in-memory store, SigV4
 * verified, rate limit out of the way) against a bare `node:http` server answering the same bytes as a
 * pick, each server in its own process and autocannon here: same machine, same load tool, same connections.
 * The three run in interleaved rounds (order rotated each round) after an uncounted warm-up, and each
 * ratio is taken within a round, so load from elsewhere hits all three alike. On this 2-core machine the
 * load generator takes one core and the server under test the other.
 */
const CONNECTIONS = 16;
const PLAN: Record<Mode, { readonly rounds: number; readonly seconds: number; readonly warmupSeconds: number }> = {
  full: { rounds: 5, seconds: 3, warmupSeconds: 2 },
  ci: { rounds: 3, seconds: 2, warmupSeconds: 1 },
};

interface Target {
  readonly scenario: string;
  readonly impl: string;
  readonly request: SignedRequest;
  readonly note: string;
  readonly rounds: Driven[];
}

function rowOf(target: Target, floor: Target, seconds: number): EndpointRow {
  const rps = target.rounds.map((r) => r.requestsPerSecond);
  const ratios = target === floor ? [] : rps.map((value, i) => value / (floor.rounds[i] as Driven).requestsPerSecond);
  return {
    scenario: target.scenario,
    impl: target.impl,
    requestsPerSecond: Math.round(median(rps)),
    roundRequestsPerSecond: rps.map(Math.round),
    ratio: ratios.length === 0 ? null : round3(median(ratios)),
    ratioRange: ratios.length === 0 ? null : [round3(Math.min(...ratios)), round3(Math.max(...ratios))],
    roundRatios: ratios.map(round3),
    p50Ms: median(target.rounds.map((r) => r.p50Ms)),
    p99Ms: median(target.rounds.map((r) => r.p99Ms)),
    errors: target.rounds.reduce((sum, r) => sum + r.errors, 0),
    connections: CONNECTIONS,
    secondsPerRound: seconds,
    note: target.note,
  };
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  const plan = PLAN[mode];
  const server = await startSeededServer();
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    bare = await startBareServer(await bodyOf(server.pick));
    const floor: Target = { scenario: ENDPOINT_FLOOR, impl: BARE_HTTP, request: bare.request, note: 'node:http answering the bytes of a pick', rounds: [] };
    const targets: Target[] = [
      floor,
      { scenario: ENDPOINT_PICK, impl: US, request: server.pick, note: 'GET /routing/flows/{flow}/aliases/{alias}/pick, SigV4-verified', rounds: [] },
      { scenario: ENDPOINT_GET_FLOW_ALIAS, impl: US, request: server.getFlowAlias, note: 'Bedrock GetFlowAlias, SigV4-verified', rounds: [] },
    ];
    for (const target of targets) await drive(target.request, { connections: CONNECTIONS, seconds: plan.warmupSeconds });
    for (let round = 0; round < plan.rounds; round++) {
      const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      for (const target of order) target.rounds.push(await drive(target.request, { connections: CONNECTIONS, seconds: plan.seconds }));
    }
    const failed = targets.find((t) => t.rounds.some((r) => r.errors > 0 || r.requests === 0));
    if (failed !== undefined) throw new Error(`${failed.scenario} had failed requests: ${JSON.stringify(failed.rounds)}`);
    return { endpoints: targets.map((t) => rowOf(t, floor, plan.seconds)) };
  } finally {
    await bare?.stop();
    await server.stop();
  }
}
