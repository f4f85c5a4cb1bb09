import { describe, expect, it } from 'vitest';
import { emptyParams } from '../src/server/params.js';
import { rpcSignature } from '../src/server/rpc-signature.js';
import { KEY, raw, seed, testServers, type RawResponse } from './server/fixtures.js';

// Issue 14, item 10: one key could lock every key out for 30 minutes by filling the shared nonce table with
// timestamps 15 minutes ahead.

const start = testServers();
const OTHER = { accessKeyId: 'AKIDTEST0002', secretAccessKey: 'another-secret-0002' };

function describeAlias(url: string, key: typeof KEY, at: number): Promise<RawResponse> {
  const params = Object.assign(emptyParams(), {
    Action: 'DescribeFlowAlias',
    Version: '2019-03-15',
    Format: 'JSON',
    AccessKeyId: key.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: crypto.randomUUID(),
    Timestamp: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    FlowName: 'checkout',
    Name: 'live',
  });
  params.Signature = rpcSignature(key.secretAccessKey, 'GET', params);
  return raw(url, { path: `/?${new URLSearchParams(params).toString()}` });
}

describe('issue 14, item 10: the nonce budget is per access key, and timestamps may be only a little ahead', () => {
  it('refuses a Timestamp more than a minute ahead, and accepts one a few seconds ahead', async () => {
    const t = await start({ credentials: [KEY, OTHER] });
    await seed(t.registry);
    const ahead = await describeAlias(t.url, KEY, Date.now() + 14 * 60_000);
    expect(ahead.status).toBe(403);
    expect(ahead.json.Code).toBe('InvalidTimeStamp.Expired');
    expect((await describeAlias(t.url, KEY, Date.now() + 5_000)).status).toBe(200);
  });

  it("spends one key's budget without refusing another key", async () => {
    // Before the fix the budget was shared by every key (maxNonces); an unknown limit is now refused.
    const t = await start({ credentials: [KEY, OTHER], limits: { maxNoncesPerKey: 5 } });
    await seed(t.registry);
    const now = Date.now();
    for (let i = 0; i < 5; i++) expect((await describeAlias(t.url, KEY, now)).status).toBe(200);
    const spent = await describeAlias(t.url, KEY, now);
    expect(spent.status).toBe(429);
    expect(spent.json.Code).toBe('Throttling');
    for (let i = 0; i < 5; i++) expect((await describeAlias(t.url, OTHER, now)).status).toBe(200);
  });
});
