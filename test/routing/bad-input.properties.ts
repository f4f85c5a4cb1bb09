import fc from 'fast-check';
import { expect } from 'vitest';
import {
  compileRouting,
  FlowAliasRouterException,
  MAX_ENTRIES,
  MAX_VERSION_LENGTH,
  MAX_WEIGHT,
  MemorySource,
  RoutingTable,
  ValidationException,
  type AliasChange,
  type RoutingEntry,
} from '../../test/all-entries.js';
import type { PropertyRun } from '../harness/property-run.js';
import { thrownBy } from '../harness/thrown.js';
import { routingConfigs } from './fixtures.js';

/** Bad input: whatever a caller passes, the answer is a result or one of our typed exceptions, never another error. */

/** Any value at all: JSON, and JavaScript values JSON cannot carry (NaN, -0, symbols, sparse arrays, ...). */
const anyValue = fc.oneof(fc.jsonValue(), fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true }));

/** Entries whose every field may be broken in a way a client could break it. */
const looseEntries = fc.array(
  fc.oneof(
    fc.record(
      {
        version: fc.oneof(fc.string({ maxLength: 4 }), fc.constant('x'.repeat(MAX_VERSION_LENGTH + 1)), anyValue),
        weight: fc.oneof(fc.integer({ min: -2, max: 100 }), fc.constantFrom(MAX_WEIGHT, MAX_WEIGHT + 1, 0.5, -0, NaN, Infinity, '5', 1e300), anyValue),
      },
      { requiredKeys: [] },
    ),
    anyValue,
  ),
  { maxLength: 6 },
);

/** Compile options: any value, or the real keys holding anything from valid to absurd. */
const anyOptions = fc.oneof(
  fc.constant(undefined),
  anyValue,
  fc.record(
    {
      selector: fc.oneof(fc.constantFrom('auto', 'constant', 'compare', 'guide', 'alias', 'binary'), anyValue),
      labels: fc.oneof(
        anyValue,
        fc.record({ list: fc.oneof(fc.string(), anyValue), version: fc.oneof(fc.string(), anyValue), weight: fc.oneof(fc.string(), anyValue) }, { requiredKeys: [] }),
      ),
    },
    { requiredKeys: [] },
  ),
);

/**
 * `compileRouting(anything, anything)` returns a consistent table or throws a ValidationException naming a
 * field; a table it returns routes exactly the entries given with weight > 0.
 */
export function compileAcceptsOrRejects(runs: number): PropertyRun<[unknown, unknown]> {
  return {
    property: fc.property(fc.oneof(anyValue, looseEntries), anyOptions, (entries, options) => {
      let table: RoutingTable | undefined;
      const error = thrownBy(() => {
        table = compileRouting(entries, options as never);
      });
      if (error !== undefined) {
        expect(error).toBeInstanceOf(ValidationException);
        expect(typeof (error as ValidationException).field).toBe('string');
        return;
      }
      expect(table).toBeInstanceOf(RoutingTable);
      const given = (entries as RoutingEntry[]).filter((entry) => entry.weight > 0);
      expect([...(table as RoutingTable).versions].sort()).toEqual(given.map((entry) => entry.version).sort());
      expect((table as RoutingTable).total).toBe(given.reduce((sum, entry) => sum + entry.weight, 0));
    }),
    parameters: { numRuns: runs },
  };
}

/** Ways to break one entry, each with the field the error must name. */
const corruptions: readonly [string, (entry: RoutingEntry, first: RoutingEntry) => unknown, string][] = [
  ['version not a string', (entry) => ({ version: 7, weight: entry.weight }), 'version'],
  ['empty version', (entry) => ({ version: '', weight: entry.weight }), 'version'],
  ['version too long', (entry) => ({ version: 'v'.repeat(MAX_VERSION_LENGTH + 1), weight: entry.weight }), 'version'],
  ['duplicate version', (entry, first) => ({ version: first.version, weight: entry.weight }), 'version'],
  ['negative weight', (entry) => ({ version: entry.version, weight: -1 }), 'weight'],
  ['fractional weight', (entry) => ({ version: entry.version, weight: 2.5 }), 'weight'],
  ['weight too large', (entry) => ({ version: entry.version, weight: MAX_WEIGHT + 1 }), 'weight'],
  ['weight as a string', (entry) => ({ version: entry.version, weight: String(entry.weight) }), 'weight'],
  ['NaN weight', (entry) => ({ version: entry.version, weight: NaN }), 'weight'],
  ['not an object', () => 'v1:50', ''],
  ['null', () => null, ''],
];

