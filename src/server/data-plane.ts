import { ValidationException } from '../errors.js';
import { Router } from '../router/router.js';
import type { AliasSource } from '../router/source.js';
import { admitRest, type Exchange } from './exchange.js';
import type { Gate } from './gate.js';
import type { ServerLimits } from './limits.js';
import type { Params } from './params.js';
import { sendJson } from './responses.js';

interface DataPlaneRoute {
  readonly method: 'GET';
  readonly path: readonly string[];
  readonly kind: 'routing' | 'pick';
}

/** The data-plane paths; `/routing/` never collides with the Bedrock protocol's `/flows/`. */
export const DATA_PLANE_PREFIX = '/routing/';

const ALIAS = ['routing', 'flows', '{flow}', 'aliases', '{alias}'];
const ROUTES: readonly DataPlaneRoute[] = [
  { method: 'GET', path: ALIAS, kind: 'routing' },
  { method: 'GET', path: [...ALIAS, 'pick'], kind: 'pick' },
];

function onlyKey(query: Params, kind: DataPlaneRoute['kind']): string | undefined {
  for (const name of Object.keys(query)) {
    if (kind !== 'pick' || name !== 'key') throw new ValidationException(name, `is not a query parameter of ${kind}`);
  }
  return query.key;
}

/**
 * Endpoints for gateways that do not embed the Router (other languages) and for remote alias sources:
 * `GET /routing/flows/{flow}/aliases/{alias}` answers the alias's routing config as the registry holds it;
 * `.../pick[?key=K]` picks the version for one execution start and answers the explain record. Flows and
 * aliases are named as the registry resolves them (ID, ARN or name). SigV4-signed like the Bedrock protocol.
 */
export class DataPlane {
  private readonly router: Router;

  /** `asynchronous`: the source answers with promises (a registry on PostgreSQL), so a pick loads first. */
  constructor(
    private readonly source: AliasSource,
    private readonly gate: Gate,
    private readonly limits: ServerLimits,
    private readonly asynchronous: boolean,
  ) {
    this.router = new Router({ source });
  }

  async serve(exchange: Exchange): Promise<void> {
    const { route, labels, query, body } = await admitRest(exchange, ROUTES, this.gate, this.limits);
    if (body.length > 0) throw new ValidationException('body', 'data-plane requests take no body');
    const key = onlyKey(query, route.kind);
    const flow = labels.flow as string;
    const alias = labels.alias as string;
    const headers = { 'x-amzn-requestid': exchange.requestId };
    if (route.kind === 'pick') {
      // explain() answers from the Router's cache only. On an asynchronous source, load the alias first:
      // preload shares one in-flight load per alias and, once the alias is cached, costs one resolved
      // promise. A synchronous source loads inside explain(), so its picks allocate nothing more.
      if (this.asynchronous) await this.router.preload(flow, alias);
      sendJson(exchange.res, 200, this.router.explain(flow, alias, key), headers);
      return;
    }
    const config = await this.source.getRouting(flow, alias);
    sendJson(
      exchange.res,
      200,
      {
        flow,
        alias,
        identity: config.identity ?? null,
        revision: config.revision ?? null,
        entries: config.entries,
        ...(config.rollout === undefined ? {} : { rollout: config.rollout, wallClockAt: config.wallClockAt ?? null }),
      },
      headers,
    );
  }

  close(): void {
    this.router.close();
  }
}
