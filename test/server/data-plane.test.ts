import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../test/all-entries.js';
import { HttpAliasSource } from '../../src/sources/http.js';
import { seed, signedRaw, startTestServer, raw, KEY, type Seeded, type TestServer } from './fixtures.js';
import { signSigV4 } from '../../src/wire/sigv4-signer.js';

let t: TestServer;
let s: Seeded;
beforeAll(async () => {
  t = await startTestServer();
  s = await seed(t.registry);
});
afterAll(async () => {
  await t.close();
});

const get = (path: string) => signedRaw(t.url, { method: 'GET', path });

describe('data plane', () => {
  it('picks a version and answers the explain record', async () => {
    const response = await get('/routing/flows/checkout/aliases/live/pick');
    expect(response.status).toBe(200);
    expect(response.headers['x-amzn-requestid']).toEqual(expect.any(String));
    expect(response.json).toEqual({
      version: expect.stringMatching(/^[12]$/),
      flow: 'checkout',
      alias: 'live',
      identity: s.alias.arn,
      revision: expect.any(Number),
      mode: 'random',
      selector: 'compare',
      u: expect.any(Number),
      keyHash: null,
      weights: [
        { version: '1', weight: 80, share: 0.8 },
        { version: '2', weight: 20, share: 0.2 },
      ],
      stale: false,
    });
  });

  it('resolves flows and aliases by ID, ARN or name', async () => {
    for (const [flow, alias] of [
      [s.flow.id, s.alias.id],
      [s.flow.arn, s.alias.arn],
      ['checkout', s.alias.id],
    ]) {
      const response = await get(`/routing/flows/${encodeURIComponent(flow as string)}/aliases/${encodeURIComponent(alias as string)}/pick`);
      expect(response.status).toBe(200);
      expect(response.json.identity).toBe(s.alias.arn);
    }
  });

  it('is sticky by key, agreeing with an embedded Router on the registry and one on the remote source', async () => {
    const embedded = new Router({ source: t.registry });
    const source = new HttpAliasSource({ endpoint: t.url, credentials: KEY });
    const remote = new Router({ source });
    try {
      for (let i = 0; i < 40; i++) {
        const key = `exec-${i}`;
        const response = await get(`/routing/flows/checkout/aliases/live/pick?key=${key}`);
        expect(response.json).toMatchObject({ mode: 'sticky', keyHash: expect.any(Number), u: null });
        // route, not pick: on a store that answers with promises an embedded Router loads the alias first.
        expect(response.json.version).toBe(await embedded.route('checkout', 'live', key));
        expect(response.json.version).toBe(await remote.route('checkout', 'live', key));
      }
    } finally {
      embedded.close();
      remote.close();
      source.close();
    }
  });

  it('answers the routing config for remote sources', async () => {
    const response = await get(`/routing/flows/${s.flow.id}/aliases/live`);
    expect(response.json).toEqual({
      flow: s.flow.id,
      alias: 'live',
      identity: s.alias.arn,
      revision: expect.any(Number),
      entries: [
        { version: '1', weight: 80 },
        { version: '2', weight: 20 },
      ],
    });
  });

  it('applies a change to the very next pick', async () => {
    await t.registry.updateAlias('checkout', 'live', { routing: [{ version: '2', weight: 1 }] });
    for (let i = 0; i < 10; i++) expect((await get('/routing/flows/checkout/aliases/live/pick')).json.version).toBe('2');
    await t.registry.updateAlias('checkout', 'live', { routing: [{ version: '1', weight: 80 }, { version: '2', weight: 20 }] });
  });

  it('answers typed errors: not found, a bad key, an unknown parameter, a body, no signature', async () => {
    const check = async (response: Promise<Awaited<ReturnType<typeof get>>>, status: number, type: string, field?: string) => {
      const r = await response;
      expect(r.status).toBe(status);
      expect(r.headers['x-amzn-errortype']).toBe(type);
      if (field !== undefined) expect(r.json.fieldList).toEqual([expect.objectContaining({ name: field })]);
    };
    await check(get('/routing/flows/checkout/aliases/nosuchalias/pick'), 404, 'ResourceNotFoundException');
    await check(get('/routing/flows/nosuchflow/aliases/live'), 404, 'ResourceNotFoundException');
    await check(get(`/routing/flows/checkout/aliases/live/pick?key=${'k'.repeat(1025)}`), 400, 'ValidationException', 'key');
    await check(get('/routing/flows/checkout/aliases/live/pick?key='), 400, 'ValidationException', 'key');
    await check(get('/routing/flows/checkout/aliases/live/pick?seed=1'), 400, 'ValidationException', 'seed');
    await check(get('/routing/flows/checkout/aliases/live?key=a'), 400, 'ValidationException', 'key');
    await check(signedRaw(t.url, { method: 'GET', path: '/routing/flows/checkout/aliases/live/pick', body: '{}' }), 400, 'ValidationException', 'body');
    await check(signedRaw(t.url, { method: 'POST', path: '/routing/flows/checkout/aliases/live/pick' }), 404, 'UnknownOperationException');
    await check(raw(t.url, { path: '/routing/flows/checkout/aliases/live/pick' }), 403, 'AccessDeniedException');
  });

  it('admits a signed pick however its empty body is framed: from the head, or read when chunked', async () => {
    const path = '/routing/flows/checkout/aliases/live/pick';
    // No framing headers, Content-Length 0 (both admitted from the head), and an empty chunked body (read).
    for (const headers of [{}, { 'content-length': '0' }, { 'transfer-encoding': 'chunked' }]) {
      const response = await signedRaw(t.url, { method: 'GET', path, headers });
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(response.json.version).toMatch(/^[12]$/);
    }
    // A chunked body is read, not taken for empty: signed as empty, 64 KiB of it is refused.
    const signed = await signSigV4(KEY, 'us-east-1', { method: 'GET', url: new URL(`${t.url}${path}`) });
    const sent = await raw(t.url, { method: 'GET', path, headers: { ...signed, 'transfer-encoding': 'chunked' }, chunks: 1 });
    expect(sent.status).toBe(403);
    expect(sent.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    // The connection that sent each of them still serves the next request.
    expect((await get(path)).status).toBe(200);
  });
});

