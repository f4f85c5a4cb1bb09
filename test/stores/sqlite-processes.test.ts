import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/stores/sqlite.js';
import { flow } from './fixtures.js';

/** The built entry, by its bare specifier (a self-reference through package.json's exports). */
const DIST = 'flow-alias-router/stores';
const WRITES = 150;

/**
 * A writer process: opens the store from dist/ (built by `npm test` before vitest), waits for a common start
 * time, then read-modify-writes the counter flow's nextVersion WRITES times, printing its revisions.
 */
const WRITER = `
const { openSqliteStore } = await import(process.env.DIST);
const store = openSqliteStore(process.env.DB, { busyTimeoutMs: 30000 });
while (Date.now() < Number(process.env.START_AT)) await new Promise((r) => setTimeout(r, 5));
const revisions = [];
for (let i = 0; i < ${WRITES}; i++) {
  revisions.push(store.write(function* (tx) {
    const revision = yield* tx.nextRevision();
    const row = yield* tx.flowById('COUNTER001');
    yield* tx.putFlow({ record: row.record, nextVersion: row.nextVersion + 1 });
    return revision;
  }));
  // Give the other process its turn between writes, so the two really interleave.
  await new Promise((r) => setTimeout(r, 1));
}
store.close();
process.stdout.write(JSON.stringify(revisions));
`;

function writer(db: string, startAt: number): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER], {
      env: { ...process.env, DIST, DB: db, START_AT: String(startAt) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(JSON.parse(out) as number[]);
      else reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'far-sqlite-procs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteStore across processes', () => {
  it('two processes writing one file at once lose nothing and never reuse a revision', { timeout: 90_000 }, async () => {
    expect(existsSync(resolve('dist/stores.js')), 'dist/ is built by npm test before vitest; run npm run build').toBe(true);
    const db = join(dir, 'shared.db');
    const store = openSqliteStore(db);
    store.write(function* (tx) {
      yield* tx.nextRevision();
      yield* tx.putFlow({ record: flow('COUNTER001', 'counter'), nextVersion: 0 });
    });
    store.close();
    const startAt = Date.now() + 1500;
    const [a, b] = await Promise.all([writer(db, startAt), writer(db, startAt)]);
    // The writes really interleaved: some of b's revisions fall between a's first and last.
    const aMin = Math.min(...a);
    const aMax = Math.max(...a);
    expect(b.some((r) => r > aMin && r < aMax)).toBe(true);
    const all = [...a, ...b].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 2 * WRITES }, (_, i) => i + 2));
    const again = openSqliteStore(db);
    try {
      expect(again.read((tx) => tx.flowById('COUNTER001'))?.nextVersion).toBe(2 * WRITES);
      expect(again.revision()).toBe(2 * WRITES + 1);
    } finally {
      again.close();
    }
  });
});
