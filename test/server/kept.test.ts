import { describe, expect, it } from 'vitest';
import { Kept } from '../../src/wire/kept.js';

describe('Kept', () => {
  it('computes a key once, recomputes long keys every time, and stays bounded', () => {
    const calls: string[] = [];
    const kept = new Kept((key: string) => {
      calls.push(key);
      return key.length;
    }, 3, 8);
    expect(kept.get('a')).toBe(1);
    expect(kept.get('a')).toBe(1);
    expect(calls).toEqual(['a']);
    expect(kept.get('123456789')).toBe(9);
    expect(kept.get('123456789')).toBe(9);
    expect(calls.filter((c) => c === '123456789')).toHaveLength(2);
    for (const key of ['b', 'c', 'd', 'e']) expect(kept.get(key)).toBe(1);
    // Full at three keys: it was emptied, so 'a' is computed again, and every answer is still right.
    expect(kept.get('a')).toBe(1);
    expect(calls.filter((c) => c === 'a')).toHaveLength(2);
  });

  it('keeps an undefined answer as an answer', () => {
    let calls = 0;
    const kept = new Kept((): undefined => {
      calls++;
      return undefined;
    });
    expect(kept.get('x')).toBeUndefined();
    expect(kept.get('x')).toBeUndefined();
    expect(calls).toBe(1);
  });
});
