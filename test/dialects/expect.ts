import { expect } from 'vitest';
import type { FlowAliasRouterException } from '../../test/all-entries.js';
import { failureOf, type AnyRegistry } from '../registry/fixtures.js';

/** Runs `call`, expects it to fail with a typed exception matching `expected`, and the registry to be unchanged. */
export async function expectRefused(
  registry: AnyRegistry,
  call: () => unknown,
  expected: Partial<Pick<FlowAliasRouterException, 'name' | 'code' | 'httpStatus'>> & { field?: string },
): Promise<void> {
  const before = await registry.snapshot();
  expect(await failureOf(call)).toMatchObject(expected);
  expect(await registry.snapshot()).toStrictEqual(before);
}
