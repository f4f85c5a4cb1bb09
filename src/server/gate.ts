import type { IncomingHttpHeaders } from 'node:http';
import { AccessDeniedException, FlowAliasRouterException, ThrottlingException, ValidationException } from '../errors.js';
import type { RegistryStore } from '../stores/store.js';
import { CredentialStore, type AccessKey } from './credentials.js';
import { MAX_RATE_LIMITED_CLIENTS, type RateLimit, type ServerLimits } from './limits.js';
import { NonceLedger } from './nonces.js';
import type { Params } from './params.js';
import { RateLimiter } from './rate-limit.js';
import { RpcSignatureVerifier } from './rpc-signature.js';
import { SigV4Verifier, type SigV4Head, type SignedHttpHead } from './sigv4.js';
import { sha256Hex } from '../wire/sha256.js';

export interface GateOptions {
  readonly credentials: readonly AccessKey[] | undefined;
  readonly insecureNoAuth: boolean;
  readonly limits: ServerLimits;
  readonly rateLimit: RateLimit | false;
  /** Wall-clock milliseconds since the epoch. */
  readonly wallClock: () => number;
  /** Where CloudFlow nonces are held: the registry's store. */
  readonly store: RegistryStore;
  /** The region SigV4 scopes must name; undefined accepts any. */
  readonly region: string | undefined;
  /** The names a request's `Host` may carry (port aside, lower case); undefined accepts any. */
  readonly hostNames: ReadonlySet<string> | undefined;
  /** Told one line per refused authentication (never a stack trace). */
  readonly onRefusal: ((line: string) => void) | undefined;
}

/** What the gate let through before the body: how much body may be read, and what to check once it is. */
export interface Admission {
  readonly maxBodyBytes: number;
  /** Verifies what needed the body and charges the rate limit: synchronous when nothing is left to await. */
  finish(body: Uint8Array): void | Promise<void>;
}

/** SigV4's Credential key ID, for failure accounting only (the verifier parses the header properly). */
const SIGV4_KEY_ID = /Credential=([A-Za-z0-9._-]{1,128})\//;
/** Headers browsers send (Node's fetch sends Sec-Fetch-Mode, never these): a web page is driving the request. */
const BROWSER_HEADERS = ['origin', 'sec-fetch-site'];
/** The fields every CloudFlow client sends; without auth they are not verified, but a form post lacks them. */
const RPC_FIELDS = ['AccessKeyId', 'Signature', 'SignatureNonce'];

/** `Host` without its port, lower case: `[::1]:8080` → `::1`, `Example.COM:80` → `example.com`. */
export function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\](:\d*)?$/.exec(host);
  if (bracketed !== null) return (bracketed[1] as string).toLowerCase();
  const colon = host.indexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

function clientOf(remoteAddress: string | undefined): string {
  return remoteAddress ?? 'unknown';
}

/**
 * Every request passes here before it can read or change anything. First what needs no credentials: the
 * `Host` is one of this deployment's names, a browser is not driving an unauthenticated server, and the
 * client address is not throttled for failed authentications. Then the signature (SigV4 or Alibaba RPC,
 * against the same keys): as much of it as the head allows before the body is read, the rest after. Then
 * the access key takes a token from the rate limiter. With `insecureNoAuth` nothing is verified and the
 * limiter keys on the client address.
 *
 * A refused authentication costs its address (and, when the key ID is known, that key ID) a token of the
 * failure budget. An address out of budget is refused before its signature is checked; a key ID out of
 * budget only turns its further failures into 429, so a forger can never lock a valid key out.
 */
export class Gate {
  private readonly sigv4Verifier: SigV4Verifier | undefined;
  private readonly rpcVerifier: RpcSignatureVerifier | undefined;
  private readonly credentials: CredentialStore | undefined;
  private readonly limiter: RateLimiter | undefined;
  private readonly failures: RateLimiter;
  private readonly limits: ServerLimits;
  private readonly insecureNoAuth: boolean;
  private readonly hostNames: ReadonlySet<string> | undefined;
  private readonly onRefusal: ((line: string) => void) | undefined;

