import { describe, expect, it } from 'vitest';
import { MemorySource, ValidationException, type AliasChange } from '../../test/all-entries.js';

describe('change listeners (shared by MemorySource and FlowRegistry)', () => {
  it('reports a throwing listener to onListenerError with the change, and still applies the write', () => {
    const reported: Array<[unknown, AliasChange]> = [];
    const source = new MemorySource({ onListenerError: (error, change) => reported.push([error, change]) });
    const bug = new Error('listener bug');
    source.subscribe(() => {
      throw bug;
    });
    expect(() => source.set('f', 'a', [{ version: '1', weight: 1 }])).not.toThrow();
    expect(source.getRouting('f', 'a').entries).toEqual([{ version: '1', weight: 1 }]);
    expect(reported).toEqual([[bug, { kind: 'created', identity: 'f/a' }]]);
  });

  it('ignores an onListenerError that throws too', () => {
    const seen: AliasChange[] = [];
    const source = new MemorySource({
      onListenerError: () => {
        throw new Error('reporter bug');
      },
    });
    source.subscribe(() => {
      throw new Error('listener bug');
    });
    source.subscribe((change) => seen.push(change));
    expect(source.delete('f', 'a')).toBe(false);
    source.set('f', 'a', [{ version: '1', weight: 1 }]);
    expect(source.delete('f', 'a')).toBe(true);
    expect(seen.map((change) => change.kind)).toEqual(['created', 'deleted']);
  });

  it('refuses a listener or a handler that is not a function', () => {
    expect(() => new MemorySource({ onListenerError: 'log' as never })).toThrow(ValidationException);
    expect(() => new MemorySource().subscribe('listener' as never)).toThrow(ValidationException);
  });
});
