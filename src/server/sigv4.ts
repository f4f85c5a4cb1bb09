import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AccessDeniedException } from '../errors.js';
import { SIGV4_SERVICE, loadSignerLibrary, type Canonicalization } from '../wire/sigv4-signer.js';
import { sha256Hex } from '../wire/sha256.js';
import type { CredentialStore } from './credentials.js';
import { HmacSha256, constantTimeEqual } from './hmac-sha256.js';
import type { Params } from './params.js';

/**
 * AWS Signature Version 4 for the Bedrock protocol and the data-plane endpoints. The canonical request is
 * rebuilt by `@smithy/signature-v4`'s own steps (`prepareRequest`, `getCanonicalHeaders`,
 * `createCanonicalRequest`: the signer the AWS SDK itself uses), so every canonicalisation rule
 * (double-encoded path, sorted query, header folding) matches the clients by construction; the canonical
 * path of each raw path is kept (a gateway asks for a few paths again and again). The hashing around them is
 * synchronous, one-shot SHA-256 (src/server/hmac-sha256.ts) with the signing key derived once per key, day,
 * region and service: the signer's own `sign()` awaits each of its five HMACs and re-derives a cache key with
 * one more, which made verification two thirds of a signed pick's cost (docs/server.md, Throughput).
 * A property in test/server/sigv4.test.ts checks it accepts what `sign()` signs on generated requests.
 * This module also parses the Authorization header, checks the clock window and the payload hash, and
 * compares the signatures in constant time.
 */

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SIGNED_HEADERS = /^[a-z0-9-]{1,64}(;[a-z0-9-]{1,64}){0,63}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const SCOPE_DATE = /^\d{8}$/;
const REGION = /^[a-z0-9-]{1,32}$/;
const PAYLOAD_HASH = /^[0-9a-f]{64}$/;
/**
 * The Authorization header exactly as the AWS SDK writes it (fields in its order, one space after each comma):
 * parsed by one match, where the general parser below took an eighth of a verification's time. Anything else
 * (another order, other spacing, a malformed field) goes to the general parser, which gives the same fields
 * for every header this matches, and names what is wrong with the others.
 */
const SDK_AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/, ]+)\/(\d{8})\/([a-z0-9-]{1,32})\/([^/, ]+)\/aws4_request, SignedHeaders=([a-z0-9-]{1,64}(?:;[a-z0-9-]{1,64}){0,63}), Signature=([0-9a-f]{64})$/;
/** Derived signing keys kept (an access key needs one per day, region and service); all are dropped past it. */
const MAX_SIGNING_KEYS = 1024;
/** Query names the SDK signer would not sign as sent: its own signature parameter (any case), and a prototype key. */
const UNSIGNABLE_QUERY = /^(x-amz-.*|__proto__)$/i;

/** A request's head as the verifier needs it: the path exactly as on the request line, the query decoded. */
export interface SignedHttpHead {
  readonly method: string;
  readonly rawPath: string;
  readonly query: Params;
  readonly headers: IncomingHttpHeaders;
}

/** A whole request: its head and its body. */
export interface SignedHttpRequest extends SignedHttpHead {
  readonly body: Uint8Array;
}

/**
 * What the head of a request proved. `payloadHash`: the signature covers the `x-amz-content-sha256` header,
 * so the whole signature was verified before any body byte was read, and the body must hash to it.
 * Otherwise the signature covers the body itself: `finish(body)` verifies it once the body is read.
 */
export type SigV4Head =
  | { readonly accessKeyId: string; readonly payloadHash: string }
  | { readonly accessKeyId: string; readonly payloadHash?: undefined; finish(body: Uint8Array): Promise<void> };

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
  const sdk = SDK_AUTHORIZATION.exec(header);
  if (sdk !== null) {
    const [, accessKeyId = '', scopeDate = '', region = '', service = '', signedHeaders = '', signature = ''] = sdk;
    return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
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

/** The last x-amz-date parsed and its time: a client's requests within one second carry the same one. */
let lastAmzDate = '';
let lastAmzTime = 0;

/** The time (ms since the epoch) an x-amz-date header names. */
function amzDateTime(value: string | undefined): number {
  if (value === lastAmzDate) return lastAmzTime;
  const match = typeof value === 'string' ? AMZ_DATE.exec(value) : null;
  if (match === null) throw denied('missing or malformed x-amz-date header (expected YYYYMMDDTHHMMSSZ)');
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw denied('the x-amz-date header is not a valid time');
  }
  lastAmzDate = value as string;
  lastAmzTime = date.getTime();
  return lastAmzTime;
}


function payloadMismatch(): AccessDeniedException {
  return denied('x-amz-content-sha256 does not match the request body (unsigned payloads are not accepted)');
}

