/**
 * Bounds on everything an HTTP caller controls, and the defaults of the server's tunables. Documented in
 * docs/server.md (Limits).
 */
export interface ServerLimits {
  /** Largest request body accepted, in bytes. A larger one is refused before it is read. */
  readonly maxBodyBytes: number;
  /**
   * Largest body read before the request is authenticated or, where its protocol signs the body (CloudFlow,
   * SigV4 without a signed payload hash), before its credentials have passed every check that needs no body.
   */
  readonly maxUnauthenticatedBodyBytes: number;
  /** Most query-string plus form parameters in one request. */
  readonly maxParameters: number;
  /** Deepest nesting of arrays and objects accepted in a JSON body or JSON-valued parameter. */
  readonly maxJsonDepth: number;
  /** How far a signed request's timestamp may be from the server's clock, either way, in milliseconds. */
  readonly clockSkewMs: number;
  /** How far ahead of the server's clock a CloudFlow `Timestamp` may be, in milliseconds. */
  readonly maxFutureSkewMs: number;
  /** Most live CloudFlow signature nonces one access key may hold (each for as long as its request could be replayed). */
  readonly maxNoncesPerKey: number;
  /** Failed authentications forgiven per second, per client address and per access key ID. */
  readonly authFailuresPerSecond: number;
  /** Failed authentications a client address (or an access key ID) may have at once before it is throttled. */
  readonly authFailureBurst: number;
}

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  maxUnauthenticatedBodyBytes: 64 * 1024,
  maxParameters: 4096,
  maxJsonDepth: 64,
  // AWS refuses SigV4 requests more than 15 minutes off (RequestTimeTooSkewed); Alibaba's RPC signature
  // uses the same 15-minute window for Timestamp. One window for both protocols.
  clockSkewMs: 15 * 60 * 1000,
  // Clients sign with their current time: a Timestamp further ahead only lengthens how long its nonce is held.
  maxFutureSkewMs: 60 * 1000,
  maxNoncesPerKey: 10_000,
  authFailuresPerSecond: 5,
  authFailureBurst: 100,
});

/** A token bucket per access key (per client address with `insecureNoAuth`). */
export interface RateLimit {
  /** Sustained requests per second per access key. */
  readonly requestsPerSecond: number;
  /** Requests a key may send at once after being idle; defaults to twice `requestsPerSecond`. */
  readonly burst?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = Object.freeze({ requestsPerSecond: 1000, burst: 2000 });

/** Most distinct clients the rate limiter tracks; the least recently seen is forgotten beyond it. */
export const MAX_RATE_LIMITED_CLIENTS = 10_000;

/** Node `http.Server` settings used by `listen` (and so by `flow-alias-router serve`). */
export const SERVER_SOCKET_LIMITS = Object.freeze({
  /** Total size of a request's header lines (Node's default, stated so it is documented). */
  maxHeaderSize: 16 * 1024,
  /** Most header lines; the SDK clients send about a dozen. */
  maxHeadersCount: 64,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  /** How often Node checks the two timeouts above (its default, 30 s, let a slow client last three times as long). */
  connectionsCheckingInterval: 1_000,
  /** Open connections per server; beyond it a new connection is answered 503 and closed. */
  maxConnections: 1024,
  /** Open connections per client address; beyond it a new connection is answered 429 and closed. */
  maxConnectionsPerAddress: 256,
});
