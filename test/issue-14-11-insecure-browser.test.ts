import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../src/cli/serve-options.js';
import { ValidationException } from '../src/errors.js';
import { raw, testServers } from './server/fixtures.js';

// Issue 14, item 11: --insecure-no-auth could be driven by any web page: a cross-site form POST created a
// flow, and a foreign Host got 200 (DNS rebinding).

const start = testServers();
const FLOW = JSON.stringify({ name: 'evil', executionRoleArn: 'arn:aws:iam::123456789012:role/flows' });
const FORM = 'Action=CreateFlow&Version=2019-03-15&Name=evil&Definition=x&Type=FDL';

describe('issue 14, item 11: a server without auth refuses browsers and foreign host names', () => {
  it('refuses Origin and Sec-Fetch-Site, a foreign Host, and a form post without the RPC signature fields', async () => {
    const t = await start({ insecureNoAuth: true });
    const before = await t.state();
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const [what, response] of [
      ['Origin', await raw(t.url, { method: 'POST', path: '/flows/', body: FLOW, headers: { ...json, origin: 'https://evil.example' } })],
      ['Sec-Fetch-Site', await raw(t.url, { method: 'POST', path: '/flows/', body: FLOW, headers: { ...json, 'sec-fetch-site': 'cross-site' } })],
      ['a foreign Host', await raw(t.url, { method: 'POST', path: '/flows/', body: FLOW, headers: { ...json, host: 'rebind.evil.example:8080' } })],
      ['a form post', await raw(t.url, { method: 'POST', path: '/', body: FORM, headers: form })],
      ['a form post with Origin', await raw(t.url, { method: 'POST', path: '/', body: FORM, headers: { ...form, origin: 'null' } })],
    ] as const) {
      expect(response.status, what).toBe(403);
    }
    expect(await t.state()).toEqual(before);
    // Local tools still work: unsigned, from loopback, by a loopback name.
    expect((await raw(t.url, { method: 'POST', path: '/flows/', body: FLOW, headers: { ...json, host: `localhost:${new URL(t.url).port}` } })).status).toBe(201);
    const signedFields = `${FORM.replace('evil', 'local')}&AccessKeyId=dev&Signature=x&SignatureNonce=1`;
    expect((await raw(t.url, { method: 'POST', path: '/', body: signedFields, headers: form })).status).toBe(200);
  });

  it('serve binds a server without auth to loopback only, unless told otherwise', async () => {
    const error = await parseServeArgs(['--insecure-no-auth', '--host', '0.0.0.0'], {}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).field).toBe('--host');
    expect(await parseServeArgs(['--insecure-no-auth', '--host', '0.0.0.0', '--insecure-allow-remote'], {})).toMatchObject({ host: '0.0.0.0', insecureNoAuth: true });
    expect(await parseServeArgs(['--insecure-no-auth', '--host', '127.0.0.1'], {})).toMatchObject({ insecureNoAuth: true });
  });
});
