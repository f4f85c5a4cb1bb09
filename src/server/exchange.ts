import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnknownOperationException, ValidationException } from '../errors.js';
import { matchRoute, type RouteMatch } from './bedrock-routes.js';
import { emptyRequestBody, readBody, type BodyCheckpoint } from '../wire/body.js';
import type { Admission, Gate } from './gate.js';
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

  /** The body, at most `maxBytes` (a larger one is refused with `why` added to the message), past `checkpoint` if given. */
  async body(maxBytes: number, why = '', checkpoint?: BodyCheckpoint): Promise<Buffer> {
    let body: Buffer;
    try {
      body = await readBody(this.req, maxBytes, checkpoint);
    } catch (error) {
      if (why.length > 0 && error instanceof ValidationException && error.field === 'body') {
        throw new ValidationException('body', `${error.message.replace(/^body /, '')} ${why}`);
      }
      throw error;
    }
    this.bodyRead = true;
    return body;
  }

  /** The empty body of a request whose head says it has none (a GET), read at once; else undefined. */
  bodyIfEmpty(): Buffer | undefined {
    const empty = emptyRequestBody(this.req);
    if (empty !== undefined) this.bodyRead = true;
    return empty;
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
 * Synchronous for a signed request without a body once the signer is loaded (docs/server.md, Throughput);
 * a promise otherwise.
 */
export function admitRest<R extends { readonly method: string; readonly path: readonly string[] }>(
  exchange: Exchange,
  routes: readonly R[],
  gate: Gate,
  limits: ServerLimits,
): RestRequest<R> | Promise<RestRequest<R>> {
  const segments = pathSegments(exchange.path);
  const match = segments === undefined ? undefined : matchRoute(routes, exchange.method, segments);
  if (match === undefined) throw unknownOperation(exchange);
  const query = addParams(emptyParams(), exchange.query, limits.maxParameters, 'query');
  // The head is verified before any body byte is read; the body is read under the cap that allows.
  const admission = gate.sigv4(
    { method: exchange.method, rawPath: exchange.path, query, headers: exchange.req.headers },
    exchange.req.socket.remoteAddress,
  );
  if (admission instanceof Promise) return admission.then((admitted) => admitBody(exchange, admitted, match, query, limits));
  return admitBody(exchange, admission, match, query, limits);
}

/** The body under the admission's cap, then the admission's check of it: at once when the head says there is none. */
function admitBody<R>(
  exchange: Exchange,
  admission: Admission,
  match: RouteMatch<R>,
  query: Params,
  limits: ServerLimits,
): RestRequest<R> | Promise<RestRequest<R>> {
  const empty = exchange.bodyIfEmpty();
  if (empty === undefined) return readAndAdmit(exchange, admission, match, query, limits);
  const request = { ...match, query, body: empty };
  const finished = admission.finish(empty);
  return finished instanceof Promise ? finished.then(() => request) : request;
}

async function readAndAdmit<R>(
  exchange: Exchange,
  admission: Admission,
  match: RouteMatch<R>,
  query: Params,
  limits: ServerLimits,
): Promise<RestRequest<R>> {
  const why = admission.maxBodyBytes < limits.maxBodyBytes ? '(sign x-amz-content-sha256 to send more)' : '';
  const body = await exchange.body(admission.maxBodyBytes, why);
  await admission.finish(body);
  return { ...match, query, body };
}
