import { createHmac, timingSafeEqual } from 'node:crypto';
import { AccessDeniedException } from '../errors.js';
import type { CredentialStore } from './credentials.js';
import type { NonceLedger } from './nonces.js';
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
  /** How far in the past a Timestamp may be (and how long its nonce is held after it). */
  readonly clockSkewMs: number;
  /** How far ahead of the server's clock a Timestamp may be: small, so a nonce is never held much past the window. */
  readonly maxFutureSkewMs: number;
  /** Where nonces are claimed: the registry's store, shared by every replica and kept across restarts. */
  readonly nonces: NonceLedger;
  /** Wall-clock milliseconds since the epoch. */
  readonly wallClock: () => number;
}

/** The signature fields of a request, checked for form, time and key: what can be known without its body. */
interface Claimed {
  readonly accessKeyId: string;
  readonly signature: string;
  readonly nonce: string;
  readonly time: number;
  readonly secret: string;
}

/** Verifies Alibaba RPC-signed requests; answers the access key ID that signed. */
export class RpcSignatureVerifier {
  constructor(
    private readonly store: CredentialStore,
    private readonly options: RpcVerifierOptions,
  ) {}

  /**
   * Checks the signature fields that have arrived, without the HMAC (it needs every parameter): run on the
   * query and the first bytes of a large body before the rest is read. The clients sort their parameters
   * (pop-core) or put the signature fields in the query (openapi), so `AccessKeyId` is there and must name
   * a known key; the other fields are checked when they are there.
   */
  precheck(params: Params): void {
    const accessKeyId = own(params, 'AccessKeyId');
    if (accessKeyId === undefined) {
      throw denied('IncompleteSignature', 'AccessKeyId must come before a large body: in the query or first in the form');
    }
    if (this.store.secretFor(accessKeyId) === undefined) throw denied('InvalidAccessKeyId.NotFound', 'the AccessKeyId is not recognised');
    if (own(params, 'SecurityToken') !== undefined) {
      throw denied('InvalidSecurityToken', 'temporary credentials (SecurityToken) are not accepted by this server');
    }
    const method = own(params, 'SignatureMethod');
    const version = own(params, 'SignatureVersion');
    if ((method !== undefined && method !== 'HMAC-SHA1') || (version !== undefined && version !== '1.0')) {
      throw denied('IncompleteSignature', 'only SignatureMethod HMAC-SHA1 with SignatureVersion 1.0 is accepted');
    }
    if (own(params, 'Timestamp') !== undefined) this.checkTime(own(params, 'Timestamp'));
  }

  async verify(method: string, params: Params): Promise<string> {
    const { accessKeyId, signature, nonce, time, secret } = this.claimed(params);
    const want = Buffer.from(rpcSignature(secret, method, params));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      throw denied('SignatureDoesNotMatch', 'the request signature does not match: check the AccessKeySecret and the signing method');
    }
    // Only a verified request claims its nonce, so forged requests cannot burn a client's nonces. Until
    // `time + window` the same request would pass the clock check, so that is how long it is held.
    if (!(await this.options.nonces.claim(accessKeyId, nonce, time + this.options.clockSkewMs, this.options.wallClock()))) {
      throw denied('SignatureNonceUsed', 'this SignatureNonce was already used: a request is accepted once');
    }
    return accessKeyId;
  }

  private claimed(params: Params): Claimed {
    const accessKeyId = own(params, 'AccessKeyId');
    const signature = own(params, 'Signature');
    const nonce = own(params, 'SignatureNonce');
    if (accessKeyId === undefined || signature === undefined || nonce === undefined) {
      throw denied('IncompleteSignature', 'AccessKeyId, Signature, SignatureNonce and Timestamp are required: sign the request');
    }
    if (own(params, 'SignatureMethod') !== 'HMAC-SHA1' || own(params, 'SignatureVersion') !== '1.0') {
      throw denied('IncompleteSignature', 'only SignatureMethod HMAC-SHA1 with SignatureVersion 1.0 is accepted');
    }
    if (own(params, 'SecurityToken') !== undefined) {
      throw denied('InvalidSecurityToken', 'temporary credentials (SecurityToken) are not accepted by this server');
    }
    if (!NONCE.test(nonce)) throw denied('IncompleteSignature', 'SignatureNonce must be 1 to 128 printable characters');
    const time = this.checkTime(own(params, 'Timestamp'));
    const secret = this.store.secretFor(accessKeyId);
    if (secret === undefined) throw denied('InvalidAccessKeyId.NotFound', 'the AccessKeyId is not recognised');
    return { accessKeyId, signature, nonce, time, secret };
  }

  /** The Timestamp's time, if it is well formed and inside the window (15 minutes back, a small bound ahead). */
  private checkTime(timestamp: string | undefined): number {
    const now = this.options.wallClock();
    const time = parseTimestamp(timestamp);
    if (now - time > this.options.clockSkewMs) {
      throw denied(
        'InvalidTimeStamp.Expired',
        `Timestamp ${timestamp as string} is more than ${this.options.clockSkewMs / 1000} s before the server's clock`,
      );
    }
    if (time - now > this.options.maxFutureSkewMs) {
      throw denied(
        'InvalidTimeStamp.Expired',
        `Timestamp ${timestamp as string} is more than ${this.options.maxFutureSkewMs / 1000} s ahead of the server's clock`,
      );
    }
    return time;
  }
}

function own(params: Params, name: string): string | undefined {
  return Object.hasOwn(params, name) ? params[name] : undefined;
}
