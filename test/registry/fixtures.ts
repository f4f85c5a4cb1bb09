import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, inject } from 'vitest';
import { FlowRegistry, isFlowAliasRouterException, type FlowAliasRouterException, type RegistryOptions } from '../../test/all-entries.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { openPostgresStore } from '../../src/stores/postgres.js';
import { openSqliteStore } from '../../src/stores/sqlite.js';
import type { RegistryStore } from '../../src/stores/store.js';
import { createDatabase } from '../harness/postgres.js';

/** 2024-01-01T00:00:00.000Z: every test registry's clock starts here. */
export const T0 = Date.UTC(2024, 0, 1);

/** A registry on any store: its methods answer values (memory, SQLite) or promises (PostgreSQL), so tests await them. */
export type AnyRegistry = FlowRegistry<RegistryStore>;

export type StoreKind = RegistryStore['kind'];

/**
 * The store every registry of this run is made on: `FLOW_ALIAS_ROUTER_TEST_STORE`, which the vitest projects
 * `memory`, `sqlite` and `postgres` set (vitest.config.ts); memory when unset.
 */
export const STORE: StoreKind = storeKind(process.env.FLOW_ALIAS_ROUTER_TEST_STORE);

function storeKind(value: string | undefined): StoreKind {
  if (value === undefined || value === '' || value === 'memory') return 'memory';
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new Error(`FLOW_ALIAS_ROUTER_TEST_STORE=${value}: expected memory, sqlite or postgres`);
}

/** Why this run cannot use its store (then every test of the file is skipped with it), or '' when it can. */
const unavailable = STORE === 'postgres' ? inject('pgSkip') : '';
if (unavailable !== '') {
  beforeEach((context) => {
    context.skip(`PostgreSQL store: ${unavailable}`);
  });
}

/**
 * Where the SQLite files go: a RAM-backed folder where there is one, so the store's fsync on every commit
 * (synchronous=FULL) costs nothing in tests; the SQL, WAL and locking are those of a file on disk.
 */
const SQLITE_PARENT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
/** This file's SQLite folder (a database file per registry in it), made on first use, removed after the file. */
let sqliteFolder: string | undefined;
/** This file's PostgreSQL database (a schema per registry in it), made on first use, dropped after the file. */
let pgDatabase: Promise<{ readonly url: string; drop(): Promise<void> }> | undefined;
let opened = 0;

/** A fresh, empty store of the kind under test, with the region and account a registry asks for. */
async function openStore(options: RegistryOptions): Promise<RegistryStore> {
  const identity = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.account === undefined ? {} : { account: options.account }),
  };
  opened++;
  if (STORE === 'sqlite') {
    sqliteFolder ??= mkdtempSync(join(SQLITE_PARENT, 'far-registry-'));
    return openSqliteStore(join(sqliteFolder, `registry-${opened}.db`), identity);
  }
  if (STORE === 'postgres') {
    pgDatabase ??= createDatabase(inject('pgUrl'), 'registry');
    // Two connections each: a file opens a registry per test, and files run two at a time.
    return openPostgresStore((await pgDatabase).url, { ...identity, schema: `registry_${opened}`, poolSize: 2 });
  }
  return new MemoryStore(identity);
}

/** Registries made during the current test (closed after it) and outside any test (closed after the file). */
const perTest = new Set<AnyRegistry>();
const perFile = new Set<AnyRegistry>();
let inTest = false;
beforeEach(() => {
  inTest = true;
});
afterEach(async () => {
  inTest = false;
  await Promise.all([...perTest].map((registry) => closeRegistry(registry)));
});
afterAll(async () => {
  await Promise.all([...perFile].map((registry) => closeRegistry(registry)));
  if (sqliteFolder !== undefined) rmSync(sqliteFolder, { recursive: true, force: true });
  await (await pgDatabase)?.drop();
});

/**
 * THE factory: every registry the registry, source, dialect and server tests use is made here, on a fresh
 * store of the kind under test (`STORE`), so one switch runs them all on another store. Closed after the
 * test that made it (after the file when made in `beforeAll`), or by `closeRegistry`.
 */
export async function makeRegistry(options: RegistryOptions = {}): Promise<AnyRegistry> {
  const registry = new FlowRegistry<RegistryStore>({ ...options, store: await openStore(options) });
  (inTest ? perTest : perFile).add(registry);
  return registry;
}

/** Closes a registry `makeRegistry` made (a property closes each of its runs' registries at once). */
export async function closeRegistry(registry: AnyRegistry): Promise<void> {
  if (perTest.delete(registry) || perFile.delete(registry)) await registry.close();
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

/**
 * The same record: deep-equal on every store, and the very object on the memory store, which hands out the
 * frozen records it holds (the SQL stores read a fresh copy each time).
 */
export function expectSameRecord(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  if (STORE === 'memory') expect(actual).toBe(expected);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
