import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/server/handler.js';
import { listen } from '../src/server/listen.js';
import { signSigV4 } from '../src/wire/sigv4-signer.js';
import { makeRegistry } from './registry/fixtures.js';
import { KEY, raw, seed, socketExchange, statuses, testServers } from './server/fixtures.js';

// Issue 14, item 4: unauthenticated clients held up to 1 MiB each, because bodies were read before the
// signature was checked, and nothing capped connections.

const start = testServers();
const MiB = 1024 * 1024;

function head(port: string, lines: readonly string[]): string {
  return [`POST /flows/ HTTP/1.1`, `host: 127.0.0.1:${port}`, ...lines, '', ''].join('\r\n');
}

describe('issue 14, item 4: authentication before work', () => {
  it('refuses an unsigned or forged SigV4 request from its head, without waiting for its declared 1 MiB body', async () => {
    const t = await start();
    const port = new URL(t.url).port;
    const before = await t.state();
    const unsigned = await socketExchange(t.url, [head(port, [`content-length: ${MiB}`, 'content-type: application/json'])], { waitMs: 3000 });
    expect(statuses(unsigned.text)).toEqual([403]);
    expect(unsigned.text).toMatch(/connection: close/i);
    // Forged: a well-formed signature over a payload hash, made with the wrong secret.
    const signed = await signSigV4({ ...KEY, secretAccessKey: 'not-the-secret' }, 'us-east-1', {
      method: 'POST',
      url: new URL(`${t.url}/flows/`),
      body: Buffer.alloc(MiB, 0x20),
    });
    const forged = await socketExchange(
      t.url,
      [head(port, [...Object.entries(signed).filter(([name]) => name !== 'host').map(([n, v]) => `${n}: ${v}`), `content-length: ${MiB}`])],
      { waitMs: 3000 },
    );
    expect(statuses(forged.text)).toEqual([403]);
    expect(forged.closed).toBe(true);
    expect(await t.state()).toEqual(before);
  });

  it('streams the body of a request authenticated by its head against the signed hash', async () => {
    const t = await start();
    const before = await t.state();
    const body = JSON.stringify({ name: 'checkout', executionRoleArn: 'arn:aws:iam::123456789012:role/flows' });
    const signed = await signSigV4(KEY, 'us-east-1', { method: 'POST', url: new URL(`${t.url}/flows/`), body: new TextEncoder().encode(body) });
    // Another body under the same signed hash: refused once read, nothing created.
    const swapped = await raw(t.url, { method: 'POST', path: '/flows/', headers: { ...signed, 'content-type': 'application/json' }, body: body.replace('checkout', 'checkouX') });
    expect(swapped.status).toBe(403);
    expect(await t.state()).toEqual(before);
    const good = await raw(t.url, { method: 'POST', path: '/flows/', headers: { ...signed, 'content-type': 'application/json' }, body });
    expect(good.status).toBe(201);
  });

  it('holds a request whose signature covers only its body (no signed payload hash) to the unauthenticated cap', async () => {
    const t = await start({ limits: { maxUnauthenticatedBodyBytes: 1024 } });
    const port = new URL(t.url).port;
    const body = JSON.stringify({ name: 'big', executionRoleArn: 'arn:aws:iam::123456789012:role/flows', description: 'd'.repeat(1100) });
    const signed = await signSigV4(KEY, 'us-east-1', { method: 'POST', url: new URL(`${t.url}/flows/`), body: new TextEncoder().encode(body) });
    const withoutHash = Object.entries(signed)
      .filter(([name]) => name !== 'host' && name !== 'x-amz-content-sha256')
      .map(([n, v]) => `${n}: ${v.replace(/;x-amz-content-sha256/, '')}`);
    const response = await socketExchange(t.url, [head(port, [...withoutHash, `content-length: ${Buffer.byteLength(body)}`]), body], { waitMs: 3000 });
    expect(statuses(response.text)).toEqual([400]);
    expect(response.text).toMatch(/at most 1024 bytes \(sign x-amz-content-sha256 to send more\)/);
  });

  it('reads a large CloudFlow body only once its first bytes carry fresh credentials of a known key', async () => {
    const t = await start({ limits: { maxUnauthenticatedBodyBytes: 4096 } });
    const port = new URL(t.url).port;
    const before = await t.state();
    const form = (accessKeyId: string) =>
      new URLSearchParams({
        AccessKeyId: accessKeyId,
        Action: 'CreateFlow',
        Format: 'JSON',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: crypto.randomUUID(),
        SignatureVersion: '1.0',
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2019-03-15',
        Name: 'big',
        Definition: 'x'.repeat(200_000),
        Type: 'FDL',
      }).toString();
    const post = (body: string) => [`POST / HTTP/1.1`, `host: 127.0.0.1:${port}`, 'content-type: application/x-www-form-urlencoded', `content-length: ${body.length}`, '', ''].join('\r\n');
    // An unknown key: refused after the first 4 KiB, the rest never sent (the client stalls).
    const unknown = form('AKIDUNKNOWN1');
    const refused = await socketExchange(t.url, [post(unknown), unknown.slice(0, 8192)], { waitMs: 3000 });
    expect(statuses(refused.text)).toEqual([403]);
    expect(refused.text).toMatch(/InvalidAccessKeyId\.NotFound/);
    expect(await t.state()).toEqual(before);
    // The vendor client (credentials first in its form body) creates a flow with a 200 KB definition.
    const created = await t.cloudflow().request('CreateFlow', { Name: 'big', Definition: 'x'.repeat(200_000), Type: 'FDL' }, { method: 'POST' });
    expect(created).toMatchObject({ Name: 'big' });
  });

  it('caps connections per client address (429) and per server (503), answering and closing the extra ones', async () => {
    const registry = await makeRegistry();
    await seed(registry);
    for (const [caps, status] of [
      [{ maxConnectionsPerAddress: 3 }, 429],
      [{ maxConnections: 3 }, 503],
    ] as const) {
      const server = await listen(createHandler({ registry, credentials: [KEY] }), { port: 0, ...caps });
      try {
        const parked = [1, 2, 3].map(() => socketExchange(server.url, ['GET /flows/ HTTP/1.1\r\n'], { waitMs: 2500 }));
        await new Promise((r) => setTimeout(r, 200));
        const extra = await socketExchange(server.url, [], { waitMs: 2500 });
        expect(statuses(extra.text)).toEqual([status]);
        expect(extra.closed).toBe(true);
        for (const exchange of await Promise.all(parked)) expect(exchange.text).toBe('');
      } finally {
        await server.close();
      }
    }
  });
});
