import { ValidationException, isFlowAliasRouterException } from '../errors.js';

/**
 * Runs `read` over a caller's input so that it throws only the typed exceptions of errors.ts: those pass
 * unchanged, and anything else escaping (a throwing getter, a revoked proxy) is reported as a
 * `ValidationException` on `field` that "could not be read", with the original as its `cause`, never leaked.
 */
export function readInput<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isFlowAliasRouterException(error)) throw error;
    throw new ValidationException(field, 'could not be read', { cause: error });
  }
}