  constructor(options: GateOptions) {
    this.limits = options.limits;
    this.insecureNoAuth = options.insecureNoAuth;
    this.hostNames = options.hostNames;
    this.onRefusal = options.onRefusal;
    if (options.insecureNoAuth) {
      this.sigv4Verifier = undefined;
      this.rpcVerifier = undefined;
      this.credentials = undefined;
    } else {
      if (options.credentials === undefined) {
        throw new ValidationException('credentials', 'are required unless insecureNoAuth is set (local development only)');
      }
      const store = new CredentialStore(options.credentials);
      const { clockSkewMs, maxFutureSkewMs, maxNoncesPerKey } = options.limits;
      this.credentials = store;
      this.sigv4Verifier = new SigV4Verifier(store, {
        clockSkewMs,
        wallClock: options.wallClock,
        ...(options.region === undefined ? {} : { region: options.region }),
      });
      this.rpcVerifier = new RpcSignatureVerifier(store, {
        clockSkewMs,
        maxFutureSkewMs,
        nonces: new NonceLedger(options.store, maxNoncesPerKey),
        wallClock: options.wallClock,
      });
    }
    this.limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit, MAX_RATE_LIMITED_CLIENTS, options.wallClock);
    this.failures = new RateLimiter(
      { requestsPerSecond: options.limits.authFailuresPerSecond, burst: options.limits.authFailureBurst },
      MAX_RATE_LIMITED_CLIENTS,
      options.wallClock,
    );
  }

  /** The body cap while nothing is verified: the full cap on a server without auth, the low one otherwise. */
  get unauthenticatedBodyBytes(): number {
    const { maxBodyBytes, maxUnauthenticatedBodyBytes } = this.limits;
    return this.insecureNoAuth ? maxBodyBytes : Math.min(maxBodyBytes, maxUnauthenticatedBodyBytes);
  }

  /** The checks that need no credentials, for every request, before anything else is read. */
  door(headers: IncomingHttpHeaders, remoteAddress: string | undefined): void {
    const client = clientOf(remoteAddress);
    if (this.hostNames !== undefined) {
      const host = Object.hasOwn(headers, 'host') ? headers.host : undefined;
      if (host === undefined || !this.hostNames.has(hostName(host))) {
        throw this.refuse(
          new AccessDeniedException(`Host ${JSON.stringify((host ?? '').slice(0, 64))} is not a name of this server`),
          client,
          undefined,
        );
      }
    }
    if (this.insecureNoAuth) {
      const browser = BROWSER_HEADERS.find((name) => Object.hasOwn(headers, name));
      if (browser !== undefined) {
        throw this.refuse(new AccessDeniedException(`a browser request (${browser}) is refused by a server without auth`), client, undefined);
      }
      return;
    }
    if (!this.failures.has(`address ${client}`)) {
      throw this.refuse(new ThrottlingException('too many failed authentications from this address; retry later'), client, undefined);
    }
  }

  /**
   * SigV4 (the Bedrock protocol and the data plane): the head checked before the body is read. Synchronous
   * (it throws) once the verifier has the signer's canonicalisation, and so is `finish` when the signature
   * covered the payload hash: a signed GET then runs without one await (docs/server.md, Throughput).
   */
  sigv4(head: SignedHttpHead, remoteAddress: string | undefined): Admission | Promise<Admission> {
    const client = clientOf(remoteAddress);
    const verifier = this.sigv4Verifier;
    if (verifier === undefined) {
      return { maxBodyBytes: this.limits.maxBodyBytes, finish: () => this.charge(`address ${client}`) };
    }
    let verified: SigV4Head | Promise<SigV4Head>;
    try {
      verified = verifier.verifyHead(head);
    } catch (error) {
      throw this.sigv4Failed(error, client, head);
    }
    if (verified instanceof Promise) {
      return verified.then(
        (done) => this.admit(done, client, head),
        (error: unknown) => {
          throw this.sigv4Failed(error, client, head);
        },
      );
    }
    return this.admit(verified, client, head);
  }

  private admit(verified: SigV4Head, client: string, head: SignedHttpHead): Admission {
    if (verified.payloadHash !== undefined) {
      // Authenticated: the body is read up to the full cap and must hash to the signed value.
      const hash = verified.payloadHash;
      return {
        maxBodyBytes: this.limits.maxBodyBytes,
        finish: (body) => {
          if (sha256Hex(body) !== hash) {
            const mismatch = new AccessDeniedException('x-amz-content-sha256 does not match the request body (unsigned payloads are not accepted)');
            throw this.sigv4Failed(mismatch, client, head);
          }
          this.charge(verified.accessKeyId);
        },
      };
    }
    return {
      maxBodyBytes: this.unauthenticatedBodyBytes,
      finish: async (body) => {
        try {
          await verified.finish(body);
        } catch (error) {
          throw this.sigv4Failed(error, client, head);
        }
        this.charge(verified.accessKeyId);
      },
    };
  }

  /** A SigV4 verification that threw, charged to the address and to the key ID its Credential names, if any. */
  private sigv4Failed(error: unknown, client: string, head: SignedHttpHead): FlowAliasRouterException {
    const authorization = Object.hasOwn(head.headers, 'authorization') ? head.headers.authorization : '';
    return this.failed(error, client, SIGV4_KEY_ID.exec(String(authorization))?.[1]);
  }

  /**
   * CloudFlow: the signature fields alone, checked on the query and the first bytes of the body before the
   * rest of a large body is read (the HMAC covers every parameter, so it waits for the whole body).
   */
  rpcPrecheck(params: Params, remoteAddress: string | undefined): void {
    const verifier = this.rpcVerifier;
    if (verifier === undefined) return;
    const keyId = Object.hasOwn(params, 'AccessKeyId') ? params.AccessKeyId : undefined;
    try {
      verifier.precheck(params);
    } catch (error) {
      throw this.failed(error, clientOf(remoteAddress), keyId);
    }
  }

  /** Verifies an Alibaba RPC-signed request (the CloudFlow protocol) and charges its key. */
  async rpcSignature(method: string, params: Params, remoteAddress: string | undefined): Promise<void> {
    const client = clientOf(remoteAddress);
    const verifier = this.rpcVerifier;
    if (verifier === undefined) {
      const missing = RPC_FIELDS.find((name) => !Object.hasOwn(params, name));
      if (missing !== undefined) {
        throw this.refuse(new AccessDeniedException(`${missing} is required: a request without the RPC signature fields is refused`, { code: 'IncompleteSignature' }), client, undefined);
      }
      this.charge(`address ${client}`);
      return;
    }
    const keyId = Object.hasOwn(params, 'AccessKeyId') ? params.AccessKeyId : undefined;
    this.charge(await this.guard(() => verifier.verify(method, params), client, keyId));
  }

  private charge(client: string): void {
    this.limiter?.take(client);
  }

  private async guard<T>(verify: () => Promise<T>, client: string, keyId: string | undefined): Promise<T> {
    try {
      return await verify();
    } catch (error) {
      throw this.failed(error, client, keyId);
    }
  }

  /**
   * A verification that threw: an AccessDeniedException as it is, anything else (a malformed signature
   * the verifier did not foresee) as a plain 403. Charged to the failure budgets, logged in one line.
   */
  private failed(error: unknown, client: string, keyId: string | undefined): FlowAliasRouterException {
    // Throttling (a key's nonce budget), a store that is down: not the client's failure, passed on as they are.
    if (error instanceof FlowAliasRouterException && !(error instanceof AccessDeniedException)) return error;
    const denied = error instanceof AccessDeniedException ? error : new AccessDeniedException('the request signature is malformed');
    this.failures.spend(`address ${client}`);
    const known = keyId !== undefined && this.credentials?.secretFor(keyId) !== undefined;
    if (known && !this.failures.spend(`key ${keyId}`)) {
      return this.refuse(new ThrottlingException('too many failed authentications for this access key ID; retry later'), client, keyId);
    }
    return this.refuse(denied, client, keyId);
  }

  private refuse<E extends FlowAliasRouterException>(error: E, client: string, keyId: string | undefined): E {
    const line =
      `flow-alias-router: refused ${error.httpStatus} ${error.code} from ${client}` +
      `${keyId === undefined ? '' : ` key ${keyId}`}: ${error.message.replace(/[\r\n]/g, ' ')}`;
    this.onRefusal?.(line);
    return error;
  }
}
