import { randomUUID } from 'node:crypto';
import { InternalServerException, ValidationException, type FlowAliasRouterException } from '../../errors.js';
import { readFields } from '../../input/fields.js';
import { FlowRegistry } from '../../registry/registry.js';
import { recode, runOperation } from '../shared/errors.js';
import type { AnyRegistry } from '../shared/registry.js';
import { cloudflowCode } from './codes.js';
import {
  createFlow,
  createFlowAlias,
  deleteFlowAlias,
  describeFlow,
  describeFlowAlias,
  listFlowAliases,
  publishFlowVersion,
  updateFlowAlias,
  type CallContext,
} from './operations.js';
import type { TimeFormat } from './render.js';
import type { CloudFlowApi } from './types.js';

export interface CloudFlowApiOptions {
  /** Generates each response's `RequestId`. Default: an upper-case UUID, as in the references' examples. */
  readonly requestId?: () => string;
  /**
   * Writes response times. Default `Date.prototype.toISOString` (`2020-01-01T01:01:01.001Z`, as in the
   * CreateFlowAlias example); some references show a UTC offset instead (`2025-10-24T14:11:26+08:00`).
   * It must return a string; if it throws once a change is committed, that response falls back to ISO.
   */
  readonly formatTime?: TimeFormat;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['requestId', 'formatTime']);

function cloudflowError(error: FlowAliasRouterException): FlowAliasRouterException {
  return recode(error, cloudflowCode(error));
}

function requestIdFrom(generate: () => string): string {
  let value: unknown;
  try {
    value = generate();
  } catch (error) {
    throw new InternalServerException('the request ID generator failed', { cause: error });
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new InternalServerException('the request ID generator returned no string of 1 to 256 characters');
  }
  return value;
}

/**
 * Times are written after a change is committed, so a formatter that throws or returns no string there
 * falls back to ISO-8601 rather than report a committed change as a failure; it is tried once up front.
 */
function safeFormat(format: TimeFormat): TimeFormat {
  const sample = new Date(0);
  let probe: unknown;
  try {
    probe = format(sample);
  } catch (error) {
    throw new ValidationException('options.formatTime', 'threw on a sample time', { cause: error });
  }
  if (typeof probe !== 'string') throw new ValidationException('options.formatTime', 'must return a string');
  return (time) => {
    try {
      const text: unknown = format(time);
      if (typeof text === 'string') return text;
    } catch {
      // Fall through to the default format.
    }
    return time.toISOString();
  };
}

function defaultRequestId(): string {
  return randomUUID().toUpperCase();
}

function isoTime(time: Date): string {
  return time.toISOString();
}

/**
 * The registry in the shape of CloudFlow's API: each method takes the PascalCase request of the
 * reference and returns a promise of its response with a `RequestId`, on a registry on any store.
 * A failure is a rejection (never a synchronous throw) with one of the typed exceptions of errors.ts,
 * carrying a CloudFlow `code` (and its HTTP status). Flows and aliases are addressed by name.
 */
export function cloudflowApi(registry: AnyRegistry, options: CloudFlowApiOptions = {}): CloudFlowApi {
  if (!(registry instanceof FlowRegistry)) throw new ValidationException('registry', 'must be a FlowRegistry');
  const f = readFields(options, 'options', OPTION_KEYS);
  for (const key of ['requestId', 'formatTime'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'function') throw new ValidationException(`options.${key}`, 'must be a function');
  }
  const generate = (f.requestId as (() => string) | undefined) ?? defaultRequestId;
  const format = f.formatTime === undefined ? isoTime : safeFormat(f.formatTime as TimeFormat);
  const run = <T>(operation: (ctx: CallContext) => Promise<T>): Promise<T> =>
    runOperation(() => operation({ registry, requestId: requestIdFrom(generate), format }), cloudflowError);
  return Object.freeze({
    createFlow: (input) => run((ctx) => createFlow(ctx, input)),
    describeFlow: (input) => run((ctx) => describeFlow(ctx, input)),
    publishFlowVersion: (input) => run((ctx) => publishFlowVersion(ctx, input)),
    createFlowAlias: (input) => run((ctx) => createFlowAlias(ctx, input)),
    updateFlowAlias: (input) => run((ctx) => updateFlowAlias(ctx, input)),
    describeFlowAlias: (input) => run((ctx) => describeFlowAlias(ctx, input)),
    getFlowAlias: (input) => run((ctx) => describeFlowAlias(ctx, input)),
    listFlowAliases: (input) => run((ctx) => listFlowAliases(ctx, input)),
    deleteFlowAlias: (input) => run((ctx) => deleteFlowAlias(ctx, input)),
  } satisfies CloudFlowApi);
}
