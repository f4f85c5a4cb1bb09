import { GetFlowCommand } from '@aws-sdk/client-bedrock-agent';
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../src/cli/serve-options.js';
import { HttpAliasSource } from '../src/sources/http.js';
import { signSigV4 } from '../src/wire/sigv4-signer.js';
import { KEY, raw, seed, testServers } from './server/fixtures.js';

// Issue 14, item 8: a request signed for another host and another region was accepted.

const start = testServers();

describe('issue 14, item 8: a signature is tied to this deployment', () => {
  it('refuses a scope naming another region, and a signed host that is not one of its names', async () => {
    const t = await start({ hostNames: ['127.0.0.1', 'flows.internal'] });
    const port = new URL(t.url).port;
    const before = await t.state();
    const sign = (region: string, host: string) => signSigV4(KEY, region, { method: 'GET', url: new URL(`http://${host}:${port}/flows/`) });
    expect((await raw(t.url, { path: '/flows/', headers: await sign('us-east-1', '127.0.0.1') })).status).toBe(200);
    expect((await raw(t.url, { path: '/flows/', headers: await sign('us-east-1', 'flows.internal') })).status).toBe(200);
    const otherRegion = await raw(t.url, { path: '/flows/', headers: await sign('eu-west-1', '127.0.0.1') });
    expect(otherRegion.status).toBe(403);
    expect(otherRegion.json.message).toMatch(/region "eu-west-1"; this server is in "us-east-1"/);
    const otherHost = await raw(t.url, { path: '/flows/', headers: await sign('us-east-1', 'attacker.example') });
    expect(otherHost.status).toBe(403);
    expect(otherHost.json.message).toMatch(/attacker\.example/);
    expect(await t.state()).toEqual(before);
  });

  it('keeps the Bedrock SDK and HttpAliasSource working: they sign the host they connect to', async () => {
    const t = await start({ hostNames: ['127.0.0.1'] });
    const { flow } = await seed(t.registry);
    expect(await t.bedrock().send(new GetFlowCommand({ flowIdentifier: flow.id }))).toMatchObject({ name: 'checkout' });
    const source = new HttpAliasSource({ endpoint: t.url, credentials: KEY });
    try {
      expect((await source.getRouting('checkout', 'live')).entries).toHaveLength(2);
    } finally {
      source.close();
    }
  });

  it('serve answers to the loopback names and its bound address by default, to --host-name when given', async () => {
    const env = { FLOW_ALIAS_ROUTER_CREDENTIALS: 'AKID1:s1' };
    expect((await parseServeArgs([], env)).hostNames).toEqual(['localhost', '127.0.0.1', '::1']);
    expect((await parseServeArgs(['--host', '10.0.0.5'], env)).hostNames).toEqual(['localhost', '127.0.0.1', '::1', '10.0.0.5']);
    expect((await parseServeArgs(['--host-name', 'a.example', '--host-name', 'b.example'], env)).hostNames).toEqual(['a.example', 'b.example']);
  });
});
