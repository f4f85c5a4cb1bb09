import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationException } from '../errors.js';
import type { AnyRegistry } from '../registry/registry.js';
import { channels } from '../observability/channels.js';
import type { ServerChangeEvent } from '../observability/events.js';
import { isMeterLike, teeMeter, type MeterLike } from '../observability/meter.js';
import type { RouterMetricsOptions } from '../observability/metrics.js';
import { PrometheusMeter } from '../observability/prometheus.js';

/** `createHandler`'s `metrics` option: a Prometheus scrape endpoint (docs/observability.md, The server). */
export interface ServerMetricsOptions {
  /** The scrape path. Default `/metrics`. */
  readonly path?: string;
  /**
   * A bearer token the scraper sends (`Authorization: Bearer <token>`, Prometheus's `authorization` scrape
   * setting). Without one the endpoint is open to anyone who reaches the server: its series name flows,
   * aliases and versions.
   */
  readonly bearerToken?: string;
  /** Series per alias rather than per flow, and extra attributes, as the Router's `metrics` option. */
  readonly perAlias?: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function sameToken(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The server's metrics and events: the data plane router's metrics on the caller's `meter` and/or a
 * Prometheus scrape endpoint, and `flow-alias-router:server:change-applied` for every change the registry
 * commits (published only while the channel has a subscriber).
 */
export class ServerObservability {
  /** The meter the data plane's Router takes, or undefined for none. */
  readonly meter: MeterLike | undefined;
  readonly metricsOptions: RouterMetricsOptions;
  private readonly prometheus: PrometheusMeter | undefined;
  private readonly path: string;
  private readonly token: string | undefined;
  private readonly unsubscribe: () => void;

  constructor(registry: AnyRegistry, meter: unknown, metrics: unknown) {
    if (meter !== undefined && !isMeterLike(meter)) throw new ValidationException('meter', 'must be an OpenTelemetry Meter');
    let options: ServerMetricsOptions | undefined;
    if (metrics === true) options = {};
    else if (metrics !== undefined && metrics !== false) {
      if (typeof metrics !== 'object' || metrics === null) throw new ValidationException('metrics', 'must be true, false or { path?, bearerToken?, perAlias?, attributes? }');
      options = metrics as ServerMetricsOptions;
    }
    this.path = options?.path ?? '/metrics';
    if (typeof this.path !== 'string' || !/^\/[A-Za-z0-9/_.-]{0,127}$/.test(this.path) || this.path.startsWith('/routing/') || this.path.startsWith('/flows')) {
      throw new ValidationException('metrics.path', 'must be a path such as /metrics, outside /routing/ and /flows');
    }
    this.token = options?.bearerToken;
    if (this.token !== undefined && (typeof this.token !== 'string' || this.token.length < 16 || this.token.length > 256)) {
      throw new ValidationException('metrics.bearerToken', 'must be a string of 16 to 256 characters');
    }
    this.prometheus = options === undefined ? undefined : new PrometheusMeter();
    const meters = [meter as MeterLike | undefined, this.prometheus].filter((m): m is MeterLike => m !== undefined);
    this.meter = meters.length === 0 ? undefined : teeMeter(meters);
    this.metricsOptions = {
      ...(options?.perAlias === undefined ? {} : { perAlias: options.perAlias }),
      ...(options?.attributes === undefined ? {} : { attributes: options.attributes }),
    };
    this.unsubscribe =
      registry.subscribe((change) => {
        if (!channels.serverChangeApplied.hasSubscribers) return;
        const event: ServerChangeEvent = { router: null, kind: change.kind, identity: change.identity };
        channels.serverChangeApplied.publish(event);
      });
  }

  /** Whether this request is a scrape (the handler answers it before any protocol). */
  serves(path: string): boolean {
    return this.prometheus !== undefined && path === this.path;
  }

  scrape(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (this.token !== undefined && !sameToken(req.headers.authorization, this.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' }).end('unauthorized\n');
      return;
    }
    const body = (this.prometheus as PrometheusMeter).render();
    res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  close(): void {
    this.unsubscribe();
  }
}
