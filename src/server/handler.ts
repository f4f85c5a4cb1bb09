import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bedrockApi, type BedrockApiOptions } from '../dialects/bedrock/api.js';
import { cloudflowApi, type CloudFlowApiOptions } from '../dialects/cloudflow/api.js';
import { ValidationException } from '../errors.js';
import { FlowRegistry } from '../registry/registry.js';
import type { RegistryStore } from '../stores/store.js';
import { BedrockProtocol } from './bedrock-protocol.js';
import { RequestAbortedError } from '../wire/body.js';
import { CloudflowProtocol } from './cloudflow-protocol.js';
import type { AccessKey } from './credentials.js';
import { DATA_PLANE_PREFIX, DataPlane } from './data-plane.js';
import { Exchange } from './exchange.js';
import { Gate, hostName } from './gate.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type RateLimit, type ServerLimits } from './limits.js';
import { splitTarget } from './params.js';
import { isRolloutPath, RolloutProtocol } from './rollout-routes.js';
import { Watch, type WatchOptions } from './watch.js';
import { ServerObservability, type ServerMetricsOptions } from './observability.js';
import type { MeterLike } from '../observability/meter.js';
import { sendError, toException, type Dialect } from './responses.js';

export interface ServerOptions {
  /** The access keys accepted by both protocols. Required unless `insecureNoAuth`. */
  readonly credentials?: readonly AccessKey[];
  /** Accept unsigned requests. For local development only. */
  readonly insecureNoAuth?: boolean;
  /** Overrides of the request limits (docs/server.md, Limits). */
  readonly limits?: Partial<ServerLimits>;
  /** The watch endpoint's bounds: parked watchers, changes kept in memory (docs/server.md, Watching changes). */
  readonly watch?: WatchOptions;
  /** Per-access-key rate limit, or false for none. Default 1,000 requests/s with a burst of 2,000. */
  readonly rateLimit?: RateLimit | false;
  /**
   * The names this deployment answers to (`Host` without its port, any case). A request whose `Host` (which
   * SigV4 requests must sign) is not one of them is refused with 403. Default: any name, except with
   * `insecureNoAuth`, where the default is the loopback names (`localhost`, `127.0.0.1`, `::1`), so a web page
   * cannot reach the server through DNS rebinding.
   */
  readonly hostNames?: readonly string[];
  /**
   * The region SigV4 credential scopes must name, or false for any. Default: the registry's region, so a
   * request signed for another deployment's region is refused.
   */
  readonly region?: string | false;
  /** Told one line for every refused authentication (never a stack trace). Default: nothing is logged. */
  readonly onRefusal?: (line: string) => void;
  /** Wall clock in ms since the epoch, for signature windows and rate limiting. Default Date.now. */
  readonly wallClock?: () => number;
  /**
   * Awaited after every successful change, before the response is sent (`serve --state` saves the
   * registry here). If it throws, the client gets an InternalServerException: the change is in memory
   * but was not persisted.
   */
  readonly afterWrite?: () => Promise<void> | void;
  /**
   * Told about every unexpected (non-typed) error; the client only gets InternalServerException.
   * Default: `console.error`, so a bug is never silent.
   */
  readonly onError?: (error: unknown) => void;
  /** An OpenTelemetry `Meter` for the data plane router's metrics (docs/observability.md). Start the SDK first. */
  readonly meter?: MeterLike;
  /** Serve the same metrics in the Prometheus text format at `/metrics` (or `path`). Default off. */
  readonly metrics?: boolean | ServerMetricsOptions;
}

export interface HandlerOptions extends ServerOptions {
  /** The registry served, on any store: both dialects change it, the data plane reads it. */
  readonly registry: FlowRegistry<RegistryStore>;
  /** Options of the Bedrock dialect, e.g. `{ weightedRouting: true }` (docs/dialects.md). */
  readonly bedrock?: BedrockApiOptions;
  /** Options of the CloudFlow dialect (request IDs, time format). */
  readonly cloudflow?: CloudFlowApiOptions;
}

/** A `node:http` request listener serving both protocols and the data plane; `close()` releases it. */
export type FlowAliasRouterHandler = ((req: IncomingMessage, res: ServerResponse) => void) & {
  close(): void;
  /** Answers long polls now (a draining server calls this first, so they do not hold it). */
  drain?(): void;
};

