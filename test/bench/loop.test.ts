import { describe, expect, it } from 'vitest';
import { asyncBatch, batch } from '../../bench/harness/loop.js';

describe('issue 13: the batch loop', () => {
  it('continues i across batches, so a rotating scenario walks its whole sequence', () => {
    const seen: number[] = [];
    const run = batch((i) => seen.push(i));
    run(3);
    run(4);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('does the same for async ops', async () => {
    const seen: number[] = [];
    const run = asyncBatch(async (i) => seen.push(i));
    await run(2);
    await run(2);
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('keeps a separate counter per contender', () => {
    const a: number[] = [];
    const b: number[] = [];
    batch((i) => a.push(i))(2);
    batch((i) => b.push(i))(2);
    expect(b).toEqual([0, 1]);
  });
});
