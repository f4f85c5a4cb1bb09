import { ValidationException } from '../errors.js';
import type { AnyRegistry } from '../registry/registry.js';
import { ROLLOUT_VERBS, type RolloutVerb } from '../rollout/model.js';
import { admitRest, type Exchange } from './exchange.js';
import type { Gate } from './gate.js';
import type { ServerLimits } from './limits.js';
import { parseJsonObjectBody } from './parse-json.js';
import { sendJson } from './responses.js';

/**
 * The rollout extension operations, under the Bedrock REST path of the alias (docs/server.md, Rollouts):
 * not Bedrock operations, so no SDK sends them, but signed and limited exactly like them (the same gate).
 */
type RolloutOperation = 'status' | 'start' | RolloutVerb | 'latch' | 'outcomes';

interface RolloutRoute {
  readonly operation: RolloutOperation;
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly path: readonly string[];
  readonly mutates: boolean;
}

const ROLLOUT = ['flows', '{flowIdentifier}', 'aliases', '{aliasIdentifier}', 'rollout'];

export const ROLLOUT_ROUTES: readonly RolloutRoute[] = [
  { operation: 'status', method: 'GET', path: ROLLOUT, mutates: false },
  { operation: 'start', method: 'PUT', path: ROLLOUT, mutates: true },
  ...ROLLOUT_VERBS.map((verb) => ({ operation: verb, method: 'POST' as const, path: [...ROLLOUT, verb], mutates: true })),
  { operation: 'latch', method: 'POST', path: [...ROLLOUT, 'latch'], mutates: true },
  { operation: 'outcomes', method: 'POST', path: [...ROLLOUT, 'outcomes'], mutates: true },
];

const ROLLOUT_PATH = /^\/flows\/[^/?]+\/aliases\/[^/?]+\/rollout(?:\/[^/?]*)?\/?$/;

/** Whether a request path is a rollout operation's (anything else under /flows/ is the Bedrock protocol's). */
export function isRolloutPath(path: string): boolean {
  return ROLLOUT_PATH.test(path);
}

export class RolloutProtocol {
  constructor(
    private readonly registry: AnyRegistry,
    private readonly gate: Gate,
    private readonly limits: ServerLimits,
    private readonly afterWrite: () => Promise<void> | void,
  ) {}

  async serve(exchange: Exchange): Promise<void> {
    const { route, labels, query, body } = await admitRest(exchange, ROLLOUT_ROUTES, this.gate, this.limits);
    for (const name of Object.keys(query)) throw new ValidationException(name, `is not a query parameter of rollout ${route.operation}`);
    const input = parseJsonObjectBody(body, this.limits.maxJsonDepth);
    const flow = labels.flowIdentifier as string;
    const alias = labels.aliasIdentifier as string;
    const output = await this.call(route.operation, flow, alias, input);
    if (route.mutates) await this.afterWrite();
    sendJson(exchange.res, 200, output, { 'x-amzn-requestid': exchange.requestId });
  }

  private async call(operation: RolloutOperation, flow: string, alias: string, input: Record<string, unknown>): Promise<unknown> {
    const r = this.registry;
    switch (operation) {
      case 'status':
        return r.rolloutStatus(flow, alias);
      case 'start':
        return r.startRollout(flow, alias, input as never);
      case 'latch':
        return r.latchRollout(flow, alias, input as never);
      case 'outcomes':
        return { windows: await r.recordRolloutOutcomes(flow, alias, input as never) };
      case 'pause':
        return r.pauseRollout(flow, alias, input);
      case 'resume':
        return r.resumeRollout(flow, alias, input);
      case 'promote':
        return r.promoteRollout(flow, alias, input);
      case 'abort':
        return r.abortRollout(flow, alias, input);
      case 'retry':
        return r.retryRollout(flow, alias, input);
      case 'skip':
        return r.skipRolloutStep(flow, alias, input);
    }
  }
}
