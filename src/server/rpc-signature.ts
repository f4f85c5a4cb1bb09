import { createHmac, timingSafeEqual } from 'node:crypto';
import { AccessDeniedException } from '../errors.js';
import type { CredentialStore } from './credentials.js';
import { NonceCache } from './nonces.js';
import type { Params } from './params.js';

/**
 * Alibaba Cloud's RPC signature (SignatureVersion 1.0, HMAC-SHA1) for the CloudFlow protocol:
 * `base64(HMAC-SHA1(secret + "&", METHOD + "&%2F&" + percentEncode(canonicalQuery)))`, where the canonical
 * query is every parameter but `Signature`, sorted by name, each `percentEncode(name)=percentEncode(value)`
 * joined by `&`. Query and form-body parameters are signed together (the clients differ in where they put
 * them). Node's crypto does the HMAC; there is no maintained server-side verifier for this scheme to reuse.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
const NONCE = /^[\x21-\x7e]{1,128}$/;

/** RFC 3986 percent-encoding, as the Alibaba clients apply it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The string an Alibaba RPC client signs for these parameters. */
export function rpcStringToSign(method: string, params: Params): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] as string)}`)
    .join('&');
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function rpcSignature(secret: string, method: string, params: Params): string {
  return createHmac('sha1', `${secret}&`).update(rpcStringToSign(method, params)).digest('base64');
}

function denied(code: string, message: string): AccessDeniedException {
  return new AccessDeniedException(message, { code });
}

function parseTimestamp(value: string | undefined): number {
  const match = value === undefined ? null : TIMESTAMP.exec(value);
  if (match === null) throw denied('InvalidTimeStamp.Format', 'Timestamp must be YYYY-MM-DDThh:mm:ssZ (UTC)');
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, s, match[7] === undefined ? 0 : Number(match[7].slice(1).padEnd(3, '0')));
  const date = new Date(time);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw denied('InvalidTimeStamp.Format', 'Timestamp is not a valid time');
  }
  return time;
}

export interface RpcVerifierOptions {
  readonly clockSkewMs: number;
  readonly maxNonces: number;
  /** Wall-clock milliseconds since the epoch. */
  readonly wallClock: () => number;
}

/** Verifies Alibaba RPC-signed requests; answers the access key ID that signed. */
export class RpcSignatureVerifier {
  private readonly nonces: NonceCache;

  constructor(
    private readonly store: CredentialStore,
    private readonly options: RpcVerifierOptions,
  ) {
    this.nonces = new NonceCache(options.maxNonces);
  }

  verify(method: string, params: Params): string {
    const accessKeyId = params.AccessKeyId;
    const signature = params.Signature;
    const nonce = params.SignatureNonce;
    if (accessKeyId === undefined || signature === undefined || nonce === undefined) {
      throw denied('IncompleteSignature', 'AccessKeyId, Signature, SignatureNonce and Timestamp are required: sign the request');
    }
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
      throw denied('IncompleteSignature', 'only SignatureMethod HMAC-SHA1 with SignatureVersion 1.0 is accepted');
    }
    if (params.SecurityToken !== undefined) {
      throw denied('InvalidSecurityToken', 'temporary credentials (SecurityToken) are not accepted by this server');
    }
    if (!NONCE.test(nonce)) throw denied('IncompleteSignature', 'SignatureNonce must be 1 to 128 printable characters');
    const now = this.options.wallClock();
    const time = parseTimestamp(params.Timestamp);
    if (Math.abs(now - time) > this.options.clockSkewMs) {
      throw denied(
        'InvalidTimeStamp.Expired',
        `Timestamp ${params.Timestamp} is more than ${this.options.clockSkewMs / 1000} s from the server's clock`,
      );
    }
    const secret = this.store.secretFor(accessKeyId);
    if (secret === undefined) throw denied('InvalidAccessKeyId.NotFound', 'the AccessKeyId is not recognised');
    const want = Buffer.from(rpcSignature(secret, method, params));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      throw denied('SignatureDoesNotMatch', 'the request signature does not match: check the AccessKeySecret and the signing method');
    }
    // Only a verified request claims its nonce, so forged requests cannot burn a client's nonces. Until
    // `time + window` the same request would pass the clock check, so that is how long it is remembered.
    if (!this.nonces.claim(`${accessKeyId}\n${nonce}`, time + this.options.clockSkewMs, now)) {
      throw denied('SignatureNonceUsed', 'this SignatureNonce was already used: a request is accepted once');
    }
    return accessKeyId;
  }
}
