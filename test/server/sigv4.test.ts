import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { AccessDeniedException } from '../../test/all-entries.js';
import { CredentialStore } from '../../src/server/credentials.js';
import { emptyParams } from '../../src/server/params.js';
import { SigV4Verifier, plainCanonicalRequest, signerCanonicalRequest, type SignedHttpRequest } from '../../src/server/sigv4.js';
import { loadSignerLibrary, signSigV4 } from '../../src/wire/sigv4-signer.js';

// AWS's published SigV4 test vector "get-vanilla" (Signature Version 4 test suite).
const VANILLA_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const VANILLA_TIME = Date.UTC(2015, 7, 30, 12, 36, 0);
const vanilla = (authorization: string, extra: Record<string, string> = {}): SignedHttpRequest => ({
  method: 'GET',
  rawPath: '/',
  query: emptyParams(),
  headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z', authorization, ...extra },
  body: new Uint8Array(),
});
const VANILLA_AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
  'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

function verifier(now: number, service?: string, skew = 15 * 60_000): SigV4Verifier {
  return new SigV4Verifier(new CredentialStore([VANILLA_KEY]), { clockSkewMs: skew, wallClock: () => now, ...(service ? { service } : {}) });
}

async function denial(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccessDeniedException);
  return (error as Error).message;
}

describe('SigV4Verifier', () => {
  it('accepts the AWS test-suite vector get-vanilla', async () => {
    await expect(verifier(VANILLA_TIME, 'service').verify(vanilla(VANILLA_AUTH))).resolves.toBe('AKIDEXAMPLE');
  });

  it('refuses one changed bit of the signature, a changed header, path or query', async () => {
    const v = verifier(VANILLA_TIME, 'service');
    expect(await denial(v.verify(vanilla(VANILLA_AUTH.replace(/1$/, '0'))))).toMatch(/does not match/);
    expect(await denial(v.verify({ ...vanilla(VANILLA_AUTH), rawPath: '/x' }))).toMatch(/does not match/);
    const query = emptyParams();
    query.a = 'b';
    expect(await denial(v.verify({ ...vanilla(VANILLA_AUTH), query }))).toMatch(/does not match/);
    const moved = vanilla(VANILLA_AUTH);
    expect(await denial(v.verify({ ...moved, headers: { ...moved.headers, host: 'other.example' } }))).toMatch(/does not match/);
  });

  it('accepts the clock-skew window to the second and refuses beyond it, both ways', async () => {
    const skew = 15 * 60_000;
    await expect(verifier(VANILLA_TIME + skew, 'service').verify(vanilla(VANILLA_AUTH))).resolves.toBe('AKIDEXAMPLE');
    await expect(verifier(VANILLA_TIME - skew, 'service').verify(vanilla(VANILLA_AUTH))).resolves.toBe('AKIDEXAMPLE');
    expect(await denial(verifier(VANILLA_TIME + skew + 1, 'service').verify(vanilla(VANILLA_AUTH)))).toMatch(/expired/);
    expect(await denial(verifier(VANILLA_TIME - skew - 1, 'service').verify(vanilla(VANILLA_AUTH)))).toMatch(/expired/);
  });

  it('refuses another service, an unknown key, malformed headers and unsigned required headers', async () => {
    expect(await denial(verifier(VANILLA_TIME).verify(vanilla(VANILLA_AUTH)))).toMatch(/service "service"/);
    const v = verifier(VANILLA_TIME, 'service');
    expect(await denial(v.verify(vanilla(VANILLA_AUTH.replace('AKIDEXAMPLE', 'AKIDOTHER'))))).toMatch(/not recognised/);
    expect(await denial(v.verify(vanilla('')))).toMatch(/missing Authorization/);
    expect(await denial(v.verify(vanilla('Basic abc')))).toMatch(/AWS4-HMAC-SHA256/);
    expect(await denial(v.verify(vanilla(`${VANILLA_AUTH}, Signature=00`)))).toMatch(/malformed/);
    expect(await denial(v.verify(vanilla(VANILLA_AUTH.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date'))))).toMatch(
      /must include host/,
    );
    expect(await denial(v.verify(vanilla(VANILLA_AUTH.replace('/20150830/', '/20150831/'))))).toMatch(/scope date/);
    const noDate = vanilla(VANILLA_AUTH);
    expect(await denial(v.verify({ ...noDate, headers: { ...noDate.headers, 'x-amz-date': '2015-08-30T12:36:00Z' } }))).toMatch(
      /x-amz-date/,
    );
  });

  it('checks x-amz-content-sha256 against the body, refuses UNSIGNED-PAYLOAD and session tokens', async () => {
    const v = verifier(VANILLA_TIME, 'service');
    expect(await denial(v.verify(vanilla(VANILLA_AUTH, { 'x-amz-security-token': 'token' })))).toMatch(/temporary credentials/);
    expect(await denial(v.verify(vanilla(VANILLA_AUTH, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })))).toMatch(/x-amz-content-sha256/);
  });

  it('verifies what signSigV4 (the remote source) signs, including an encoded ARN in the path and a query', async () => {
    const key = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret+/=' };
    const url = new URL(
      `http://127.0.0.1:9/routing/flows/${encodeURIComponent('arn:aws:bedrock:us-east-1:123456789012:flow/ABCDEFGHIJ')}/aliases/live/pick?key=a%20b%2Bc`,
    );
    const headers = await signSigV4(key, 'eu-west-1', { method: 'GET', url });
    const query = emptyParams();
    query.key = 'a b+c';
    const request = { method: 'GET', rawPath: url.pathname, query, headers, body: new Uint8Array() };
    const store = new CredentialStore([key]);
    await expect(new SigV4Verifier(store, { clockSkewMs: 60_000, wallClock: Date.now }).verify(request)).resolves.toBe('AKIDTEST');
  });
});

describe('SigV4Verifier against the AWS SDK signer', () => {
  const KEY = { accessKeyId: 'AKIDPROPERTY', secretAccessKey: 'property-secret/with+odd=chars' };
  const NOW = Date.UTC(2026, 10, 29, 6, 30, 0);
  const segment = fc.stringMatching(/^[A-Za-z0-9._~ %+=:@!$&'()*,;-]{1,12}$/).chain((ascii) => fc.constantFrom(ascii, `${ascii}é`, '.', '..'));
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST', 'DELETE'),
    segments: fc.array(segment, { maxLength: 5 }),
    trailingSlash: fc.boolean(),
    query: fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,8}$/), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
    extra: fc.dictionary(fc.stringMatching(/^x-[a-z]{1,8}$/), fc.stringMatching(/^[ \t]*[!-~]([ !-~\t]{0,16}[!-~])?[ \t]*$/), { maxKeys: 3 }),
    body: fc.uint8Array({ maxLength: 64 }),
    signPayload: fc.boolean(),
  });

  it('accepts every request the SDK signer signs, and refuses it with any signed part changed', async () => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@smithy/core/checksum');
    const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 'bedrock', sha256: Sha256, applyChecksum: false });
    const v = new SigV4Verifier(new CredentialStore([KEY]), { clockSkewMs: 15 * 60_000, wallClock: () => NOW });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = `/${r.segments.map((s) => encodeURIComponent(s)).join('/')}${r.trailingSlash && r.segments.length > 0 ? '/' : ''}`;
        const headers: Record<string, string> = { host: 'router.example:8443', ...r.extra };
        if (r.signPayload) headers['x-amz-content-sha256'] = createHash('sha256').update(r.body).digest('hex');
        const signed = await signer.sign(
          { method: r.method, protocol: 'https:', hostname: 'router.example', path, query: { ...r.query }, headers, body: r.body },
          { signingDate: new Date(NOW) },
        );
        const query = emptyParams();
        for (const [name, value] of Object.entries(r.query)) query[name] = value;
        const sent: SignedHttpRequest = { method: r.method, rawPath: path, query, headers: { ...(signed.headers as Record<string, string>) }, body: r.body };
        await expect(v.verify(sent)).resolves.toBe(KEY.accessKeyId);
        await expect(v.verify({ ...sent, rawPath: `${path}x` })).rejects.toBeInstanceOf(AccessDeniedException);
        await expect(v.verify({ ...sent, method: r.method === 'GET' ? 'PUT' : 'GET' })).rejects.toBeInstanceOf(AccessDeniedException);
        const changedQuery = emptyParams();
        Object.assign(changedQuery, query, { zz: 'added' });
        await expect(v.verify({ ...sent, query: changedQuery })).rejects.toBeInstanceOf(AccessDeniedException);
        await expect(v.verify({ ...sent, headers: { ...sent.headers, host: 'other.example' } })).rejects.toBeInstanceOf(AccessDeniedException);
        await expect(v.verify({ ...sent, body: Uint8Array.from([...r.body, 1]) })).rejects.toBeInstanceOf(AccessDeniedException);
      }),
      { numRuns: 300 },
    );
  });
});

