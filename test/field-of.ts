import { expect } from 'vitest';
import { ValidationException, type FlowAliasRouterException } from '../test/all-entries.js';

/** Runs `fn`, expects a ValidationException, and returns the field it names. */
export function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationException);
    return (error as ValidationException).field;
  }
  throw new Error('expected a ValidationException');
}

/** Runs `fn`, expects an exception of `type`, and returns its vendor `code`. */
export function codeOf(fn: () => unknown, type: new (...args: never[]) => FlowAliasRouterException): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return (error as FlowAliasRouterException).code;
  }
  throw new Error(`expected a ${type.name}`);
}