function resolveLimits(overrides: Partial<ServerLimits> | undefined): ServerLimits {
  for (const name of Object.keys(overrides ?? {})) {
    // A renamed limit (maxNonces is maxNoncesPerKey) must not be ignored silently.
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) throw new ValidationException(`limits.${name}`, 'is not a known limit');
  }
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ValidationException(`limits.${name}`, 'must be a positive integer');
    }
  }
  return limits;
}

function noop(): void {}

/** The loopback names: the default `hostNames` of a server without auth. */
export const LOOPBACK_HOST_NAMES: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '::1']);

function resolveHostNames(options: ServerOptions): ReadonlySet<string> | undefined {
  const names = options.hostNames ?? (options.insecureNoAuth === true ? LOOPBACK_HOST_NAMES : undefined);
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === 'string' && /^[^\s/?#@]{1,253}$/.test(name))) {
    throw new ValidationException('hostNames', 'must be a non-empty list of host names');
  }
  return new Set(names.map((name) => hostName(name)));
}

function logError(error: unknown): void {
  console.error('flow-alias-router: internal error while serving a request', error);
}

/**
 * A `node:http` request listener serving `registry` in the Bedrock Agent REST protocol, the CloudFlow RPC
 * protocol and the data plane (docs/server.md). Mount it on any `http.Server`, or use `listen`.
 */
export function createHandler(options: HandlerOptions): FlowAliasRouterHandler {
  if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
  const registry = options.registry;
  if (!(registry instanceof FlowRegistry)) throw new ValidationException('registry', 'must be a FlowRegistry');
  const bedrockOperations = bedrockApi(registry, options.bedrock);
  const cloudflowOperations = cloudflowApi(registry, options.cloudflow);
  const limits = resolveLimits(options.limits);
  const region = options.region ?? registry.region;
  if (region !== false && (typeof region !== 'string' || !/^[a-z0-9-]{1,32}$/.test(region))) {
    throw new ValidationException('region', 'must be a region name such as us-east-1, or false');
  }
  const gate = new Gate({
    credentials: options.credentials,
    insecureNoAuth: options.insecureNoAuth === true,
    limits,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    wallClock: options.wallClock ?? Date.now,
    store: registry.store,
    region: region === false ? undefined : region,
    hostNames: resolveHostNames(options),
    onRefusal: options.onRefusal,
  });
  const afterWrite = options.afterWrite ?? noop;
  const onError = options.onError ?? logError;
  const bedrock = new BedrockProtocol(bedrockOperations, gate, limits, afterWrite);
  const cloudflow = new CloudflowProtocol(cloudflowOperations, gate, limits, afterWrite);
  const observability = new ServerObservability(registry, options.meter, options.metrics);
  const dataPlane = new DataPlane(registry, gate, limits, !registry.store.synchronous, new Watch(registry, options.watch), observability);
  const rollouts = new RolloutProtocol(registry, gate, limits, afterWrite);

  function failed(exchange: Exchange, dialect: Dialect, error: unknown): void {
    if (error instanceof RequestAbortedError) {
      exchange.res.destroy();
      return;
    }
    sendError(exchange.res, dialect, toException(error, onError), exchange.requestId, !exchange.bodyRead);
  }

  /** Answers synchronously when every step can (a signed pick: docs/server.md, Throughput); a promise otherwise. */
  function serve(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    const { path, query } = splitTarget(req.url ?? '');
    const exchange = new Exchange(req, res, randomUUID(), path, query);
    const dialect: Dialect = path === '/' ? 'cloudflow' : 'bedrock';
    let answered: void | Promise<void>;
    try {
      gate.door(req.headers, req.socket.remoteAddress);
      if (observability.serves(path)) return observability.scrape(req, res);
      if (dialect === 'cloudflow') answered = cloudflow.serve(exchange);
      else if (path.startsWith(DATA_PLANE_PREFIX)) answered = dataPlane.serve(exchange);
      else if (isRolloutPath(path)) answered = rollouts.serve(exchange);
      else answered = bedrock.serve(exchange);
    } catch (error) {
      return failed(exchange, dialect, error);
    }
    if (answered instanceof Promise) return answered.catch((error: unknown) => failed(exchange, dialect, error));
  }

  /** An error while answering an error: reported, and the connection cut. */
  function unexpected(res: ServerResponse, error: unknown): void {
    onError(error);
    res.destroy();
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const answered = serve(req, res);
      if (answered instanceof Promise) answered.catch((error: unknown) => unexpected(res, error));
    } catch (error) {
      unexpected(res, error);
    }
  };
  return Object.assign(handler, {
    close(): void {
      dataPlane.close();
      observability.close();
    },
    drain(): void {
      dataPlane.drain();
    },
  });
}
