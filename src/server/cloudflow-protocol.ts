import { UnknownOperationException, ValidationException } from '../errors.js';
import { MAX_ENTRIES } from '../routing/limits.js';
import { CLOUDFLOW_ACTIONS, CLOUDFLOW_VERSION, COMMON_PARAMS, type CloudflowAction } from './cloudflow-actions.js';
import { unknownOperation, type Exchange } from './exchange.js';
import type { Gate } from './gate.js';
import type { ServerLimits } from './limits.js';
import { callOperation, type CloudFlowApi } from './operations.js';
import { addParams, emptyParams, isIntegerParam, type Params } from './params.js';
import { decodeUtf8, parseJsonText } from './parse-json.js';
import { sendJson } from './responses.js';

/** `RoutingConfigurations.<n>.<Field>`, as a client that flattens lists sends them (pop-core does). */
const FLAT_ROUTING = /^RoutingConfigurations\.([1-9]\d{0,5})\.(Version|Weight)$/;
const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** `RoutingConfigurations` from the flattened form: entries 1..n, none missing, weights as numbers. */
function flattenedRouting(params: Params): Array<Record<string, unknown>> | undefined {
  const entries: Array<Record<string, unknown>> = [];
  for (const name of Object.keys(params)) {
    const match = FLAT_ROUTING.exec(name);
    if (match === null) continue;
    const index = Number(match[1]) - 1;
    if (index >= MAX_ENTRIES) throw new ValidationException(name, `RoutingConfigurations must have at most ${MAX_ENTRIES} entries`);
    const field = match[2] as 'Version' | 'Weight';
    const raw = params[name] as string;
    const entry = (entries[index] ??= {});
    entry[field] = field === 'Weight' && isIntegerParam(raw) ? Number(raw) : raw;
  }
  if (entries.length === 0) return undefined;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i] === undefined) throw new ValidationException(`RoutingConfigurations.${i + 1}`, 'is missing from the flattened list');
  }
  return entries;
}

/** The query parameters plus the whole `name=value` pairs of a body's first bytes (the first of a name wins). */
function withPrefix(query: Params, prefix: Buffer): Params {
  const text = prefix.toString('latin1');
  const whole = text.slice(0, Math.max(0, text.lastIndexOf('&')));
  const params = Object.assign(emptyParams(), query);
  for (const [name, value] of new URLSearchParams(Buffer.from(whole, 'latin1').toString('utf8'))) {
    if (!Object.hasOwn(params, name)) params[name] = value;
  }
  return params;
}

/** The API request object: the action's parameters, decoded; unknown parameters are refused. */
export function cloudflowInput(action: CloudflowAction, actionName: string, params: Params, maxJsonDepth: number): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(params)) {
    if (COMMON_PARAMS.has(name) || FLAT_ROUTING.test(name)) continue;
    const kind = Object.hasOwn(action.params, name) ? action.params[name] : undefined;
    if (kind === undefined) throw new ValidationException(name, `is not a parameter of ${actionName}`);
    if (kind === 'integer') {
      if (!isIntegerParam(raw)) throw new ValidationException(name, 'must be an integer');
      input[name] = Number(raw);
    } else if (kind === 'routing') {
      input[name] = parseJsonText(raw, name, maxJsonDepth);
    } else {
      input[name] = raw;
    }
  }
  if (Object.hasOwn(action.params, 'RoutingConfigurations')) {
    const flattened = flattenedRouting(params);
    if (flattened !== undefined) {
      if (Object.hasOwn(input, 'RoutingConfigurations')) {
        throw new ValidationException('RoutingConfigurations', 'must be given once: as a JSON string or as RoutingConfigurations.n.* parameters');
      }
      input.RoutingConfigurations = flattened;
    }
  } else {
    const stray = Object.keys(params).find((name) => FLAT_ROUTING.test(name));
    if (stray !== undefined) throw new ValidationException(stray, `is not a parameter of ${actionName}`);
  }
  return input;
}

/**
 * The CloudFlow RPC protocol: requests on `/`, GET or POST, with the parameters in the query string, a
 * form-encoded body, or split between them; signed with Alibaba's RPC signature; JSON responses.
 */
export class CloudflowProtocol {
  constructor(
    private readonly api: CloudFlowApi,
    private readonly gate: Gate,
    private readonly limits: ServerLimits,
    private readonly afterWrite: () => Promise<void> | void,
  ) {}

  async serve(exchange: Exchange): Promise<void> {
    const method = exchange.method;
    if (method !== 'GET' && method !== 'POST') throw unknownOperation(exchange);
    const params = addParams(emptyParams(), exchange.query, this.limits.maxParameters, 'query');
    const remote = exchange.req.socket.remoteAddress;
    // The signature covers the body: until it is verified, a body longer than the unauthenticated cap is
    // read further only once its first bytes (with the query) carry well-formed, fresh, known credentials.
    const checkpoint = {
      atBytes: this.gate.unauthenticatedBodyBytes,
      check: (prefix: Buffer) => this.gate.rpcPrecheck(withPrefix(params, prefix), remote),
    };
    const body = await exchange.body(this.limits.maxBodyBytes, '', checkpoint);
    if (body.length > 0) {
      const type = exchange.req.headers['content-type'] ?? '';
      if (!FORM.test(type)) throw new ValidationException('Content-Type', 'must be application/x-www-form-urlencoded');
      addParams(params, decodeUtf8(body, 'body'), this.limits.maxParameters, 'body');
    }
    await this.gate.rpcSignature(method, params, remote);
    const actionName = params.Action;
    if (actionName === undefined) throw new ValidationException('Action', 'is required');
    if (params.Version !== CLOUDFLOW_VERSION) {
      throw new ValidationException('Version', `must be ${CLOUDFLOW_VERSION}`, { code: 'InvalidVersion' });
    }
    if (params.Format !== undefined && params.Format.toUpperCase() !== 'JSON') throw new ValidationException('Format', 'must be JSON');
    const action = CLOUDFLOW_ACTIONS.get(actionName);
    if (action === undefined) {
      throw new UnknownOperationException(`Action ${JSON.stringify(actionName.slice(0, 128))} is not served here`);
    }
    const output = await callOperation(this.api, action.operation, cloudflowInput(action, actionName, params, this.limits.maxJsonDepth));
    if (action.mutates) await this.afterWrite();
    const requestId = (output as { RequestId?: unknown }).RequestId;
    sendJson(exchange.res, 200, output, { 'x-acs-request-id': typeof requestId === 'string' ? requestId : exchange.requestId });
  }
}
