import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SignatureV4 } from '@smithy/signature-v4';
import { AccessDeniedException } from '../errors.js';
import { SIGV4_SERVICE, sha256Hex, signerFor } from '../wire/sigv4-signer.js';
import type { CredentialStore } from './credentials.js';
import type { Params } from './params.js';

/**
 * AWS Signature Version 4 for the Bedrock protocol and the data-plane endpoints. The canonical request is
 * rebuilt by `@smithy/signature-v4`, the signer the AWS SDK itself uses, so every canonicalisation rule
 * (double-encoded path, sorted query, header folding) matches the clients by construction; this module
 * only parses the Authorization header, checks the clock window and the payload hash, and compares the
 * signatures in constant time.
 */

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SIGNED_HEADERS = /^[a-z0-9-]{1,64}(;[a-z0-9-]{1,64}){0,63}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const SCOPE_DATE = /^\d{8}$/;
const REGION = /^[a-z0-9-]{1,32}$/;

/** A request as the verifier needs it: the path exactly as on the request line, the query decoded. */
export interface SignedHttpRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly query: Params;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

interface Authorization {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

function denied(message: string): AccessDeniedException {
  return new AccessDeniedException(message);
}

function parseAuthorization(header: string | undefined): Authorization {
  if (header === undefined || header.length === 0) {
    throw denied('missing Authorization header: sign requests with AWS Signature Version 4 (service "bedrock")');
  }
  if (!header.startsWith(`${ALGORITHM} `)) throw denied(`the Authorization header must use ${ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    const name = item.slice(0, eq);
    if (eq < 0 || fields.has(name) || !['Credential', 'SignedHeaders', 'Signature'].includes(name)) {
      throw denied('the Authorization header is malformed');
    }
    fields.set(name, item.slice(eq + 1));
  }
  const credential = (fields.get('Credential') ?? '').split('/');
  const signedHeaders = fields.get('SignedHeaders') ?? '';
  const signature = fields.get('Signature') ?? '';
  const [accessKeyId = '', scopeDate = '', region = '', service = '', terminator = ''] = credential;
  if (credential.length !== 5 || terminator !== 'aws4_request' || !SCOPE_DATE.test(scopeDate) || !REGION.test(region)) {
    throw denied('the Authorization header has a malformed Credential scope');
  }
  if (!SIGNED_HEADERS.test(signedHeaders)) throw denied('the Authorization header has malformed SignedHeaders');
  if (!SIGNATURE.test(signature)) throw denied('the Authorization header has a malformed Signature');
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

function parseAmzDate(value: unknown): Date {
  const match = typeof value === 'string' ? AMZ_DATE.exec(value) : null;
  if (match === null) throw denied('missing or malformed x-amz-date header (expected YYYYMMDDTHHMMSSZ)');
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw denied('the x-amz-date header is not a valid time');
  }
  return date;
}


function signatureOf(authorization: unknown): Buffer {
  const text = typeof authorization === 'string' ? authorization : '';
  return Buffer.from(text.slice(text.lastIndexOf('Signature=') + 'Signature='.length), 'hex');
}

export interface SigV4VerifierOptions {
  readonly clockSkewMs: number;
  /** The service the credential scope must name. Default `bedrock`. */
  readonly service?: string;
  /** Wall-clock milliseconds since the epoch. */
  readonly wallClock: () => number;
}

/** Verifies SigV4-signed requests against a credential store; answers the access key ID that signed. */
export class SigV4Verifier {
  /** One signer per access key (bounded by the store); it caches derived signing keys per day and region. */
  private readonly signers = new Map<string, SignatureV4>();

  constructor(
    private readonly store: CredentialStore,
    private readonly options: SigV4VerifierOptions,
  ) {}

  async verify(request: SignedHttpRequest): Promise<string> {
    const headers = request.headers;
    const auth = parseAuthorization(headers.authorization);
    const service = this.options.service ?? SIGV4_SERVICE;
    if (auth.service !== service) {
      throw denied(`the credential scope names service "${auth.service}"; this server accepts "${service}"`);
    }
    const signingDate = parseAmzDate(headers['x-amz-date']);
    const amzDate = headers['x-amz-date'] as string;
    if (amzDate.slice(0, 8) !== auth.scopeDate) throw denied('the credential scope date does not match x-amz-date');
    const skew = Math.abs(this.options.wallClock() - signingDate.getTime());
    if (skew > this.options.clockSkewMs) {
      throw denied(
        `signature expired: x-amz-date ${amzDate} is more than ${this.options.clockSkewMs / 1000} s from the server's clock`,
      );
    }
    const secret = this.store.secretFor(auth.accessKeyId);
    if (secret === undefined) throw denied('the access key ID is not recognised');
    if (headers['x-amz-security-token'] !== undefined) {
      throw denied('temporary credentials (x-amz-security-token) are not accepted by this server');
    }
    if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date')) {
      throw denied('SignedHeaders must include host and x-amz-date');
    }
    const signedHeaderValues: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const name of auth.signedHeaders) {
      const value = headers[name];
      if (value === undefined) throw denied(`signed header ${name} is missing from the request`);
      signedHeaderValues[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const declaredHash = headers['x-amz-content-sha256'];
    if (declaredHash !== undefined && declaredHash !== sha256Hex(request.body)) {
      throw denied('x-amz-content-sha256 does not match the request body (unsigned payloads are not accepted)');
    }
    let signer = this.signers.get(auth.accessKeyId);
    if (signer === undefined) {
      signer = await signerFor({ accessKeyId: auth.accessKeyId, secretAccessKey: secret }, auth.region, service);
      this.signers.set(auth.accessKeyId, signer);
    }
    const expected = await signer.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: signedHeaderValues.host ?? '',
        path: request.rawPath,
        query: { ...request.query },
        headers: signedHeaderValues,
        body: request.body,
      },
      {
        signingDate,
        signingRegion: auth.region,
        signingService: service,
        signableHeaders: new Set(auth.signedHeaders),
      },
    );
    const want = signatureOf(expected.headers.authorization);
    const got = Buffer.from(auth.signature, 'hex');
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      throw denied('the request signature does not match: check the secret access key and the signing method');
    }
    return auth.accessKeyId;
  }
}
