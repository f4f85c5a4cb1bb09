import { expect } from 'vitest';
import { isFlowAliasRouterException, type FlowAliasRouterException, type FlowRegistry } from '../../src/index.js';

/** Runs `call`, expects it to throw a typed exception matching `expected`, and the registry to be unchanged. */
export function expectRefused(
  registry: FlowRegistry,
  call: () => unknown,
  expected: Partial<Pick<FlowAliasRouterException, 'name' | 'code' | 'httpStatus'>> & { field?: string },
): void {
  const before = registry.snapshot();
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(isFlowAliasRouterException(thrown), `expected a typed exception, got ${String(thrown)}`).toBe(true);
  expect(thrown).toMatchObject(expected);
  expect(registry.snapshot()).toStrictEqual(before);
}
