import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnknownOperationException } from '../errors.js';
import { matchRoute, type RouteMatch } from './bedrock-routes.js';
import { readBody } from '../wire/body.js';
import type { Gate } from './gate.js';
import type { ServerLimits } from './limits.js';
import { addParams, emptyParams, pathSegments, type Params } from './params.js';

/** One request being served. */
export class Exchange {
  /** Whether the request body has been read to its end (otherwise an error response closes the connection). */
  bodyRead = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly requestId: string,
    /** The path exactly as on the request line (still percent-encoded). */
    readonly path: string,
    /** The raw query string, without `?`. */
    readonly query: string,
  ) {}

  get method(): string {
    return this.req.method ?? '';
  }

  async body(limits: ServerLimits): Promise<Buffer> {
    const body = await readBody(this.req, limits.maxBodyBytes);
    this.bodyRead = true;
    return body;
  }
}

export function unknownOperation(exchange: Exchange): UnknownOperationException {
  return new UnknownOperationException(`no operation matches ${exchange.method} ${exchange.path.slice(0, 256)}`);
}

/** A SigV4-authenticated REST request: its route, query parameters and body, after the gate let it in. */
export interface RestRequest<R> extends RouteMatch<R> {
  readonly query: Params;
  readonly body: Buffer;
}

/**
 * The front half shared by the Bedrock protocol and the data plane: match the route (404 before anything
 * is read), parse the query, read the bounded body, verify the signature and charge the rate limit.
 */
export async function admitRest<R extends { readonly method: string; readonly path: readonly string[] }>(
  exchange: Exchange,
  routes: readonly R[],
  gate: Gate,
  limits: ServerLimits,
): Promise<RestRequest<R>> {
  const segments = pathSegments(exchange.path);
  const match = segments === undefined ? undefined : matchRoute(routes, exchange.method, segments);
  if (match === undefined) throw unknownOperation(exchange);
  const query = addParams(emptyParams(), exchange.query, limits.maxParameters, 'query');
  const body = await exchange.body(limits);
  await gate.sigv4(
    { method: exchange.method, rawPath: exchange.path, query, headers: exchange.req.headers, body },
    exchange.req.socket.remoteAddress,
  );
  return { ...match, query, body };
}