/** A header's value if the request has it as an own property (a repeated header joined with commas). */
function ownHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  if (!Object.hasOwn(headers, name)) return undefined;
  const value: unknown = headers[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join(',') : undefined;
}

const EMPTY = new Uint8Array(0);

/** A header value the signer's folding (CR and LF to spaces, runs of spaces and tabs to one, one space trimmed) leaves as it is. */
const FOLDED = /[\r\n\t]| {2}|^ | $/;
/** Headers the signer's prepareRequest drops before it signs (it sets x-amz-date again from the signing date). */
const GENERATED = /^(authorization|date)$/;

/**
 * The canonical request of the common case, written straight out: no query, no signed header the signer would
 * drop, every signed value already folded. For exactly these requests it is the string the signer's
 * `createCanonicalRequest` builds (test/server/sigv4.test.ts checks it on generated requests); anything else
 * answers undefined and goes through the signer's own steps. About 3 µs a request less in the server.
 */
export function plainCanonicalRequest(
  method: string,
  canonicalPath: string,
  query: Params,
  headers: Readonly<Record<string, string>>,
  payloadHash: string,
): string | undefined {
  for (const name in query) if (Object.hasOwn(query, name)) return undefined;
  const names = Object.keys(headers).sort();
  let lines = '';
  for (const name of names) {
    const value = headers[name] as string;
    if (GENERATED.test(name) || FOLDED.test(value)) return undefined;
    lines += `${name}:${value}\n`;
  }
  return `${method}\n${canonicalPath}\n\n${lines}\n${names.join(';')}\n${payloadHash}`;
}

/** The canonical request by the signer's own steps, in the order of its signRequest (docs above). */
export function signerCanonicalRequest(
  canonical: Canonicalization,
  request: SignedHttpHead,
  signedHeaderValues: Record<string, string>,
  amzDate: string,
  canonicalPath: string,
  signable: Set<string>,
  body: Uint8Array | undefined,
  payloadHash: string,
): string {
  const prepared = canonical.prepareRequest({
    method: request.method,
    protocol: 'http:',
    hostname: signedHeaderValues.host ?? '',
    path: request.rawPath,
    query: Object.assign(Object.create(null) as Params, request.query),
    headers: signedHeaderValues,
    ...(body === undefined ? {} : { body }),
  });
  prepared.headers['x-amz-date'] = amzDate;
  prepared.path = canonicalPath;
  return canonical.createCanonicalRequest(prepared, canonical.getCanonicalHeaders(prepared, undefined, signable), payloadHash);
}

export interface SigV4VerifierOptions {
  readonly clockSkewMs: number;
  /** The region the credential scope must name (this deployment's); undefined accepts any. */
  readonly region?: string;
  /** The service the credential scope must name. Default `bedrock`. */
  readonly service?: string;
  /** Wall-clock milliseconds since the epoch. */
  readonly wallClock: () => number;
}

interface SigningKey {
  readonly secret: string;
  readonly key: HmacSha256;
}

/** Verifies SigV4-signed requests against a credential store; answers the access key ID that signed. */
export class SigV4Verifier {
  private canonical: Canonicalization | undefined;
  /** By access key, scope date, region and service; a rotated secret derives a new key. */
  private readonly signingKeys = new Map<string, SigningKey>();

  constructor(
    private readonly store: CredentialStore,
    private readonly options: SigV4VerifierOptions,
  ) {}

  /** Verifies a whole request at once (head, then body); answers the access key ID that signed. */
  async verify(request: SignedHttpRequest): Promise<string> {
    const head = await this.verifyHead(request);
    if (head.payloadHash !== undefined) {
      if (sha256Hex(request.body) !== head.payloadHash) throw payloadMismatch();
    } else {
      await head.finish(request.body);
    }
    return head.accessKeyId;
  }

  /**
   * Checks everything the head of a request carries, before its body is read: the Authorization header,
   * the clock window, the scope's service and region, the key, the signed headers and the query. When the
   * signature covers `x-amz-content-sha256` (the AWS SDK and `HttpAliasSource` sign it), the whole signature
   * is verified here and the body must then hash to the signed value. Synchronous (it throws) once the
   * signer's canonicalisation is loaded, which the first request does: a promise costs every signed request
   * a turn of the microtask queue.
   */
  verifyHead(request: SignedHttpHead): SigV4Head | Promise<SigV4Head> {
    const canonical = this.canonical;
    if (canonical !== undefined) return this.checkHead(request, canonical);
    return loadSignerLibrary().then((library) => this.checkHead(request, (this.canonical = library.canonical)));
  }

