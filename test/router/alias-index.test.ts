import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AliasIndex, home, Slot } from '../../src/router/alias-index.js';

type Op = { kind: 'set'; flow: number; alias: number; row: number } | { kind: 'delete'; flow: number; alias: number; wrongRow: boolean };

// Few names, so pairs collide and probe runs are long: 8 flows x 24 aliases = 192 pairs against a table
// that starts at 64 slots and grows twice.
const FLOWS = 8;
const ALIASES = 24;

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), flow: fc.nat(FLOWS - 1), alias: fc.nat(ALIASES - 1), row: fc.integer({ min: 1, max: 1e6 }) }),
  fc.record({ kind: fc.constant('delete' as const), flow: fc.nat(FLOWS - 1), alias: fc.nat(ALIASES - 1), wrongRow: fc.boolean() }),
);

/** Where the index disagrees with the model, or '' (plain compares: this runs after every step). */
function disagreement(index: AliasIndex, model: Map<string, number>): string {
  for (let f = 0; f < FLOWS; f++) {
    for (let a = 0; a < ALIASES; a++) {
      const at = index.find(`f${f}`, `a${a}`);
      const row = model.get(`f${f}/a${a}`);
      if (row === undefined) {
        if (at !== -1) return `f${f}/a${a} found but deleted`;
        continue;
      }
      if (at < 0) return `f${f}/a${a} not found`;
      const fields = [index.slots[at + Slot.Row], index.slots[at + Slot.Selector], index.slots[at + Slot.Salt], index.slots[at + Slot.Epoch]];
      if (fields.join() !== [row, row % 7, -row, row * 3].join()) return `f${f}/a${a} holds ${fields.join()} for row ${row}`;
    }
  }
  if (index.size !== model.size) return `size ${index.size} against ${model.size}`;
  const names = [...model.keys()].map((key) => key.split('/'));
  const { flows, aliases, capacity } = index.footprint();
  if (flows !== new Set(names.map(([flow]) => flow)).size) return `${flows} flow ids in use`;
  if (aliases !== new Set(names.map(([, alias]) => alias)).size) return `${aliases} alias ids in use`;
  // At most 80% full, so every probe ends at an empty slot.
  if (model.size > capacity * 0.8) return `${model.size} pairs in ${capacity} slots`;
  return '';
}

describe('AliasIndex', () => {
  it('agrees with a Map after any sequence of sets and deletes, through growth and backward shifts', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 200, maxLength: 600, size: 'max' }), (ops) => {
        const index = new AliasIndex();
        const model = new Map<string, number>();
        for (const step of ops) {
          const flow = `f${step.flow}`;
          const alias = `a${step.alias}`;
          const key = `${flow}/${alias}`;
          if (step.kind === 'set') {
            const added = !model.has(key);
            const at = index.set(flow, alias);
            const fields = [...index.slots.subarray(at + Slot.Row, at + Slot.Length)];
            if (added && fields.some((field) => field !== 0)) return expect.fail(`a new slot for ${key} holds ${fields.join()}`);
            index.slots[at + Slot.Row] = step.row;
            index.slots[at + Slot.Selector] = step.row % 7;
            index.slots[at + Slot.Salt] = -step.row;
            index.slots[at + Slot.Epoch] = step.row * 3;
            model.set(key, step.row);
          } else {
            const held = model.get(key);
            const row = held === undefined ? 1 : step.wrongRow ? held + 1 : held;
            const deleted = index.delete(flow, alias, row);
            expect(deleted).toBe(held !== undefined && !step.wrongRow);
            if (deleted) model.delete(key);
          }
          const problem = disagreement(index, model);
          if (problem !== '') return expect.fail(`after ${step.kind} ${key}: ${problem}`);
        }
        // Long enough that the table grew (64 slots hold 51 pairs) and deletes shifted runs.
        expect(index.footprint().capacity).toBeGreaterThan(64);
      }),
      { numRuns: 40 },
    );
  });

  it('frees the ids of names no pair uses any more', () => {
    const index = new AliasIndex();
    index.set('flow', 'x');
    index.set('flow', 'y');
    index.set('other', 'x');
    expect(index.footprint()).toMatchObject({ flows: 2, aliases: 2 });
    index.delete('other', 'x', 0);
    expect(index.footprint()).toMatchObject({ flows: 1, aliases: 2 });
    index.delete('flow', 'x', 0);
    index.delete('flow', 'y', 0);
    expect(index.footprint()).toMatchObject({ flows: 0, aliases: 0 });
    expect(index.find('flow', 'x')).toBe(-1);
  });

  it('tells pairs apart that share a flow or an alias, and names that differ only in where they split', () => {
    const index = new AliasIndex();
    const pairs: [string, string][] = [
      ['ab', 'c'],
      ['a', 'bc'],
      ['c', 'ab'],
      ['ab', 'ab'],
    ];
    pairs.forEach(([flow, alias], i) => (index.slots[index.set(flow, alias) + Slot.Row] = i + 1));
    pairs.forEach(([flow, alias], i) => expect(index.slots[index.find(flow, alias) + Slot.Row]).toBe(i + 1));
    expect(index.find('a', 'b')).toBe(-1);
    expect(index.find('abc', '')).toBe(-1);
  });

  it('spreads dense ids over the whole table as random hashing would, from one flow of many aliases to many flows of one', () => {
    for (const [flows, aliases] of [
      [1024, 1],
      [100, 100],
      [1, 5000],
      [300, 7],
    ] as const) {
      const index = new AliasIndex();
      for (let f = 0; f < flows; f++) for (let a = 0; a < aliases; a++) index.set(`f${f}`, `a${a}`);
      const capacity = index.footprint().capacity;
      const shift = 32 - Math.log2(capacity);
      let total = 0;
      let longest = 0;
      for (let f = 0; f < flows; f++) {
        for (let a = 0; a < aliases; a++) {
          const at = index.find(`f${f}`, `a${a}`);
          const start = home(index.slots[at + Slot.Flow] as number, index.slots[at + Slot.Alias] as number, shift);
          const probes = ((at / Slot.Length - start) & (capacity - 1)) + 1;
          total += probes;
          longest = Math.max(longest, probes);
        }
      }
      // As random hashing does (Knuth: (1 + 1 / (1 - load)) / 2 probes on average), within a quarter.
      const load = (flows * aliases) / capacity;
      expect(total / (flows * aliases), `${flows} x ${aliases}`).toBeLessThan(1.25 * 0.5 * (1 + 1 / (1 - load)));
      expect(longest, `${flows} x ${aliases}`).toBeLessThan(80);
    }
  });
});
