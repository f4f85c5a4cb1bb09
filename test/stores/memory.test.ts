import { describe, expect, it } from 'vitest';
import { InternalServerException } from '../../src/errors.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { thrownBy } from '../harness/thrown.js';
import { change } from './fixtures.js';
import { storeConformance } from './store.suite.js';

storeConformance('memory', { open: async (options) => ({ store: new MemoryStore(options) }) });

describe('MemoryStore', () => {
  it('refuses a program that calls its own store, leaving the outer write undone', () => {
    const store = new MemoryStore();
    const error = thrownBy(() =>
      store.write(function* (tx) {
        yield* tx.nextRevision();
        store.write((inner) => inner.nextRevision());
      }),
    );
    expect(error).toBeInstanceOf(InternalServerException);
    expect(store.revision()).toBe(0);
  });

  it('purges retained changes in batches yet answers exactly across them', () => {
    const store = new MemoryStore({ retainRevisions: 10 });
    for (let r = 1; r <= 3000; r++) {
      store.write(function* (tx) {
        yield* tx.recordChanges([change('ALIAS00001')], yield* tx.nextRevision());
      });
    }
    expect(store.changesSince(2989, 100)).toBeUndefined();
    expect(store.changesSince(2990, 100)?.map((c) => c.revision)).toEqual(Array.from({ length: 10 }, (_, i) => 2991 + i));
  });
});
