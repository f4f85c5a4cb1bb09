import { afterAll, expect } from 'vitest';
import { FlowRegistry, isFlowAliasRouterException, type FlowAliasRouterException, type RegistryOptions } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory.js';
import type { RegistryStore } from '../../src/stores/store.js';

/** 2024-01-01T00:00:00.000Z: every test registry's clock starts here. */
export const T0 = Date.UTC(2024, 0, 1);

/** A registry on any store: its methods answer values (memory, SQLite) or promises (PostgreSQL), so tests await them. */
export type AnyRegistry = FlowRegistry<RegistryStore>;

/** The store the registry and dialect tests run on, with the region and account a registry asks for. */
async function openStore(options: RegistryOptions): Promise<RegistryStore> {
  return new MemoryStore({ region: options.region, account: options.account });
}

const open = new Set<AnyRegistry>();
afterAll(async () => {
  await Promise.all([...open].map((registry) => closeRegistry(registry)));
});

/**
 * THE factory: every registry the registry, source, dialect and server tests use is made here, on the store
 * under test, so one switch runs them all on another store. Closed after the file, or by `closeRegistry`.
 */
export async function makeRegistry(options: RegistryOptions = {}): Promise<AnyRegistry> {
  const registry = new FlowRegistry<RegistryStore>({ ...options, store: await openStore(options) });
  open.add(registry);
  return registry;
}

/** Closes a registry `makeRegistry` made (a property closes each of its runs' registries at once). */
export async function closeRegistry(registry: AnyRegistry): Promise<void> {
  if (open.delete(registry)) await registry.close();
}

export interface TestRegistry {
  readonly registry: AnyRegistry;
  /** Moves the registry's clock forward. */
  advance(ms: number): void;
}

/** A registry with sequential IDs (`ID00000001`, ...) and a clock that moves only when told. */
export async function testRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  let next = 0;
  let now = T0;
  const registry = await makeRegistry({
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

/**
 * What `call` fails with, whether it throws at once (a registry on a synchronous store) or returns a promise
 * that rejects (the dialect APIs; a registry on PostgreSQL). Fails the test if the call succeeds, or fails
 * with anything but one of our typed exceptions.
 */
export async function failureOf(call: () => unknown): Promise<FlowAliasRouterException> {
  try {
    await call();
  } catch (error) {
    expect(isFlowAliasRouterException(error), `expected a typed exception, got ${String(error)}`).toBe(true);
    return error as FlowAliasRouterException;
  }
  throw new Error('expected the call to fail with a typed exception, but it succeeded');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
