import { canonicalJson } from '../../input/json-document.js';
import type { WriteOptions } from '../../registry/inputs.js';

/**
 * The registry option that makes a create idempotent: the `clientToken`, scoped to the operation, and the
 * validated request (flow resolved to its ID, keys sorted) as its fingerprint.
 */
export function idempotency(operation: string, token: string | undefined, request: unknown): WriteOptions {
  return token === undefined ? {} : { clientToken: { key: `bedrock:${operation}:${token}`, fingerprint: canonicalJson(request) } };
}
