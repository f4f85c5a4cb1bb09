import { ValidationException } from '../errors.js';
import { BEDROCK_ROUTES, type BedrockRoute, type QueryKind } from './bedrock-routes.js';
import { admitRest, type Exchange } from './exchange.js';
import type { Gate } from './gate.js';
import type { ServerLimits } from './limits.js';
import { callOperation, type BedrockApi } from './operations.js';
import { isIntegerParam, type Params } from './params.js';
import { parseJsonObjectBody } from './parse-json.js';
import { sendJson } from './responses.js';

function queryValue(name: string, kind: QueryKind, raw: string): string | number | boolean {
  if (kind === 'integer') {
    if (!isIntegerParam(raw)) throw new ValidationException(name, 'must be an integer');
    return Number(raw);
  }
  if (kind === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new ValidationException(name, 'must be true or false');
    return raw === 'true';
  }
  return raw;
}

/**
 * The SDK command input for a request: body members, then path labels, then query members. A body member
 * that names a label or query member is refused rather than overridden, so what the URI says is what runs.
 */
export function bedrockInput(
  route: BedrockRoute,
  labels: Record<string, string>,
  query: Params,
  body: Uint8Array,
  maxJsonDepth: number,
): Record<string, unknown> {
  const members = parseJsonObjectBody(body, maxJsonDepth);
  if (!route.body && Object.keys(members).length > 0) {
    throw new ValidationException('body', `${route.operation} takes no request body`);
  }
  const input: Record<string, unknown> = { ...members };
  for (const [name, value] of Object.entries(labels)) {
    if (Object.hasOwn(members, name)) throw new ValidationException(name, 'belongs in the request path, not the body');
    input[name] = value;
  }
  for (const [name, raw] of Object.entries(query)) {
    const kind = Object.hasOwn(route.query, name) ? route.query[name] : undefined;
    if (kind === undefined) throw new ValidationException(name, `is not a query parameter of ${route.operation}`);
    if (Object.hasOwn(members, name)) throw new ValidationException(name, 'belongs in the query string, not the body');
    input[name] = queryValue(name, kind, raw);
  }
  return input;
}

/** The Bedrock Agent REST protocol: SigV4-signed JSON requests routed by method and path. */
export class BedrockProtocol {
  constructor(
    private readonly api: BedrockApi,
    private readonly gate: Gate,
    private readonly limits: ServerLimits,
    private readonly afterWrite: () => Promise<void> | void,
  ) {}

  async serve(exchange: Exchange): Promise<void> {
    const { route, labels, query, body } = await admitRest(exchange, BEDROCK_ROUTES, this.gate, this.limits);
    const output = await callOperation(this.api, route.operation, bedrockInput(route, labels, query, body, this.limits.maxJsonDepth));
    if (route.mutates) await this.afterWrite();
    sendJson(exchange.res, route.status, output, { 'x-amzn-requestid': exchange.requestId });
  }
}
