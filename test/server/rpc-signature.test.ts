import { describe, expect, it } from 'vitest';
import { AccessDeniedException, ThrottlingException } from '../../test/all-entries.js';
import { CredentialStore } from '../../src/server/credentials.js';
import { NonceLedger } from '../../src/server/nonces.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { emptyParams, type Params } from '../../src/server/params.js';
import { rpcSignature, RpcSignatureVerifier } from '../../src/server/rpc-signature.js';

function params(values: Record<string, string>): Params {
  return Object.assign(emptyParams(), values);
}

// Alibaba Cloud's documented RPC signature example (ECS DescribeRegions, secret "testsecret").
const EXAMPLE = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
};
const EXAMPLE_TIME = Date.UTC(2016, 1, 23, 12, 46, 24);

async function code(verifying: Promise<unknown>): Promise<string> {
  const error = await verifying.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AccessDeniedException);
  return (error as AccessDeniedException).code;
}

describe('Alibaba RPC signature', () => {
  it('reproduces the documented example signature', () => {
    expect(rpcSignature('testsecret', 'GET', params(EXAMPLE))).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  const store = new CredentialStore([{ accessKeyId: 'testid', secretAccessKey: 'testsecret' }]);
  const make = (now: number, maxNoncesPerKey = 10) =>
    new RpcSignatureVerifier(store, {
      clockSkewMs: 15 * 60_000,
      maxFutureSkewMs: 60_000,
      nonces: new NonceLedger(new MemoryStore(), maxNoncesPerKey),
      wallClock: () => now,
    });
  const signed = { ...EXAMPLE, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' };

  it('accepts the example once; the replay is refused with SignatureNonceUsed', async () => {
    const verifier = make(EXAMPLE_TIME);
    expect(await verifier.verify('GET', params(signed))).toBe('testid');
    expect(await code(verifier.verify('GET', params(signed)))).toBe('SignatureNonceUsed');
  });

  it('signs the method: the same parameters POSTed do not verify', async () => {
    expect(await code(make(EXAMPLE_TIME).verify('POST', params(signed)))).toBe('SignatureDoesNotMatch');
  });

  it('refuses a changed parameter, an added one, another secret, an unknown key', async () => {
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, Action: 'DeleteRegions' })))).toBe('SignatureDoesNotMatch');
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, Extra: '1' })))).toBe('SignatureDoesNotMatch');
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, AccessKeyId: 'other' })))).toBe('InvalidAccessKeyId.NotFound');
  });

  it('holds the 15-minute window into the past, one minute into the future, and refuses malformed timestamps', async () => {
    const window = 15 * 60_000;
    expect(await make(EXAMPLE_TIME + window).verify('GET', params(signed))).toBe('testid');
    expect(await make(EXAMPLE_TIME - 60_000).verify('GET', params(signed))).toBe('testid');
    expect(await code(make(EXAMPLE_TIME + window + 1).verify('GET', params(signed)))).toBe('InvalidTimeStamp.Expired');
    expect(await code(make(EXAMPLE_TIME - 60_001).verify('GET', params(signed)))).toBe('InvalidTimeStamp.Expired');
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, Timestamp: '2016-02-30T12:46:24Z' })))).toBe(
      'InvalidTimeStamp.Format',
    );
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, Timestamp: '1456231584' })))).toBe('InvalidTimeStamp.Format');
  });

  it('refuses missing signature parameters, another method or version, and security tokens', async () => {
    const { Signature: _dropped, ...unsigned } = signed;
    expect(await code(make(EXAMPLE_TIME).verify('GET', params(unsigned)))).toBe('IncompleteSignature');
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, SignatureMethod: 'HMAC-SHA256' })))).toBe('IncompleteSignature');
    expect(await code(make(EXAMPLE_TIME).verify('GET', params({ ...signed, SecurityToken: 't' })))).toBe('InvalidSecurityToken');
  });
});

describe('NonceLedger', () => {
  it('refuses with ThrottlingException once a key holds its budget, rather than forget a live nonce; other keys are untouched', async () => {
    const ledger = new NonceLedger(new MemoryStore(), 2);
    expect(await ledger.claim('k1', 'a', 1000, 0)).toBe(true);
    expect(await ledger.claim('k1', 'b', 1000, 0)).toBe(true);
    await expect(ledger.claim('k1', 'c', 1000, 10)).rejects.toThrow(ThrottlingException);
    expect(await ledger.claim('k1', 'a', 1000, 10)).toBe(false);
    expect(await ledger.claim('k2', 'c', 1000, 10)).toBe(true);
    expect(await ledger.claim('k1', 'c', 2000, 1000)).toBe(true);
  });
});
