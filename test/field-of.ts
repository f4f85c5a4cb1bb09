import { expect } from 'vitest';
import { ValidationException } from '../src/index.js';

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
