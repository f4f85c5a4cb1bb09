import { ValidationException } from '../errors.js';
import { CredentialStore, type AccessKey } from './credentials.js';
import { MAX_RATE_LIMITED_CLIENTS, type RateLimit, type ServerLimits } from './limits.js';
import type { Params } from './params.js';
import { RateLimiter } from './rate-limit.js';
import { RpcSignatureVerifier } from './rpc-signature.js';
import { SigV4Verifier, type SignedHttpRequest } from './sigv4.js';

export interface GateOptions {
  readonly credentials: readonly AccessKey[] | undefined;
  readonly insecureNoAuth: boolean;
  readonly limits: ServerLimits;
  readonly rateLimit: RateLimit | false;
  /** Wall-clock milliseconds since the epoch. */
  readonly wallClock: () => number;
}

/**
 * Every request passes here before it can read or change anything: its signature is verified (SigV4 or
 * Alibaba RPC, against the same keys), then its access key takes a token from the rate limiter. With
 * `insecureNoAuth` nothing is verified and the limiter keys on the client address.
 */
export class Gate {
  private readonly sigv4Verifier: SigV4Verifier | undefined;
  private readonly rpcVerifier: RpcSignatureVerifier | undefined;
  private readonly limiter: RateLimiter | undefined;

  constructor(options: GateOptions) {
    if (options.insecureNoAuth) {
      this.sigv4Verifier = undefined;
      this.rpcVerifier = undefined;
    } else {
      if (options.credentials === undefined) {
        throw new ValidationException('credentials', 'are required unless insecureNoAuth is set (local development only)');
      }
      const store = new CredentialStore(options.credentials);
      const { clockSkewMs, maxNonces } = options.limits;
      this.sigv4Verifier = new SigV4Verifier(store, { clockSkewMs, wallClock: options.wallClock });
      this.rpcVerifier = new RpcSignatureVerifier(store, { clockSkewMs, maxNonces, wallClock: options.wallClock });
    }
    this.limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit, MAX_RATE_LIMITED_CLIENTS, options.wallClock);
  }

  /** Verifies a SigV4-signed request (the Bedrock protocol and the data plane) and charges its key. */
  async sigv4(request: SignedHttpRequest, remoteAddress: string | undefined): Promise<void> {
    const client = this.sigv4Verifier === undefined ? `address ${remoteAddress ?? 'unknown'}` : await this.sigv4Verifier.verify(request);
    this.limiter?.take(client);
  }

  /** Verifies an Alibaba RPC-signed request (the CloudFlow protocol) and charges its key. */
  rpcSignature(method: string, params: Params, remoteAddress: string | undefined): void {
    const client = this.rpcVerifier === undefined ? `address ${remoteAddress ?? 'unknown'}` : this.rpcVerifier.verify(method, params);
    this.limiter?.take(client);
  }
}