  private checkHead(request: SignedHttpHead, canonical: Canonicalization): SigV4Head {
    const headers = request.headers;
    const auth = parseAuthorization(ownHeader(headers, 'authorization'));
    const service = this.options.service ?? SIGV4_SERVICE;
    if (auth.service !== service) {
      throw denied(`the credential scope names service "${auth.service}"; this server accepts "${service}"`);
    }
    const region = this.options.region;
    if (region !== undefined && auth.region !== region) {
      throw denied(`the credential scope names region "${auth.region}"; this server is in "${region}"`);
    }
    const amzDate = ownHeader(headers, 'x-amz-date');
    const signingTime = amzDateTime(amzDate);
    if (!(amzDate as string).startsWith(auth.scopeDate)) throw denied('the credential scope date does not match x-amz-date');
    const skew = Math.abs(this.options.wallClock() - signingTime);
    if (skew > this.options.clockSkewMs) {
      throw denied(
        `signature expired: x-amz-date ${amzDate as string} is more than ${this.options.clockSkewMs / 1000} s from the server's clock`,
      );
    }
    const secret = this.store.secretFor(auth.accessKeyId);
    if (secret === undefined) throw denied('the access key ID is not recognised');
    if (Object.hasOwn(headers, 'x-amz-security-token')) {
      throw denied('temporary credentials (x-amz-security-token) are not accepted by this server');
    }
    if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date')) {
      throw denied('SignedHeaders must include host and x-amz-date');
    }
    for (const name of Object.keys(request.query)) {
      // The signer skips X-Amz-Signature in any case and writes __proto__ as "[object Object]": a request
      // carrying either would run with parameters its signature does not cover.
      if (UNSIGNABLE_QUERY.test(name)) throw denied(`query parameter ${JSON.stringify(name.slice(0, 64))} cannot be signed: it is not accepted`);
    }
    // Own properties only: a signed header named "constructor" must not read Object.prototype.constructor.
    const signedHeaderValues: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const name of auth.signedHeaders) {
      const value = ownHeader(headers, name);
      if (value === undefined) throw denied(`signed header ${name} is missing from the request`);
      signedHeaderValues[name] = value;
    }
    const signingKey = this.signingKey(secret, auth, service);
    const check = (body: Uint8Array | undefined): void => {
      const payloadHash = signedHeaderValues['x-amz-content-sha256'] ?? sha256Hex(body ?? EMPTY);
      const canonicalPath = canonical.canonicalPath(request.rawPath);
      const canonicalRequest =
        plainCanonicalRequest(request.method, canonicalPath, request.query, signedHeaderValues, payloadHash) ??
        signerCanonicalRequest(canonical, request, signedHeaderValues, amzDate as string, canonicalPath, new Set(auth.signedHeaders), body, payloadHash);
      const scope = canonical.createScope(auth.scopeDate, auth.region, service);
      const stringToSign = `${ALGORITHM}\n${amzDate as string}\n${scope}\n${sha256Hex(canonicalRequest)}`;
      // Both are 64 lowercase hex digits (the Signature was checked by its pattern).
      if (!constantTimeEqual(signingKey.hex(stringToSign), auth.signature)) {
        throw denied('the request signature does not match: check the secret access key and the signing method');
      }
    };
    const signedHash = signedHeaderValues['x-amz-content-sha256'];
    if (signedHash !== undefined) {
      if (!PAYLOAD_HASH.test(signedHash)) throw denied('x-amz-content-sha256 must be the SHA-256 of the body (unsigned payloads are not accepted)');
      // The signer takes the payload hash from the signed header: no body is needed to verify.
      check(undefined);
      return { accessKeyId: auth.accessKeyId, payloadHash: signedHash };
    }
    const unsignedHash = ownHeader(headers, 'x-amz-content-sha256');
    return {
      accessKeyId: auth.accessKeyId,
      async finish(body) {
        if (unsignedHash !== undefined && unsignedHash !== sha256Hex(body)) throw payloadMismatch();
        check(body);
      },
    };
  }

  /** kSigning of the SigV4 key derivation (four HMACs), once per access key, day, region and service. */
  private signingKey(secret: string, auth: Authorization, service: string): HmacSha256 {
    const id = `${auth.accessKeyId}\n${auth.scopeDate}\n${auth.region}\n${service}`;
    const cached = this.signingKeys.get(id);
    if (cached !== undefined && cached.secret === secret) return cached.key;
    let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(auth.scopeDate).digest();
    for (const part of [auth.region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    if (this.signingKeys.size >= MAX_SIGNING_KEYS) this.signingKeys.clear();
    const mac = new HmacSha256(key);
    this.signingKeys.set(id, { secret, key: mac });
    return mac;
  }
}
