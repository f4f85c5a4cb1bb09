import { ValidationException, isFlowAliasRouterException, type FlowAliasRouterException } from '../errors.js';

/**
 * Runs `read` over a caller's input so that it throws only the typed exceptions of errors.ts: those pass
 * unchanged, and anything else escaping (a throwing getter, a revoked proxy) is reported as a
 * `ValidationException` on `field` that "could not be read", with the original as its `cause`, never leaked.
 */
export function readInput<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw unreadable(field, error);
  }
}

/** What `readInput` throws for `error`: the error itself if typed, else a "could not be read" on `field`. */
export function unreadable(field: string, error: unknown): FlowAliasRouterException {
  if (isFlowAliasRouterException(error)) return error;
  return new ValidationException(field, 'could not be read', { cause: error });
}
