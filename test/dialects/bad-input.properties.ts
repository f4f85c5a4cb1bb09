import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { FlowRegistry, isFlowAliasRouterException } from '../../test/all-entries.js';
import { closeRegistry, type AnyRegistry } from '../registry/fixtures.js';

/**
 * The bad-input property of the dialects, reusable for any list of operations: every call returns a promise
 * (it never throws) that resolves or rejects with one of our typed exceptions; a call that fails leaves
 * `registry.snapshot()` deep-equal to the snapshot before it; no call pollutes `Object.prototype`; and the
 * state stays valid (it restores).
 */

/** One operation of a dialect, with valid requests (against the state `setup` builds) to mutate. */
export interface OperationUnderTest {
  readonly name: string;
  readonly valid: readonly Record<string, unknown>[];
}

export interface BadInputSuite {
  /** A fresh registry (from the one test factory) with some state, and the dialect's operations by name. */
  readonly setup: () => Promise<{ readonly registry: AnyRegistry; readonly api: Readonly<Record<string, (input: unknown) => Promise<unknown>>> }>;
  readonly operations: readonly OperationUnderTest[];
}

/** Values that have broken validators elsewhere: boundaries, wrong types, prototype keys, huge numbers. */
const NASTY: readonly unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 31,
  1e300,
  -0,
  '',
  ' ',
  '-a',
  'a__b',
  'a'.repeat(101),
  'a'.repeat(129),
  'a'.repeat(201),
  'x'.repeat(5000),
  '__proto__',
  'DRAFT',
  'TSTALIASID',
  '0',
  '99999',
  'arn:aws:bedrock:eu-west-1:123456789012:flow/ID00000001',
  [],
  [{}],
  [{}, {}, {}],
  {},
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  new Date(0),
  new Map([['a', 1]]),
];

const ADDED_KEYS = ['__proto__', 'constructor', 'prototype', 'extra', 'weight', 'Weight', 'toString'];

type Path = readonly (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (typeof value === 'object' && value !== null && at.length < 6) {
    for (const key of Object.keys(value)) paths((value as Record<string, unknown>)[key], [...at, Array.isArray(value) ? Number(key) : key], out);
  }
  return out;
}

type Mutation = 'set' | 'delete' | 'add';

/** A valid request with one node replaced, deleted, or given an extra (possibly prototype) key. */
function mutate(base: Record<string, unknown>, pick: number, value: unknown, mutation: Mutation, key: string): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const all = paths(copy);
  const path = all[pick % all.length] ?? [];
  if (path.length === 0) return mutation === 'set' ? value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (mutation === 'set') parent[last] = value;
  else if (mutation === 'delete') delete parent[last];
  else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Arbitrary JSON, arbitrary JS objects, valid requests and mutations of them. */
export function badInputArbitrary(valid: readonly Record<string, unknown>[]): fc.Arbitrary<unknown> {
  const json = fc.jsonValue({ maxDepth: 3 });
  const anything = fc.object({ maxDepth: 2, maxKeys: 5, withNullPrototype: true, withDate: true, withMap: true, withBigInt: true });
  if (valid.length === 0) return fc.oneof(json, anything);
  const mutated = fc
    .tuple(
      fc.constantFrom(...valid),
      fc.nat(),
      fc.oneof(fc.constantFrom(...NASTY), json),
      fc.constantFrom<Mutation>('set', 'delete', 'add'),
      fc.constantFrom(...ADDED_KEYS),
    )
    .map(([base, pick, value, mutation, key]) => mutate(base, pick, value, mutation, key));
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: fc.constantFrom(...valid), weight: 1 },
    { arbitrary: json, weight: 2 },
    { arbitrary: anything, weight: 1 },
  );
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The property over short sequences of calls, each to an operation of `suite` with a (likely bad) input. */
export function badInputProperty(suite: BadInputSuite): fc.IAsyncProperty<[[string, unknown][]]> {
  const call = fc.constantFrom(...suite.operations).chain((op) => fc.tuple(fc.constant(op.name), badInputArbitrary(op.valid)));
  return fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 4 }), async (calls) => {
    const { registry, api } = await suite.setup();
    try {
      for (const [name, input] of calls) {
        const operation = api[name];
        if (operation === undefined) throw new Error(`the suite has no operation ${name}`);
        const before = await registry.snapshot();
        let answer: unknown;
        try {
          answer = operation(input);
        } catch (error) {
          throw new Error(`${name}(${describe(input)}) threw instead of returning a rejected promise: ${String(error)}`, { cause: error });
        }
        if (!(answer instanceof Promise)) throw new Error(`${name}(${describe(input)}) returned no promise`);
        try {
          await answer;
        } catch (error) {
          if (!isFlowAliasRouterException(error)) throw new Error(`${name}(${describe(input)}) rejected with an untyped ${String(error)}`, { cause: error });
          if (!isDeepStrictEqual(await registry.snapshot(), before)) {
            throw new Error(`${name}(${describe(input)}) failed with ${error.name} but changed the registry`, { cause: error });
          }
        }
        if (Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined) {
          throw new Error(`${name}(${describe(input)}) polluted Object.prototype`);
        }
      }
      FlowRegistry.restore(JSON.parse(JSON.stringify(await registry.snapshot())));
    } finally {
      await closeRegistry(registry);
    }
  });
}
