import { FlowAliasRouterException, ValidationException } from '../../errors.js';
import { unreadable } from '../../input/read-input.js';

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
 * Runs one dialect operation so that it rejects only with typed exceptions, each given the dialect's code.
 * Anything untyped escaping is the caller's input failing to be read (a throwing getter, a revoked proxy):
 * the operation reads it before it calls the registry, and the registry guards its own calls. A failure
 * is always a rejection, never a synchronous throw, whatever the store.
 */
export async function runOperation<T>(
  run: () => Promise<T>,
  translate: (error: FlowAliasRouterException) => FlowAliasRouterException,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(unreadable('request', error));
  }
}
