import type { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage, request as httpRequest } from 'node:http';
import {
  exceptionFromWire,
  FlowAliasRouterException,
  InternalServerException,
  ServiceUnavailableException,
  ValidationException,
} from '../errors.js';
import { readBody } from '../wire/body.js';
import { nodeHttp, nodeHttps } from '../wire/builtins.js';
import { signSigV4, type AccessKey } from '../wire/sigv4-signer.js';

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The typed exception a control plane's error answer names (its `x-amzn-errortype` and message). */
export function remoteError(answer: Answer): FlowAliasRouterException {
  const payload = parseJson(answer.body) as { message?: unknown; fieldList?: Array<{ name?: unknown }> } | undefined;
  const message = typeof payload?.message === 'string' ? payload.message : `the control plane answered HTTP ${answer.status}`;
  const type = answer.headers['x-amzn-errortype'];
  const field = payload?.fieldList?.[0]?.name;
  return exceptionFromWire(typeof type === 'string' ? type : undefined, message, typeof field === 'string' ? field : undefined);
}

/**
 * Signed GETs to a control plane: each request signed afresh (a long poll's signature must not age), its
 * whole exchange under a deadline, its answer bounded in size. Two connection pools: the long poll holds
 * its own socket, so it never delays a routing read.
 */
export class ControlPlaneClient {
  readonly origin: string;
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly watchAgent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(
    endpoint: string,
    private readonly credentials: AccessKey | undefined,
    private readonly region: string,
    private readonly maxResponseBytes: number,
  ) {
    let base: URL;
    try {
      base = new URL(endpoint);
    } catch {
      throw new ValidationException('endpoint', 'must be an absolute http or https URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ValidationException('endpoint', 'must be an absolute http or https URL');
    }
    this.base = base;
    this.origin = base.origin;
    const https = base.protocol === 'https:';
    // Loaded here, not at import (src/wire/builtins.ts): the root entry's import stays free of them.
    const module = https ? nodeHttps() : nodeHttp();
    this.agent = new module.Agent({ keepAlive: true, maxSockets: 16 });
    this.watchAgent = new module.Agent({ keepAlive: true, maxSockets: 1 });
    this.send = module.request;
  }

  /** GET `path` (below the endpoint's path) with `query`; network failures answer ServiceUnavailableException. */
  async get(path: string, query: Record<string, string>, headers: Record<string, string>, timeoutMs: number, watch = false): Promise<Answer> {
    const url = new URL(`${this.base.pathname.replace(/\/$/, '')}${path}`, this.base);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const signed = this.credentials === undefined ? {} : await signSigV4(this.credentials, this.region, { method: 'GET', url });
    try {
      return await this.exchange(url, { ...headers, ...signed }, timeoutMs, watch ? this.watchAgent : this.agent);
    } catch (error) {
      if (error instanceof FlowAliasRouterException) throw error;
      throw new ServiceUnavailableException(`the control plane at ${this.origin} did not answer`, { cause: error });
    }
  }

  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  private exchange(url: URL, headers: Record<string, string>, timeoutMs: number, agent: HttpAgent): Promise<Answer> {
    let deadline: NodeJS.Timeout | undefined;
    return new Promise<Answer>((resolve, reject) => {
      const req = this.send(url, { method: 'GET', headers, agent }, (response: IncomingMessage) => {
        readBody(response, this.maxResponseBytes).then(
          (body) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
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
      deadline = setTimeout(() => {
        req.destroy(new ServiceUnavailableException(`the control plane at ${this.origin} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', reject);
      req.end();
    }).finally(() => clearTimeout(deadline));
  }
}
