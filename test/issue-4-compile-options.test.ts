import { describe, expect, it } from 'vitest';
import { compileRouting } from '../test/all-entries.js';
import { fieldOf } from './field-of.js';

/**
 * Issue 4 (found by the bad-input property): `compileRouting(entries, null)` threw a TypeError, and labels that
 * were not strings gave a ValidationException whose `field` was undefined. Both now name the field at fault.
 */

const ENTRIES = [
  { version: '1', weight: 80 },
  { version: '2', weight: 20 },
];

describe('issue 4: compileRouting validates its options', () => {
  it('null or non-object options are a ValidationException on options, not a TypeError', () => {
    expect(fieldOf(() => compileRouting(ENTRIES, null as never))).toBe('options');
    expect(fieldOf(() => compileRouting(ENTRIES, 5 as never))).toBe('options');
  });

  it('labels must name every field with a non-empty string', () => {
    expect(fieldOf(() => compileRouting(ENTRIES, { labels: {} as never }))).toBe('labels.list');
    expect(fieldOf(() => compileRouting(ENTRIES, { labels: { list: 'L', version: '', weight: 'W' } }))).toBe('labels.version');
    expect(fieldOf(() => compileRouting(ENTRIES, { labels: 'Weights' as never }))).toBe('labels');
  });

  it('valid options still compile, and labels still name the fields of entry errors', () => {
    expect(compileRouting(ENTRIES, {}).select(0.9)).toBe('2');
    expect(compileRouting(ENTRIES, { labels: null as never }).select(0.1)).toBe('1');
    const labels = { list: 'RoutingConfigurations', version: 'Version', weight: 'Weight' };
    expect(fieldOf(() => compileRouting([{ Version: '1', Weight: -1 }], { labels }))).toBe('RoutingConfigurations[0].Weight');
  });
});
