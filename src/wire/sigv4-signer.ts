import type { SignatureV4 } from '@smithy/signature-v4';
import { nodeCrypto } from './builtins.js';

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

export function sha256Hex(body: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(body).digest('hex');
}

interface SignerLibrary {
  readonly SignatureV4: typeof SignatureV4;
  readonly Sha256: typeof import('@smithy/core/checksum').Sha256;
}

let signerLibrary: Promise<SignerLibrary> | undefined;

/**
 * The signer library loads on the first signature, not at import, so a serverless handler that imports the
 * router and never serves HTTP does not pay for it (about 34 ms of cold start, measured here).
 */
function loadSignerLibrary(): Promise<SignerLibrary> {
  signerLibrary ??= Promise.all([import('@smithy/signature-v4'), import('@smithy/core/checksum')]).then(
    ([signature, checksum]) => ({ SignatureV4: signature.SignatureV4, Sha256: checksum.Sha256 }),
  );
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
