import type { IncomingMessage } from 'node:http';
import { exceptionFromWire, FlowAliasRouterException, InternalServerException, ServiceUnavailableException, ValidationException } from '../errors.js';
import type { WindowCounts } from '../rollout/health.js';
import type { BreachEvidence, RolloutVerb } from '../rollout/model.js';
import type { RolloutControl } from '../router/rollout-control.js';
import { readBody } from '../wire/body.js';
import { nodeHttp, nodeHttps } from '../wire/builtins.js';
import { signSigV4, type AccessKey } from '../wire/sigv4-signer.js';

export interface HttpRolloutClientOptions {
  /** Base URL of a `flow-alias-router serve` control plane. */
  readonly endpoint: string;
  /** Signs every request with SigV4 (service `bedrock`); omit only for a server run with --insecure-no-auth. */
  readonly credentials?: AccessKey;
  readonly region?: string;
  /** Per-request timeout in ms. Default 5,000. */
  readonly timeoutMs?: number;
}

/**
 * The rollout operations of a control-plane server (docs/server.md, Rollouts) over HTTP: what the CLI's
 * `rollout` command speaks, and a `RolloutControl` for routers on an `HttpAliasSource`, so their health
 * decisions are written through the server and their outcome counts summed in its store.
 */
export class HttpRolloutClient implements RolloutControl {
  private readonly base: URL;
  private readonly region: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpRolloutClientOptions) {
    let base: URL;
    try {
      base = new URL(options.endpoint);
    } catch {
      throw new ValidationException('endpoint', 'must be an absolute http or https URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ValidationException('endpoint', 'must be an absolute http or https URL');
    this.base = base;
    this.region = options.region ?? 'us-east-1';
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  status(flow: string, alias: string): Promise<unknown> {
    return this.send('GET', flow, alias, '', undefined);
  }

  start(flow: string, alias: string, input: unknown): Promise<unknown> {
    return this.send('PUT', flow, alias, '', input);
  }

  verb(flow: string, alias: string, verb: RolloutVerb, options: { readonly expectedRevision?: number } = {}): Promise<unknown> {
    return this.send('POST', flow, alias, `/${verb}`, options);
  }

  async latchRollout(
    flow: string,
    alias: string,
    request: { readonly rolloutId: string; readonly revision: number; readonly state: 'aborted' | 'paused' | 'promoted'; readonly evidence?: BreachEvidence },
  ): Promise<{ readonly latched: boolean }> {
    return (await this.send('POST', flow, alias, '/latch', request)) as { latched: boolean };
  }

  async recordRolloutOutcomes(flow: string, alias: string, report: object): Promise<readonly WindowCounts[]> {
    return ((await this.send('POST', flow, alias, '/outcomes', report)) as { windows: WindowCounts[] }).windows;
  }

  private async send(method: string, flow: string, alias: string, suffix: string, payload: unknown): Promise<unknown> {
    const path = `${this.base.pathname.replace(/\/$/, '')}/flows/${encodeURIComponent(flow)}/aliases/${encodeURIComponent(alias)}/rollout${suffix}`;
    const url = new URL(path, this.base);
    const body = payload === undefined ? new Uint8Array() : Buffer.from(JSON.stringify(payload));
    const headers: Record<string, string> = {
      ...(this.options.credentials === undefined ? {} : await signSigV4(this.options.credentials, this.region, { method, url, body })),
      ...(body.length > 0 ? { 'content-type': 'application/json' } : {}),
    };
    let response: IncomingMessage;
    let text: Buffer;
    try {
      [response, text] = await this.exchange(url, method, headers, body);
    } catch (error) {
      if (error instanceof FlowAliasRouterException) throw error;
      throw new ServiceUnavailableException(`the control plane at ${this.base.origin} did not answer`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (response.statusCode !== 200) {
      const p = parsed as { message?: unknown; fieldList?: Array<{ name?: unknown }> } | undefined;
      const type = response.headers['x-amzn-errortype'];
      const field = p?.fieldList?.[0]?.name;
      throw exceptionFromWire(
        typeof type === 'string' ? type : undefined,
        typeof p?.message === 'string' ? p.message : `the control plane answered HTTP ${response.statusCode}`,
        typeof field === 'string' ? field : undefined,
      );
    }
    if (parsed === undefined) throw new InternalServerException('the control plane answered no JSON');
    return parsed;
  }

  private exchange(url: URL, method: string, headers: Record<string, string>, body: Uint8Array): Promise<[IncomingMessage, Buffer]> {
    const send = url.protocol === 'https:' ? nodeHttps().request : nodeHttp().request;
    let deadline: NodeJS.Timeout | undefined;
    return new Promise<[IncomingMessage, Buffer]>((resolve, reject) => {
      const req = send(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (response) => {
        readBody(response, 1024 * 1024).then((data) => resolve([response, data]), reject);
      });
      deadline = setTimeout(() => req.destroy(new ServiceUnavailableException(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      req.on('error', reject);
      req.end(body);
    }).finally(() => clearTimeout(deadline));
  }
}
