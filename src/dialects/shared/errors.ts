import { FlowAliasRouterException, ValidationException } from '../../errors.js';
import { readInput } from '../../input/read-input.js';

type ExceptionClass = new (message: string, options?: { cause?: unknown; code?: string }) => FlowAliasRouterException;

/** The same exception (class, message, field, cause, stack) with another `code`. */
export function recode(error: FlowAliasRouterException, code: string): FlowAliasRouterException {
  if (error.code === code) return error;
  const options = error.cause === undefined ? { code } : { code, cause: error.cause };
  const copy =
    error instanceof ValidationException
      ? new ValidationException(error.field, error.message.slice(error.field.length + 2), options)
      : new (error.constructor as ExceptionClass)(error.message, options);
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

/**
 * Runs one dialect operation so that it throws only typed exceptions, each given the dialect's code.
 * Anything untyped escaping is the caller's input failing to be read (a throwing getter, a revoked proxy):
 * the operation reads it before it calls the registry, and the registry guards its own calls.
 */
export function runOperation<T>(run: () => T, translate: (error: FlowAliasRouterException) => FlowAliasRouterException): T {
  try {
    return readInput('request', run);
  } catch (error) {
    throw translate(error as FlowAliasRouterException);
  }
}

