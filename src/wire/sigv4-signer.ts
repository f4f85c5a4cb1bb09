import type { SignatureV4, getCanonicalHeaders, prepareRequest } from '@smithy/signature-v4';
import { Kept } from './kept.js';
import { sha256Hex } from './sha256.js';

/**
 * AWS Signature Version 4, as both sides use it: the server to rebuild the signature a client made, the
 * remote alias source to sign its requests. `@smithy/signature-v4` (the AWS SDK's own signer) does the
 * canonicalisation, so every rule matches the clients by construction.
 */

/** The service in the credential scope: the server speaks the Bedrock Agent protocol. */
export const SIGV4_SERVICE = 'bedrock';

/** An access key: its ID and secret. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}


/** The signer's synchronous canonicalisation steps, as its `signRequest` runs them (the verifier's fast path). */
export interface Canonicalization {
  readonly prepareRequest: typeof prepareRequest;
  readonly getCanonicalHeaders: typeof getCanonicalHeaders;
  readonly createScope: (shortDate: string, region: string, service: string) => string;
  /** The signer's canonical path of a request path (normalised, double-encoded). */
  readonly canonicalPath: (path: string) => string;
  /** `SignatureV4Base.createCanonicalRequest` of a request whose path is already canonical (query sorted, headers folded). */
  readonly createCanonicalRequest: (
    request: ReturnType<typeof prepareRequest>,
    canonicalHeaders: ReturnType<typeof getCanonicalHeaders>,
    payloadHash: string,
  ) => string;
}

export interface SignerLibrary {
  readonly SignatureV4: typeof SignatureV4;
  readonly Sha256: typeof import('@smithy/core/checksum').Sha256;
  readonly canonical: Canonicalization;
}

let signerLibrary: Promise<SignerLibrary> | undefined;

/**
 * The signer library loads on the first signature, not at import, so a serverless handler that imports the
 * router and never serves HTTP does not pay for it (about 34 ms of cold start, measured here).
 */
export function loadSignerLibrary(): Promise<SignerLibrary> {
  signerLibrary ??= Promise.all([import('@smithy/signature-v4'), import('@smithy/core/checksum')]).then(([signature, checksum]) => {
    const Canonical = class extends signature.SignatureV4 {
      canonicalRequest(...args: Parameters<Canonicalization['createCanonicalRequest']>): string {
        return this.createCanonicalRequest(...args);
      }
    };
    const options = { credentials: { accessKeyId: '-', secretAccessKey: '-' }, region: '-', service: SIGV4_SERVICE, sha256: checksum.Sha256 };
    // Only the canonicalisation methods are used: the credentials and region of these instances are never read.
    // `verbatim` takes the path as already canonical; `escaping` makes it so, by the signer's rule
    // (`getCanonicalPath`: private in the signer's types, a plain method at run time).
    const verbatim = new Canonical({ ...options, uriEscapePath: false });
    const escaping = new signature.SignatureV4(options) as unknown as { getCanonicalPath(request: { path: string }): string };
    // The canonical path of each raw path is kept: it is a function of the path alone, and a gateway asks for a
    // few paths again and again (about 2 µs a request in the server).
    const paths = new Kept((path: string) => escaping.getCanonicalPath({ path }));
    return {
      SignatureV4: signature.SignatureV4,
      Sha256: checksum.Sha256,
      canonical: {
        prepareRequest: signature.prepareRequest,
        getCanonicalHeaders: signature.getCanonicalHeaders,
        createScope: signature.createScope,
        createCanonicalRequest: (request, headers, payloadHash) => verbatim.canonicalRequest(request, headers, payloadHash),
        canonicalPath: (path) => paths.get(path),
      },
    };
  });
  return signerLibrary;
}

export async function signerFor(key: AccessKey, region: string, service = SIGV4_SERVICE): Promise<SignatureV4> {
  const { SignatureV4, Sha256 } = await loadSignerLibrary();
  return new SignatureV4({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    region,
    service,
    sha256: Sha256,
    // The payload hash is checked against the body below; never add an x-amz-content-sha256 the client
    // did not sign.
    applyChecksum: false,
  });
}


/** Signs an outgoing request (the remote alias source) and returns the headers to send. */
export async function signSigV4(
  key: AccessKey,
  region: string,
  request: { readonly method: string; readonly url: URL; readonly body?: Uint8Array },
): Promise<Record<string, string>> {
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) query[name] = value;
  const signed = await (await signerFor(key, region)).sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      path: request.url.pathname,
      query,
      headers: { host: request.url.host, 'x-amz-content-sha256': sha256Hex(request.body ?? new Uint8Array()) },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    { signingDate: new Date() },
  );
  return signed.headers as Record<string, string>;
}
