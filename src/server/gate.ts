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
  readonly now: () => number;
}

/**
 * Every request passes here before it can read or change anything: its signature is verified (SigV4 or
 * Alibaba RPC, against the same keys), then its access key takes a token from the rate limiter. With
 * `insecureNoAuth` nothing is verified and the limiter keys on the client address.
 */
export class Gate {
  private readonly sigv4: SigV4Verifier | undefined;
  private readonly rpc: RpcSignatureVerifier | undefined;
  private readonly limiter: RateLimiter | undefined;

  constructor(options: GateOptions) {
    if (options.insecureNoAuth) {
      this.sigv4 = undefined;
      this.rpc = undefined;
    } else {
      if (options.credentials === undefined) {
        throw new ValidationException('credentials', 'are required unless insecureNoAuth is set (local development only)');
      }
      const store = new CredentialStore(options.credentials);
      const { clockSkewMs, maxNonces } = options.limits;
      this.sigv4 = new SigV4Verifier(store, { clockSkewMs, now: options.now });
      this.rpc = new RpcSignatureVerifier(store, { clockSkewMs, maxNonces, now: options.now });
    }
    this.limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit, MAX_RATE_LIMITED_CLIENTS, options.now);
  }

  /** Verifies a SigV4-signed request (Bedrock protocol, data plane) and charges its key. */
  async bedrock(request: SignedHttpRequest, remoteAddress: string | undefined): Promise<void> {
    const client = this.sigv4 === undefined ? `address ${remoteAddress ?? 'unknown'}` : await this.sigv4.verify(request);
    this.limiter?.take(client);
  }

  /** Verifies an Alibaba RPC-signed request (CloudFlow protocol) and charges its key. */
  cloudflow(method: string, params: Params, remoteAddress: string | undefined): void {
    const client = this.rpc === undefined ? `address ${remoteAddress ?? 'unknown'}` : this.rpc.verify(method, params);
    this.limiter?.take(client);
  }
}
