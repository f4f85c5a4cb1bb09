import { FlowRegistry, type RegistryOptions } from '../../src/index.js';

/** 2024-01-01T00:00:00.000Z: every test registry's clock starts here. */
export const T0 = Date.UTC(2024, 0, 1);

export interface TestRegistry {
  readonly registry: FlowRegistry;
  /** Moves the registry's clock forward. */
  advance(ms: number): void;
}

/** A registry with sequential IDs (`ID00000001`, ...) and a clock that moves only when told. */
export function testRegistry(options: RegistryOptions = {}): TestRegistry {
  let next = 0;
  let now = T0;
  const registry = new FlowRegistry({
    generateId: () => `ID${String(++next).padStart(8, '0')}`,
    wallClock: () => now,
    ...options,
  });
  return {
    registry,
    advance(ms) {
      now += ms;
    },
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