describe('plainCanonicalRequest', () => {
  it("is the signer's canonical request wherever it answers, and answers for the SDK's usual GET", async () => {
    const { canonical } = await loadSignerLibrary();
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[!-~]([!-~]| [!-~]){0,8}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[ \t]{0,2}[!-~]{0,4}([ \t\r\n]{1,3}[!-~]{1,4}){0,2}[ \t]{0,2}$/) },
    );
    const headerName = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('host', 'x-amz-date', 'x-amz-content-sha256', 'content-type') },
      { weight: 1, arbitrary: fc.constantFrom('date', 'authorization') },
      { weight: 2, arbitrary: fc.stringMatching(/^x-[a-z]{1,6}$/) },
    );
    let plain = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST'),
        fc.array(fc.stringMatching(/^[A-Za-z0-9._~%-]{0,8}$/), { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
        fc.dictionary(headerName, value, { minKeys: 1, maxKeys: 5 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.string({ maxLength: 4 }), { maxKeys: 2 }) }),
        (method, rawPath, headers, rawQuery) => {
          const query = emptyParams();
          Object.assign(query, rawQuery);
          const path = canonical.canonicalPath(rawPath);
          const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
          const fast = plainCanonicalRequest(method, path, query, headers, hash);
          if (fast === undefined) return;
          plain++;
          const date = headers['x-amz-date'] ?? '20261129T063000Z';
          const withDate = { ...headers, 'x-amz-date': date };
          const request = { method, rawPath, query, headers: withDate };
          expect(plainCanonicalRequest(method, path, query, withDate, hash)).toBe(
            signerCanonicalRequest(canonical, request, withDate, date, path, new Set(Object.keys(withDate)), undefined, hash),
          );
        },
      ),
      { numRuns: 1000 },
    );
    // The property saw the fast path often enough to mean something.
    expect(plain).toBeGreaterThan(100);
    const usual = { host: 'router.example:8443', 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'x-amz-date': '20261129T063000Z' };
    expect(plainCanonicalRequest('GET', '/routing/flows/f/aliases/a/pick', emptyParams(), usual, usual['x-amz-content-sha256'])).toBeDefined();
  });
});
