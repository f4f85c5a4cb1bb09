import { describe, expect, it } from 'vitest';
import { compileRouting, ValidationException } from '../../src/index.js';

describe('compileRouting', () => {
  it('compiles two versions into a single compare', () => {
    const table = compileRouting([
      { version: '1', weight: 80 },
      { version: '2', weight: 20 },
    ]);
    expect(table.strategy).toBe('compare');
    expect(table.select(0)).toBe('1');
    expect(table.select(0.7999999)).toBe('1');
    expect(table.select(0.8)).toBe('2');
  });

  it('names the field at fault', () => {
    expect(() => compileRouting([{ version: '1', weight: -1 }])).toThrow(ValidationException);
  });
});