/** One broken entry in an otherwise valid config: the error names that entry and field, e.g. `entries[3].weight`. */
export function errorNamesTheBrokenField(runs: number): PropertyRun<[RoutingEntry[], number, number]> {
  return {
    property: fc.property(routingConfigs({ maxVersions: 20, maxEntries: 20, minVersions: 2 }), fc.nat(), fc.nat(), (entries, at, how) => {
      const index = 1 + (at % (entries.length - 1));
      const [, corrupt, field] = corruptions[how % corruptions.length] as (typeof corruptions)[number];
      const broken: unknown[] = entries.map((entry, i) => (i === index ? corrupt(entry, entries[0] as RoutingEntry) : entry));
      const error = thrownBy(() => compileRouting(broken));
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).field).toBe(field === '' ? `entries[${index}]` : `entries[${index}].${field}`);
    }),
    parameters: { numRuns: runs },
  };
}

/** The list itself: not an array, empty, too long, or with no weight above 0. */
export function errorNamesTheList(runs: number): PropertyRun<[unknown]> {
  const badLists = fc.oneof(
    anyValue.filter((value) => !Array.isArray(value)),
    fc.constant([]),
    fc.constant(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => ({ version: `v${i}`, weight: 1 }))),
    fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }).map((names) => names.map((version) => ({ version, weight: 0 }))),
  );
  return {
    property: fc.property(badLists, (list) => {
      const error = thrownBy(() => compileRouting(list));
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).field).toBe('entries');
    }),
    parameters: { numRuns: runs },
  };
}

/** `select` and `selectHash` take anything: an in-range argument gives a configured version, anything else a ValidationException. */
export function selectAcceptsOrRejects(runs: number): PropertyRun<[RoutingEntry[], unknown, unknown]> {
  const numbers = fc.oneof(fc.double(), fc.integer(), fc.double({ min: 0, max: 1, maxExcluded: true }), fc.nat({ max: 0xffffffff }), anyValue);
  return {
    property: fc.property(routingConfigs({ maxVersions: 20, maxEntries: 20 }), numbers, numbers, (entries, u, keyHash) => {
      const table = compileRouting(entries);
      for (const run of [() => table.select(u as number), () => table.selectHash(keyHash as number)]) {
        let version: string | undefined;
        const error = thrownBy(() => {
          version = run();
        });
        if (error === undefined) expect(table.versions).toContain(version);
        else expect(error).toBeInstanceOf(ValidationException);
      }
    }),
    parameters: { numRuns: runs },
  };
}

/** A MemorySource `set` with bad input throws a ValidationException and changes nothing: same config, no event. */
export function memorySourceUnchangedOnFailure(runs: number): PropertyRun<[RoutingEntry[], unknown, unknown, unknown]> {
  return {
    property: fc.property(
      routingConfigs({ maxVersions: 10, maxEntries: 10 }),
      fc.oneof(fc.constant('flow'), anyValue),
      fc.oneof(fc.constant('alias'), anyValue),
      fc.oneof(anyValue, looseEntries),
      (valid, flow, alias, entries) => {
        const source = new MemorySource();
        const before = source.set('flow', 'alias', valid);
        const events: AliasChange[] = [];
        source.subscribe((change) => events.push(change));
        const error = thrownBy(() => source.set(flow as string, alias as string, entries as RoutingEntry[]));
        if (error === undefined) return;
        expect(error).toBeInstanceOf(ValidationException);
        expect(error).toBeInstanceOf(FlowAliasRouterException);
        expect(source.getRouting('flow', 'alias')).toBe(before);
        expect(events).toEqual([]);
      },
    ),
    parameters: { numRuns: runs },
  };
}
