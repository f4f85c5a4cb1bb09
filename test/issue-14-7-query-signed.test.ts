import { describe, expect, it } from 'vitest';
import { signSigV4 } from '../src/wire/sigv4-signer.js';
import { KEY, raw, seed, signedRaw, testServers } from './server/fixtures.js';

// Issue 14, item 7: the canonical query dropped X-Amz-Signature in any case and wrote a __proto__
// parameter as "[object Object]", so a request could carry parameters its signature did not cover.

const start = testServers();

describe('issue 14, item 7: the query parameters are exactly those signed', () => {
  it('refuses X-Amz-Signature in any case, and __proto__, added to a signed request or signed with it', async () => {
    const t = await start();
    const { flow } = await seed(t.registry);
    const path = `/flows/${flow.id}/aliases`;
    const headers = await signSigV4(KEY, 'us-east-1', { method: 'GET', url: new URL(`${t.url}${path}`) });
    expect((await raw(t.url, { path, headers })).status).toBe(200);
    for (const extra of ['X-Amz-Signature=abc', 'x-amz-signature=abc', 'X-AMZ-SIGNATURE=', '__proto__=x', '__proto__=', 'X-Amz-Credential=a']) {
      const response = await raw(t.url, { path: `${path}?${extra}`, headers });
      expect(response.status, extra).toBe(403);
      expect(response.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    }
    // Signed with them by the SDK's own signer (which signs __proto__ as "[object Object]"): still refused.
    for (const query of ['__proto__=x', 'maxResults=5&x-amz-signature=1']) {
      const response = await signedRaw(t.url, { method: 'GET', path: `${path}?${query}` });
      expect(response.status, query).toBe(403);
    }
  });
});
