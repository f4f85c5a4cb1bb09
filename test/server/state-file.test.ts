import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFile } from '../../src/server/state-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'far-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('StateFile', () => {
  it('loads nothing before the first save, then what was saved', async () => {
    const state = new StateFile(join(dir, 'state.json'));
    expect(await state.load()).toBeUndefined();
    await state.save({ flows: [1] });
    expect(await state.load()).toEqual({ flows: [1] });
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('coalesces concurrent saves and always ends on the latest state', async () => {
    const state = new StateFile(join(dir, 'state.json'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => state.save({ n: i })));
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toEqual({ n: 19 });
  });

  it('a failed save leaves the previous file intact and no temporary behind', async () => {
    const state = new StateFile(join(dir, 'state.json'));
    await state.save({ good: true });
    await expect(state.save({ bad: 1n })).rejects.toThrow(TypeError);
    expect(await state.load()).toEqual({ good: true });
    expect(await readdir(dir)).toEqual(['state.json']);
    await state.save({ good: 2 });
    expect(await state.load()).toEqual({ good: 2 });
  });

  it('refuses to start over a corrupt file, and clears temporaries a crash left', async () => {
    const file = join(dir, 'state.json');
    await writeFile(file, '{"torn":');
    await writeFile(`${file}.123e4567-e89b-12d3-a456-426614174000.tmp`, '{"half');
    await writeFile(join(dir, 'unrelated.tmp'), 'keep');
    await expect(new StateFile(file).load()).rejects.toThrow(/not valid JSON/);
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'unrelated.tmp']);
  });
});
