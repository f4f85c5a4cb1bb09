import { describe, expect, it } from 'vitest';
import { AccessDeniedException, ThrottlingException } from '../../src/index.js';
import { CredentialStore } from '../../src/server/credentials.js';
import { NonceCache } from '../../src/server/nonces.js';
import { emptyParams, type Params } from '../../src/server/params.js';
import { rpcSignature, RpcSignatureVerifier } from '../../src/server/rpc-signature.js';
import { codeOf } from '../field-of.js';

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

const code = (fn: () => unknown): string => codeOf(fn, AccessDeniedException);

describe('Alibaba RPC signature', () => {
  it('reproduces the documented example signature', () => {
    expect(rpcSignature('testsecret', 'GET', params(EXAMPLE))).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  const store = new CredentialStore([{ accessKeyId: 'testid', secretAccessKey: 'testsecret' }]);
  const make = (now: number, maxNonces = 10) => new RpcSignatureVerifier(store, { clockSkewMs: 15 * 60_000, maxNonces, wallClock: () => now });
  const signed = { ...EXAMPLE, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' };

  it('accepts the example once; the replay is refused with SignatureNonceUsed', () => {
    const verifier = make(EXAMPLE_TIME);
    expect(verifier.verify('GET', params(signed))).toBe('testid');
    expect(code(() => verifier.verify('GET', params(signed)))).toBe('SignatureNonceUsed');
  });

  it('signs the method: the same parameters POSTed do not verify', () => {
    expect(code(() => make(EXAMPLE_TIME).verify('POST', params(signed)))).toBe('SignatureDoesNotMatch');
  });

  it('refuses a changed parameter, an added one, another secret, an unknown key', () => {
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, Action: 'DeleteRegions' })))).toBe('SignatureDoesNotMatch');
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, Extra: '1' })))).toBe('SignatureDoesNotMatch');
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, AccessKeyId: 'other' })))).toBe('InvalidAccessKeyId.NotFound');
  });

  it('holds the 15-minute window both ways and refuses malformed timestamps', () => {
    const window = 15 * 60_000;
    expect(make(EXAMPLE_TIME + window).verify('GET', params(signed))).toBe('testid');
    expect(make(EXAMPLE_TIME - window).verify('GET', params(signed))).toBe('testid');
    expect(code(() => make(EXAMPLE_TIME + window + 1).verify('GET', params(signed)))).toBe('InvalidTimeStamp.Expired');
    expect(code(() => make(EXAMPLE_TIME - window - 1).verify('GET', params(signed)))).toBe('InvalidTimeStamp.Expired');
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, Timestamp: '2016-02-30T12:46:24Z' })))).toBe(
      'InvalidTimeStamp.Format',
    );
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, Timestamp: '1456231584' })))).toBe('InvalidTimeStamp.Format');
  });

  it('refuses missing signature parameters, another method or version, and security tokens', () => {
    const { Signature: _dropped, ...unsigned } = signed;
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params(unsigned)))).toBe('IncompleteSignature');
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, SignatureMethod: 'HMAC-SHA256' })))).toBe('IncompleteSignature');
    expect(code(() => make(EXAMPLE_TIME).verify('GET', params({ ...signed, SecurityToken: 't' })))).toBe('InvalidSecurityToken');
  });
});

describe('NonceCache', () => {
  it('forgets a nonce once its request has expired, and sweeps only when full', () => {
    const cache = new NonceCache(2);
    expect(cache.claim('a', 100, 0)).toBe(true);
    expect(cache.claim('a', 100, 50)).toBe(false);
    expect(cache.claim('a', 200, 100)).toBe(true);
    expect(cache.claim('b', 150, 100)).toBe(true);
    expect(cache.size).toBe(2);
    expect(cache.claim('c', 300, 160)).toBe(true);
    expect(cache.size).toBe(2);
  });

  it('refuses with ThrottlingException rather than forget a live nonce', () => {
    const cache = new NonceCache(2);
    cache.claim('a', 1000, 0);
    cache.claim('b', 1000, 0);
    expect(() => cache.claim('c', 1000, 10)).toThrow(ThrottlingException);
    expect(cache.claim('a', 1000, 10)).toBe(false);
  });
});
