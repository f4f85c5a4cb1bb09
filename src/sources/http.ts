import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  exceptionFromWire,
  FlowAliasRouterException,
  InternalServerException,
  ServiceUnavailableException,
  ValidationException,
} from '../errors.js';
import type { AliasSource, RoutingConfig } from '../router/source.js';
import type { RolloutRecord } from '../rollout/model.js';
import type { RoutingEntry } from '../routing/validate.js';
import { readBody } from '../wire/body.js';
import { signSigV4, type AccessKey } from '../wire/sigv4-signer.js';

export interface HttpAliasSourceOptions {
  /** Base URL of a `flow-alias-router serve` control plane, e.g. `http://10.0.0.5:8080`. */
  readonly endpoint: string;
  /** Signs every request with SigV4 (service `bedrock`); omit only for a server run with --insecure-no-auth. */
  readonly credentials?: AccessKey;
  /** The region in the SigV4 credential scope. Default `us-east-1`. */
  readonly region?: string;
  /** Per-request timeout in ms. Default 2,000. */
  readonly timeoutMs?: number;
  /** Largest response accepted, in bytes. Default 1 MiB. */
  readonly maxResponseBytes?: number;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function remoteError(response: IncomingMessage, body: Buffer): FlowAliasRouterException {
  const payload = parseJson(body) as { message?: unknown; fieldList?: Array<{ name?: unknown }> } | undefined;
  const message = typeof payload?.message === 'string' ? payload.message : `the control plane answered HTTP ${response.statusCode}`;
  const type = response.headers['x-amzn-errortype'];
  const field = payload?.fieldList?.[0]?.name;
  return exceptionFromWire(typeof type === 'string' ? type : undefined, message, typeof field === 'string' ? field : undefined);
}

function readConfig(payload: unknown): RoutingConfig {
  if (typeof payload !== 'object' || payload === null) throw new InternalServerException('the control plane answered no JSON object');
  const { entries, revision, identity, rollout, wallClockAt } = payload as Record<string, unknown>;
  if (!Array.isArray(entries)) throw new InternalServerException('the control plane answered no routing entries');
  return Object.freeze({
    entries: entries as RoutingEntry[],
    ...(typeof revision === 'number' || typeof revision === 'string' ? { revision } : {}),
    ...(typeof identity === 'string' && identity.length > 0 ? { identity } : {}),
    // The router checks a rollout whole before it sets a timer on it (src/router/rollout-driver.ts).
    ...(rollout === undefined || rollout === null ? {} : { rollout: rollout as RolloutRecord }),
    ...(typeof wallClockAt === 'number' ? { wallClockAt } : {}),
  });
}

/**
 * An `AliasSource` that loads routing configs from a control-plane server over HTTP
 * (`GET /routing/flows/{flow}/aliases/{alias}`), so a fleet of routers shares one registry. It answers
 * asynchronously and has no change events: give the Router a `ttlMs` (how stale a gateway may be), and
 * `staleWhileRevalidateMs` / `staleIfErrorMs` so picks never wait on, or fail with, the network once an
 * alias is loaded. Configs carry the registry's alias ARN as identity, so sticky keys land on the same
 * version on every gateway.
 */
export class HttpAliasSource implements AliasSource {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly region: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpAliasSourceOptions) {
    let base: URL;
    try {
      base = new URL(options.endpoint);
    } catch {
      throw new ValidationException('endpoint', 'must be an absolute http or https URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ValidationException('endpoint', 'must be an absolute http or https URL');
    }
    this.base = base;
    const https = base.protocol === 'https:';
    this.agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 16 }) : new HttpAgent({ keepAlive: true, maxSockets: 16 });
    this.send = https ? httpsRequest : httpRequest;
    this.region = options.region ?? 'us-east-1';
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  }

  async getRouting(flow: string, alias: string): Promise<RoutingConfig> {
    const url = new URL(
      `${this.base.pathname.replace(/\/$/, '')}/routing/flows/${encodeURIComponent(flow)}/aliases/${encodeURIComponent(alias)}`,
      this.base,
    );
    const headers =
      this.options.credentials === undefined
        ? {}
        : await signSigV4(this.options.credentials, this.region, { method: 'GET', url });
    let response: IncomingMessage;
    let body: Buffer;
    try {
      [response, body] = await this.get(url, headers);
    } catch (error) {
      if (error instanceof FlowAliasRouterException) throw error;
      throw new ServiceUnavailableException(`the control plane at ${this.base.origin} did not answer`, { cause: error });
    }
    if (response.statusCode !== 200) throw remoteError(response, body);
    return readConfig(parseJson(body));
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** One GET with a deadline on the whole exchange, its response bounded in size. */
  private get(url: URL, headers: Record<string, string>): Promise<[IncomingMessage, Buffer]> {
    let deadline: NodeJS.Timeout | undefined;
    return new Promise<[IncomingMessage, Buffer]>((resolve, reject) => {
      const req = this.send(url, { method: 'GET', headers, agent: this.agent }, (response) => {
        readBody(response, this.maxResponseBytes).then(
          (body) => resolve([response, body]),
          (error: unknown) => {
            response.destroy();
            reject(
              error instanceof ValidationException
                ? new InternalServerException(`the control plane answered more than ${this.maxResponseBytes} bytes`)
                : error,
            );
          },
        );
      });
      const timedOut = (): void => {
        req.destroy(new ServiceUnavailableException(`the control plane at ${this.base.origin} did not answer within ${this.timeoutMs} ms`));
      };
      deadline = setTimeout(timedOut, this.timeoutMs);
      req.on('error', reject);
      req.end();
    }).finally(() => clearTimeout(deadline));
  }
}
