import { describe, expect, it } from 'vitest';
import { signSigV4 } from '../src/wire/sigv4-signer.js';
import { KEY, raw, socketExchange, statuses, testServers } from './server/fixtures.js';

// Issue 14, item 6: a header named `constructor` made SigV4 verification throw (a 500 and a stack trace per
// request), and failed authentications were never rate-limited.

const start = testServers();

/** A request signed by KEY whose SignedHeaders also name `extra` (the header may or may not be sent). */
async function signedNaming(url: string, extra: string, send: boolean) {
  const headers = await signSigV4(KEY, 'us-east-1', { method: 'GET', url: new URL(`${url}/flows/`) });
  const authorization = (headers.authorization as string).replace('SignedHeaders=', `SignedHeaders=${extra};`);
  return raw(url, { path: '/flows/', headers: { ...headers, authorization, ...(send ? { [extra]: 'x' } : {}) } });
}

describe('issue 14, item 6: every malformed signature is a 403, logged in one line, and failures are throttled', () => {
  it('answers 403, never 500, for prototype names in SignedHeaders, sent or not, and logs one line each', async () => {
    const errors: unknown[] = [];
    const lines: string[] = [];
    const t = await start({ onError: (error) => errors.push(error), onRefusal: (line) => lines.push(line) });
    const names = ['constructor', '__proto__', 'tostring', 'hasownproperty', 'valueof'];
    let refusals = 0;
    for (const name of names) {
      for (const send of [false, true]) {
        if (name === '__proto__' && send) continue; // not a header name Node would pass on
        const response = await signedNaming(t.url, name, send);
        expect(response.status, `${name} sent=${send}`).toBe(403);
        expect(response.headers['x-amzn-errortype']).toBe('AccessDeniedException');
        refusals++;
      }
    }
    for (const authorization of ['AWS4-HMAC-SHA256 Credential=AKIDTEST0001/x', 'AWS4-HMAC-SHA256 =,=,=', `AWS4-HMAC-SHA256 ${'a'.repeat(5000)}`]) {
      expect((await raw(t.url, { path: '/flows/', headers: { authorization } })).status).toBe(403);
      refusals++;
    }
    expect(errors).toEqual([]);
    expect(lines).toHaveLength(refusals);
    for (const line of lines) {
      expect(line).toMatch(/^flow-alias-router: refused 403 \S+ from 127\.0\.0\.1/);
      expect(line).not.toMatch(/[\r\n]|\bat \S+:\d+/);
    }
  });

  it('throttles failed authentications per address before verifying, and per key ID without ever refusing that key when valid', async () => {
    let now = Date.now();
    const t = await start({ wallClock: () => now, limits: { authFailureBurst: 3, authFailuresPerSecond: 1 } });
    const port = new URL(t.url).port;
    const forged = async (from: string) => {
      const headers = await signSigV4({ ...KEY, secretAccessKey: 'guess' }, 'us-east-1', { method: 'GET', url: new URL(`${t.url}/flows/`) });
      const head = [`GET /flows/ HTTP/1.1`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
      return statuses((await socketExchange(t.url, [head], { localAddress: from, waitMs: 2000, until: (text) => /\r\n\r\n[\s\S]*\}/.test(text) })).text)[0];
    };
    const valid = async (from: string) => {
      const headers = await signSigV4(KEY, 'us-east-1', { method: 'GET', url: new URL(`${t.url}/flows/`) });
      const head = [`GET /flows/ HTTP/1.1`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
      return statuses((await socketExchange(t.url, [head], { localAddress: from, waitMs: 2000, until: (text) => /\r\n\r\n[\s\S]*\}/.test(text) })).text)[0];
    };
    // From 127.0.0.2: three failures spend the address's (and the key ID's) budget; the fourth is throttled.
    expect([await forged('127.0.0.2'), await forged('127.0.0.2'), await forged('127.0.0.2')]).toEqual([403, 403, 403]);
    expect(await forged('127.0.0.2')).toBe(429);
    // That address is throttled even when it signs correctly, until its budget refills...
    expect(await valid('127.0.0.2')).toBe(429);
    // ...but the key itself, valid from elsewhere, is never refused by the forger's failures.
    expect(await valid('127.0.0.3')).toBe(200);
    // Its further failures from another address are throttled (the key ID's budget is spent).
    expect(await forged('127.0.0.4')).toBe(429);
    now += 5000;
    expect(await valid('127.0.0.2')).toBe(200);
    void port;
  });
});
