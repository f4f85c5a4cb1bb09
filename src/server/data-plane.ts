import { createHash } from 'node:crypto';
import { ValidationException } from '../errors.js';
import type { AnyRegistry } from '../registry/registry.js';
import { Router } from '../router/router.js';
import { admitRest, type Exchange, type RestRequest } from './exchange.js';
import type { Gate } from './gate.js';
import type { ServerLimits } from './limits.js';
import type { Params } from './params.js';
import { sendJson, sendJsonText } from './responses.js';
import type { Watch } from './watch.js';
import type { ServerObservability } from './observability.js';

interface DataPlaneRoute {
  readonly method: 'GET';
  readonly path: readonly string[];
  readonly kind: 'routing' | 'pick' | 'changes';
}

/** The data-plane paths; `/routing/` never collides with the Bedrock protocol's `/flows/`. */
export const DATA_PLANE_PREFIX = '/routing/';

const ALIAS = ['routing', 'flows', '{flow}', 'aliases', '{alias}'];
const ROUTES: readonly DataPlaneRoute[] = [
  { method: 'GET', path: ALIAS, kind: 'routing' },
  { method: 'GET', path: [...ALIAS, 'pick'], kind: 'pick' },
  { method: 'GET', path: ['routing', 'changes'], kind: 'changes' },
];

/** A strong validator of a routing answer: a digest of its body, so an unchanged alias costs no body. */
function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

function onlyKey(query: Params, kind: DataPlaneRoute['kind']): string | undefined {
  for (const name of Object.keys(query)) {
    if (kind !== 'pick' || name !== 'key') throw new ValidationException(name, `is not a query parameter of ${kind}`);
  }
  return query.key;
}

/**
 * Endpoints for gateways that do not embed the Router (other languages) and for remote alias sources:
 * `GET /routing/flows/{flow}/aliases/{alias}` answers the alias's routing config as the registry holds it
 * (with an ETag; `If-None-Match` answers 304 with no body when it is unchanged);
 * `GET /routing/changes?since=REV&wait=S` long-polls the change log (watch.ts);
 * `.../pick[?key=K]` picks the version for one execution start and answers the explain record. Flows and
 * aliases are named as the registry resolves them (ID, ARN or name). SigV4-signed like the Bedrock protocol.
 */
export class DataPlane {
  private readonly router: Router;

  /** `asynchronous`: the source answers with promises (a registry on PostgreSQL), so a pick loads first. */
  constructor(
    private readonly source: AnyRegistry,
    private readonly gate: Gate,
    private readonly limits: ServerLimits,
    private readonly asynchronous: boolean,
    private readonly watch: Watch,
    observability?: ServerObservability,
  ) {
    const meter = observability?.meter;
    this.router = new Router(meter === undefined ? { source } : { source, meter, metrics: observability?.metricsOptions ?? {} });
  }

  /** Synchronous for a signed pick on a synchronous store once the signer is loaded (docs/server.md, Throughput). */
  serve(exchange: Exchange): void | Promise<void> {
    const admitted = admitRest(exchange, ROUTES, this.gate, this.limits);
    if (admitted instanceof Promise) return admitted.then((request) => this.answer(exchange, request));
    return this.answer(exchange, admitted);
  }

  private answer(exchange: Exchange, { route, labels, query, body }: RestRequest<DataPlaneRoute>): void | Promise<void> {
    if (body.length > 0) throw new ValidationException('body', 'data-plane requests take no body');
    const headers = { 'x-amzn-requestid': exchange.requestId };
    if (route.kind === 'changes') return this.watch.serve(exchange, query, headers);
    const key = onlyKey(query, route.kind);
    const flow = labels.flow as string;
    const alias = labels.alias as string;
    if (route.kind === 'routing') return this.routing(exchange, flow, alias, headers);
    // explainJson() answers from the Router's cache only. On an asynchronous source, load the alias first:
    // preload shares one in-flight load per alias and, once the alias is cached, costs one resolved
    // promise. A synchronous source loads inside explainJson(), so its picks allocate nothing more.
    if (this.asynchronous) {
      return this.router.preload(flow, alias).then(() => sendJsonText(exchange.res, 200, this.router.explainJson(flow, alias, key), headers));
    }
    sendJsonText(exchange.res, 200, this.router.explainJson(flow, alias, key), headers);
  }

  private async routing(exchange: Exchange, flow: string, alias: string, headers: Record<string, string>): Promise<void> {
    const config = await this.source.getRouting(flow, alias);
    const content = {
      flow,
      alias,
      identity: config.identity ?? null,
      revision: config.revision ?? null,
      entries: config.entries,
      ...(config.rollout === undefined ? {} : { rollout: config.rollout }),
    };
    // The ETag is the config's, not the moment's: `wallClockAt` (the control plane's clock, for a router's
    // rollout clock offset) changes on every answer and would defeat If-None-Match.
    const etag = etagOf(JSON.stringify(content));
    const payload = config.rollout === undefined ? content : { ...content, wallClockAt: config.wallClockAt ?? null };
    const ifNoneMatch = exchange.req.headers['if-none-match'];
    if (matches(ifNoneMatch, etag)) {
      exchange.res.writeHead(304, { ...headers, etag, 'cache-control': 'no-cache' });
      exchange.res.end();
      return;
    }
    sendJson(exchange.res, 200, payload, { ...headers, etag, 'cache-control': 'no-cache' });
  }

  /** Answers every parked watcher now, so a draining server is not held by long polls. */
  drain(): void {
    this.watch.drain();
  }

  close(): void {
    this.router.close();
    this.watch.close();
  }
}
