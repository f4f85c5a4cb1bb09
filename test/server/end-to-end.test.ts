import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterEach, describe, expect, it } from 'vitest';
import { Router, ServiceUnavailableException } from '../../test/all-entries.js';
import { HttpAliasSource } from '../../src/sources/http.js';
import { bedrockFlow, KEY, startTestServer, withWeights } from './fixtures.js';

const ROLE = 'arn:aws:iam::123456789012:role/flows';
const TTL = 5_000;
const STALE_IF_ERROR = 60_000;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/**
 * A fleet member: a Router over HttpAliasSource with a TTL and stale-if-error, on an injected clock so
 * "within its TTL" is exact rather than a race with the wall clock.
 */
function gateway(url: string) {
  let now = 0;
  // TTL mode (the watch off, as in a frozen serverless function): test/sources/http-watch.test.ts has the watch.
  const source = new HttpAliasSource({ endpoint: url, credentials: KEY, timeoutMs: 1000, watch: false });
  const router = new Router({ source, ttlMs: TTL, staleIfErrorMs: STALE_IF_ERROR, retryAfterErrorMs: 100, monotonicClock: () => now });
  cleanup.push(() => {
    router.close();
    source.close();
  });
  return {
    router,
    advance(ms: number) {
      now += ms;
    },
    async weights(): Promise<Record<string, number>> {
      await router.route('checkout', 'live');
      return Object.fromEntries(router.explain('checkout', 'live').weights.map((w) => [w.version, w.weight]));
    },
  };
}

describe('end to end: AWS SDK → control-plane server → remote source → Router', () => {
  it('a weight change made with the AWS SDK reaches the router within its TTL; a stopped server leaves it on its last good table', async () => {
    const t = await startTestServer({ bedrock: { weightedRouting: true } });
    let serverRunning = true;
    cleanup.push(async () => {
      if (serverRunning) await t.close();
    });
    const { client, flowId } = await bedrockFlow(t, ROLE);
    // The weighted-routing extension, sent through the official SDK with a build middleware (the SDK
    // itself serialises only { flowVersion }).
    client.middlewareStack.add(withWeights([80, 20]) as never, { step: 'build', name: 'withWeights', override: true });
    const alias = await client.send(
      new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: [{ flowVersion: '1' }, { flowVersion: '2' }] }),
    );
    const g = gateway(t.url);
    expect(await g.weights()).toEqual({ '1': 80, '2': 20 });

    client.middlewareStack.add(withWeights([50, 50]) as never, { step: 'build', name: 'withWeights', override: true });
    await client.send(
      new Sdk.UpdateFlowAliasCommand({
        flowIdentifier: flowId,
        aliasIdentifier: alias.id,
        name: 'live',
        routingConfiguration: [{ flowVersion: '1' }, { flowVersion: '2' }],
      }),
    );
    g.advance(TTL - 1);
    expect(await g.weights()).toEqual({ '1': 80, '2': 20 }); // still fresh: the router has not asked yet
    g.advance(1);
    expect(await g.weights()).toEqual({ '1': 50, '2': 50 }); // the TTL is up: the next pick loads the change

    await t.close();
    serverRunning = false;
    g.advance(TTL);
    for (let i = 0; i < 100; i++) expect(['1', '2']).toContain(await g.router.route('checkout', 'live', `exec-${i}`));
    expect(await g.weights()).toEqual({ '1': 50, '2': 50 });
    expect(g.router.stats().cache.staleIfErrorServed).toBeGreaterThan(0);
    expect(g.router.stats().cache.loadErrors).toBeGreaterThan(0);

    // Past stale-if-error the router says so rather than route on a table it cannot refresh.
    g.advance(STALE_IF_ERROR);
    await expect(g.router.route('checkout', 'live')).rejects.toBeInstanceOf(ServiceUnavailableException);
  });

  it('without the extension: moving an alias to another version with UpdateFlowAlias reaches the router within its TTL', async () => {
    const t = await startTestServer();
    cleanup.push(() => t.close());
    const { client, flowId } = await bedrockFlow(t, ROLE);
    const alias = await client.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: 'live', routingConfiguration: [{ flowVersion: '1' }] }));
    const g = gateway(t.url);
    expect(await g.router.route('checkout', 'live')).toBe('1');
    await client.send(
      new Sdk.UpdateFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: alias.id, name: 'live', routingConfiguration: [{ flowVersion: '2' }] }),
    );
    expect(await g.router.route('checkout', 'live')).toBe('1');
    g.advance(TTL);
    for (let i = 0; i < 20; i++) expect(await g.router.route('checkout', 'live')).toBe('2');
  });
});
