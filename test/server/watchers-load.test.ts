import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { signSigV4 } from '../../src/wire/sigv4-signer.js';
import { bedrockClient, KEY, killStarted, startServe, stopServe } from '../cli/fixtures.js';
import { flowWithVersions, routeTo } from '../fleet/fixtures.js';
import * as Sdk from '@aws-sdk/client-bedrock-agent';

/**
 * Load (bounded): one replica (`serve`, its own process) holds WATCHERS parked long polls on loopback, reports
 * the memory each costs (the growth of the server's resident set over the parked watchers), keeps answering
 * the pick and control-plane endpoints meanwhile, and answers every watcher when one change commits.
 */
const WATCHERS = Number(process.env.WATCHERS ?? 2000);

afterAll(killStarted);

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
}

interface Got {
  readonly status: number;
  readonly body: string;
}

async function signedGet(agent: Agent, base: string, path: string): Promise<Got> {
  const url = new URL(path, base);
  const headers = await signSigV4(KEY, 'us-east-1', { method: 'GET', url });
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function rate(count: number, concurrency: number, call: () => Promise<Got>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) expect((await call()).status).toBe(200);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

describe.skipIf(process.platform !== 'linux')(`one replica with ${WATCHERS} parked watchers`, () => {
  it('holds them, reports the memory each costs, serves picks and the control plane meanwhile, and answers them all on a change', { timeout: 120_000 }, async () => {
    // Every watcher comes from 127.0.0.1 here, where a fleet's gateways come from many addresses: raise the
    // per-address connection cap (issue 14) to what one address needs in this test.
    const sockets = String(WATCHERS + 200);
    const running = await startServe([
      '--max-watchers',
      String(WATCHERS + 100),
      '--rate-limit',
      '1000000',
      '--max-connections',
      sockets,
      '--max-connections-per-address',
      sockets,
    ]);
    const pid = running.child.pid as number;
    const sdk = bedrockClient(running.url);
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    try {
      const flowId = await flowWithVersions(sdk, 'load', 2);
      const alias = await sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: routeTo('1') }));
      const pick = () => signedGet(agent, running.url, `/routing/flows/${flowId}/aliases/live/pick`);
      const control = () => sdk.send(new Sdk.GetFlowCommand({ flowIdentifier: flowId })).then(() => ({ status: 200, body: '' }));
      await rate(200, 8, pick); // warm up
      const picksBefore = await rate(1000, 8, pick);
      const controlBefore = await rate(100, 4, control);
      const { revision } = JSON.parse((await signedGet(agent, running.url, '/routing/changes')).body) as { revision: number };

      const rssBefore = rssKiB(pid);
      const answers: Promise<Got>[] = [];
      for (let i = 0; i < WATCHERS; i++) answers.push(signedGet(agent, running.url, `/routing/changes?since=${revision}&wait=30`));
      // Parked once the server's memory stops growing; give the sockets time to be accepted.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const rssParked = rssKiB(pid);
      const perWatcher = ((rssParked - rssBefore) * 1024) / WATCHERS;

      const picksDuring = await rate(1000, 8, pick);
      const controlDuring = await rate(100, 4, control);

      const written = performance.now();
      await sdk.send(new Sdk.UpdateFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id, name: 'live', routingConfiguration: routeTo('2') }));
      const settled = await Promise.all(answers.map((answer) => answer.then((got) => ({ got, at: performance.now() }))));
      const fanOutMs = Math.max(...settled.map((s) => s.at)) - written;
      for (const { got } of settled) {
        expect(got.status).toBe(200);
        expect((JSON.parse(got.body) as { changes: unknown[] }).changes).toHaveLength(1);
      }
      console.log(
        `${WATCHERS} parked watchers: server RSS ${Math.round(rssBefore / 1024)} MiB -> ${Math.round(rssParked / 1024)} MiB, ` +
          `${Math.round(perWatcher)} bytes per watcher; picks ${Math.round(picksBefore)}/s before, ${Math.round(picksDuring)}/s with them parked; ` +
          `control-plane reads ${Math.round(controlBefore)}/s before, ${Math.round(controlDuring)}/s; one change answered all of them in ${Math.round(fanOutMs)} ms`,
      );
      // Bounds: a watcher costs less than 64 KiB of the server's memory, and the other endpoints keep at least
      // a third of their rate (measured: 67% to 340%; the 2 cores also run this test's 2,000 client sockets and,
      // under `npm test`, another test file).
      expect(perWatcher).toBeLessThan(64 * 1024);
      expect(picksDuring).toBeGreaterThan(picksBefore / 3);
      expect(controlDuring).toBeGreaterThan(controlBefore / 3);
      expect(fanOutMs).toBeLessThan(10_000);
    } finally {
      agent.destroy();
      sdk.destroy();
      await stopServe(running, 'SIGKILL');
    }
  });
});
