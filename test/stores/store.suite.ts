import { afterEach, describe, expect, it } from 'vitest';
import { ConflictException, InternalServerException, ValidationException } from '../../src/errors.js';
import type { RegistryStore, StoreTx, StoreUsage } from '../../src/stores/store.js';
import type { StoreOptions } from '../../src/stores/options.js';
import { alias, asTestStore, change, flow, rejectionOf, version, type TestStore } from './fixtures.js';

/** What a store file under test provides: a fresh store, and for a durable one, the same data opened again. */
export interface StoreFactory {
  open(options?: StoreOptions): Promise<OpenedStore>;
}

export interface OpenedStore {
  readonly store: RegistryStore;
  /** Opens the same data again (durable stores only). */
  readonly reopen?: (options?: StoreOptions) => Promise<RegistryStore>;
}

const EMPTY: StoreUsage = { flows: 0, versions: 0, aliases: 0, clientTokens: 0, definitionBytes: 0 };
const DEF = { nodes: [{ name: 'in', type: 'Input' }], note: 'é' };
const DEF_CHARS = JSON.stringify(DEF).length;

function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

/** Writes that touch every table: a flow with a definition, two versions, an alias, a token, a change. */
function* seed(tx: StoreTx) {
  const revision = yield* tx.nextRevision();
  yield* tx.putFlow({ record: flow('FLOW000001', 'one', DEF), nextVersion: 3 });
  yield* tx.putVersion(version('FLOW000001', 1, DEF));
  yield* tx.putVersion(version('FLOW000001', 2));
  yield* tx.putAlias(alias('FLOW000001', 'ALIAS00001', 'live', ['1']));
  yield* tx.putClientToken('token-1', { fingerprint: 'f1', result: { kind: 'flow', record: flow('FLOW000001', 'one', DEF) }, createdAt: 1000 }, { maxTokens: 10, maxResultChars: 1e9, expiresBefore: 0 });
  yield* tx.recordChanges([change('ALIAS00001', 'created')], revision);
  return revision;
}

/** Everything a reader can see, to compare before and after. */
async function everything(store: TestStore) {
  const tables = await store.read(function* (tx) {
    const flows = yield* tx.listFlows();
    const versions = [];
    const aliases = [];
    for (const f of flows) {
      versions.push(...(yield* tx.listVersions(f.id)));
      aliases.push(...(yield* tx.listAliases(f.id)));
    }
    const token = yield* tx.clientToken('token-1');
    return { flows, versions, aliases, token, usage: yield* tx.usage() };
  });
  return { ...tables, revision: await store.revision(), changes: await store.changesSince(0, 100) };
}

export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`${name}: the StoreTx contract`, () => {
    const opened: TestStore[] = [];
    async function open(options?: StoreOptions): Promise<{ store: TestStore; reopen: OpenedStore['reopen'] }> {
      const o = await factory.open(options);
      const store = asTestStore(o.store);
      opened.push(store);
      return { store, reopen: o.reopen };
    }
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('starts empty at revision 0 with its identity', async () => {
      const { store } = await open({ region: 'eu-west-1', account: '000000000042' });
      expect(store.kind).toBe(name);
      expect(store.identity).toMatchObject({ region: 'eu-west-1', account: '000000000042' });
      expect(store.identity.epoch).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.revision()).toBe(0);
      expect(await store.read((tx) => tx.usage())).toEqual(EMPTY);
      expect(await store.read((tx) => tx.listFlows())).toEqual([]);
      expect(await store.changesSince(0, 10)).toEqual([]);
    });

    it('keeps flows: by ID, by name, listed by ID, replaced with a rename, deeply frozen', async () => {
      const { store } = await open();
      await store.write(function* (tx) {
        yield* tx.putFlow({ record: flow('FLOWBBBBBB', 'b', DEF), nextVersion: 1 });
        yield* tx.putFlow({ record: flow('FLOWAAAAAA', 'a'), nextVersion: 7 });
      });
      const read = await store.read(function* (tx) {
        return {
          byId: yield* tx.flowById('FLOWBBBBBB'),
          byName: yield* tx.flowIdByName('a'),
          missing: yield* tx.flowById('FLOWCCCCCC'),
          list: yield* tx.listFlows(),
        };
      });
      expect(read.byId).toEqual({ record: flow('FLOWBBBBBB', 'b', DEF), nextVersion: 1 });
      expect(isDeeplyFrozen(read.byId)).toBe(true);
      expect(read.byName).toBe('FLOWAAAAAA');
      expect(read.missing).toBeUndefined();
      expect(read.list.map((f) => f.id)).toEqual(['FLOWAAAAAA', 'FLOWBBBBBB']);
      await store.write((tx) => tx.putFlow({ record: flow('FLOWAAAAAA', 'renamed'), nextVersion: 8 }));
      const after = await store.read(function* (tx) {
        return { old: yield* tx.flowIdByName('a'), now: yield* tx.flowIdByName('renamed'), row: yield* tx.flowById('FLOWAAAAAA') };
      });
      expect(after).toEqual({ old: undefined, now: 'FLOWAAAAAA', row: { record: flow('FLOWAAAAAA', 'renamed'), nextVersion: 8 } });
    });

    it('keeps versions: numbered order, existence checks, counts, deletes', async () => {
      const { store } = await open();
      await store.write(function* (tx) {
        yield* tx.putFlow({ record: flow('FLOW000001'), nextVersion: 11 });
        for (const n of [10, 2, 1]) yield* tx.putVersion(version('FLOW000001', n, n === 2 ? DEF : undefined));
      });
      const read = await store.read(function* (tx) {
        return {
          list: (yield* tx.listVersions('FLOW000001')).map((v) => v.version),
          one: yield* tx.version('FLOW000001', '2'),
          none: yield* tx.version('FLOW000001', '3'),
          odd: yield* tx.version('FLOW000001', 'DRAFT'),
          exist: [...(yield* tx.existingVersions('FLOW000001', ['1', '3', 'DRAFT', '10', '01', '']))].sort(),
          count: yield* tx.countVersions('FLOW000001'),
          otherFlow: yield* tx.countVersions('FLOW000002'),
        };
      });
      expect(read).toEqual({
        list: ['1', '2', '10'],
        one: version('FLOW000001', 2, DEF),
        none: undefined,
        odd: undefined,
        exist: ['1', '10'],
        count: 3,
        otherFlow: 0,
      });
      expect(isDeeplyFrozen(read.one)).toBe(true);
      await store.write((tx) => tx.deleteVersion('FLOW000001', '2'));
      expect(await store.read((tx) => tx.countVersions('FLOW000001'))).toBe(2);
      expect(await store.read((tx) => tx.usage())).toMatchObject({ versions: 2, definitionBytes: 0 });
    });

    it('keeps aliases: by ID, by name, listed by ID, renamed, deleted', async () => {
      const { store } = await open();
      await store.write(function* (tx) {
        yield* tx.putFlow({ record: flow('FLOW000001'), nextVersion: 1 });
        yield* tx.putAlias(alias('FLOW000001', 'ALIASBBBBB', 'b'));
        yield* tx.putAlias(alias('FLOW000001', 'ALIASAAAAA', 'a'));
      });
      await store.write((tx) => tx.putAlias({ ...alias('FLOW000001', 'ALIASBBBBB', 'b2'), revision: 2 }));
      const read = await store.read(function* (tx) {
        return {
          one: yield* tx.alias('FLOW000001', 'ALIASBBBBB'),
          byName: yield* tx.aliasIdByName('FLOW000001', 'b2'),
          oldName: yield* tx.aliasIdByName('FLOW000001', 'b'),
          list: (yield* tx.listAliases('FLOW000001')).map((a) => a.id),
          count: yield* tx.countAliases('FLOW000001'),
        };
      });
      expect(read).toEqual({
        one: { ...alias('FLOW000001', 'ALIASBBBBB', 'b2'), revision: 2 },
        byName: 'ALIASBBBBB',
        oldName: undefined,
        list: ['ALIASAAAAA', 'ALIASBBBBB'],
        count: 2,
      });
      await store.write((tx) => tx.deleteAlias('FLOW000001', 'ALIASAAAAA'));
      expect(await store.read((tx) => tx.listAliases('FLOW000001'))).toEqual([{ ...alias('FLOW000001', 'ALIASBBBBB', 'b2'), revision: 2 }]);
      expect(await store.read((tx) => tx.usage())).toMatchObject({ aliases: 1 });
    });

    it('deletes a flow with its versions and aliases, and frees its name', async () => {
      const { store } = await open();
      await store.write(seed);
      await store.write((tx) => tx.putFlow({ record: flow('FLOW000002', 'two', DEF), nextVersion: 1 }));
      expect(await store.read((tx) => tx.usage())).toEqual({ flows: 2, versions: 2, aliases: 1, clientTokens: 1, definitionBytes: 3 * DEF_CHARS });
      await store.write((tx) => tx.deleteFlow('FLOW000001'));
      const read = await store.read(function* (tx) {
        return {
          flow: yield* tx.flowById('FLOW000001'),
          name: yield* tx.flowIdByName('one'),
          versions: yield* tx.listVersions('FLOW000001'),
          aliases: yield* tx.listAliases('FLOW000001'),
          usage: yield* tx.usage(),
        };
      });
      expect(read).toEqual({
        flow: undefined,
        name: undefined,
        versions: [],
        aliases: [],
        usage: { flows: 1, versions: 0, aliases: 0, clientTokens: 1, definitionBytes: DEF_CHARS },
      });
      await store.write((tx) => tx.putFlow({ record: flow('FLOW000003', 'one'), nextVersion: 1 }));
      expect(await store.read((tx) => tx.flowIdByName('one'))).toBe('FLOW000003');
    });

    it('maintains definition chars through replaces and deletes', async () => {
      const { store } = await open();
      const big = { text: 'x'.repeat(1000) };
      await store.write(function* (tx) {
        yield* tx.putFlow({ record: flow('FLOW000001', 'one', big), nextVersion: 2 });
        yield* tx.putVersion(version('FLOW000001', 1, big));
      });
      const usage = async () => (await store.read((tx) => tx.usage())).definitionBytes;
      expect(await usage()).toBe(2 * JSON.stringify(big).length);
      await store.write((tx) => tx.putFlow({ record: flow('FLOW000001', 'one', DEF), nextVersion: 2 }));
      expect(await usage()).toBe(JSON.stringify(big).length + DEF_CHARS);
      await store.write((tx) => tx.putVersion(version('FLOW000001', 1)));
      expect(await usage()).toBe(DEF_CHARS);
      await store.write((tx) => tx.deleteVersion('FLOW000001', '1'));
      await store.write((tx) => tx.putFlow({ record: flow('FLOW000001', 'one'), nextVersion: 2 }));
      expect(await store.read((tx) => tx.usage())).toEqual({ ...EMPTY, flows: 1 });
    });

    it('gives one revision per write transaction, in order, and none to reads or writes that do not ask', async () => {
      const { store } = await open();
      const first = await store.write(function* (tx) {
        const a = yield* tx.nextRevision();
        const b = yield* tx.nextRevision();
        return [a, b];
      });
      expect(first).toEqual([1, 1]);
      await store.write((tx) => tx.putFlow({ record: flow('FLOW000001'), nextVersion: 1 }));
      await store.read((tx) => tx.listFlows());
      expect(await store.revision()).toBe(1);
      const later = [];
      for (let i = 0; i < 5; i++) later.push(await store.write((tx) => tx.nextRevision()));
      expect(later).toEqual([2, 3, 4, 5, 6]);
      expect(await store.revision()).toBe(6);
    });

    it('rolls a throwing program back entirely: nothing partial, revision not advanced, whatever it threw unchanged', async () => {
      const { store } = await open();
      await store.write(seed);
      const before = await everything(store);
      const thrown = new ConflictException('no', { code: 'Test' });
      const error = await rejectionOf(
        store.write(function* (tx) {
          const revision = yield* tx.nextRevision();
          yield* tx.putFlow({ record: flow('FLOW000002', 'two', DEF), nextVersion: 1 });
          yield* tx.putFlow({ record: flow('FLOW000001', 'renamed'), nextVersion: 9 });
          yield* tx.putVersion(version('FLOW000001', 3, DEF));
          yield* tx.deleteVersion('FLOW000001', '1');
          yield* tx.putAlias(alias('FLOW000001', 'ALIAS00001', 'moved', ['2']));
          yield* tx.putAlias(alias('FLOW000002', 'ALIAS00002'));
          yield* tx.putClientToken('token-2', { fingerprint: 'f2', result: { kind: 'alias', record: alias('FLOW000002', 'ALIAS00002') }, createdAt: 5000 }, { maxTokens: 1, maxResultChars: 1e9, expiresBefore: 2000 });
          yield* tx.recordChanges([change('ALIAS00001'), change('ALIAS00002', 'created')], revision);
          yield* tx.deleteAlias('FLOW000001', 'ALIAS00001');
          yield* tx.deleteFlow('FLOW000001');
          throw thrown;
        }),
      );
      expect(error).toBe(thrown);
      expect(await everything(store)).toEqual(before);
      const bug = new TypeError('a bug in a program');
      const untyped = await rejectionOf(
        store.write(function* (tx) {
          yield* tx.nextRevision();
          yield* tx.putFlow({ record: flow('FLOW000003', 'three'), nextVersion: 1 });
          throw bug;
        }),
      );
      expect(untyped).toBe(bug);
      expect(await everything(store)).toEqual(before);
      expect(await store.read((tx) => tx.clientToken('token-2'))).toBeUndefined();
      expect(await store.write((tx) => tx.nextRevision())).toBe(2);
    });

    it('refuses writes in a read program, and a version of a missing flow, as typed errors that change nothing', async () => {
      const { store } = await open();
      await store.write(seed);
      const before = await everything(store);
      const inRead = await rejectionOf(store.read((tx) => tx.putFlow({ record: flow('FLOW000002'), nextVersion: 1 })));
      expect(inRead).toBeInstanceOf(InternalServerException);
      const orphan = await rejectionOf(
        store.write(function* (tx) {
          yield* tx.nextRevision();
          yield* tx.putVersion(version('FLOWNOSUCH', 1));
        }),
      );
      expect(orphan).toBeInstanceOf(InternalServerException);
      expect(await everything(store)).toEqual(before);
    });

    it('finds nothing by keys no engine keeps exactly, and round-trips any token key', async () => {
      const { store } = await open();
      await store.write(seed);
      const odd = ['\0', '\ud800', 'a\udc00', '__proto__', 'constructor'];
      const found = await store.read(function* (tx) {
        const out = [];
        for (const key of odd) {
          out.push(yield* tx.flowById(key), yield* tx.flowIdByName(key), yield* tx.alias('FLOW000001', key), yield* tx.aliasIdByName(key, key));
          out.push(yield* tx.version(key, '1'), yield* tx.clientToken(key));
        }
        return out;
      });
      expect(found.every((value) => value === undefined)).toBe(true);
      const result = Object.freeze({ kind: 'version', record: version('FLOW000001', 1, DEF) } as const);
      await store.write(function* (tx) {
        for (const [i, key] of odd.entries()) yield* tx.putClientToken(key, { fingerprint: `${key}-fp`, result, createdAt: 2000 + i }, { maxTokens: 100, maxResultChars: 1e9, expiresBefore: 0 });
      });
      const tokens = await store.read(function* (tx) {
        const out = [];
        for (const key of odd) out.push(yield* tx.clientToken(key));
        return out;
      });
      expect(tokens).toEqual(odd.map((key, i) => ({ fingerprint: `${key}-fp`, result, createdAt: 2000 + i })));
      expect(tokens.every(isDeeplyFrozen)).toBe(true);
    });

    it('bounds client tokens in number (oldest forgotten) and age (expired purged), and counts them', async () => {
      const { store } = await open();
      const result = { kind: 'flow', record: flow('FLOW000001') } as const;
      const put = (key: string, createdAt: number, max: number, expiresBefore: number) =>
        store.write((tx) => tx.putClientToken(key, { fingerprint: key, result, createdAt }, { maxTokens: max, maxResultChars: 1e9, expiresBefore }));
      const keys = async (all: readonly string[]) =>
        store.read(function* (tx) {
          const present = [];
          for (const key of all) if ((yield* tx.clientToken(key)) !== undefined) present.push(key);
          return { present, count: (yield* tx.usage()).clientTokens };
        });
      for (let i = 1; i <= 5; i++) await put(`k${i}`, i * 100, 3, 0);
      expect(await keys(['k1', 'k2', 'k3', 'k4', 'k5'])).toEqual({ present: ['k3', 'k4', 'k5'], count: 3 });
      await put('k6', 600, 3, 450);
      expect(await keys(['k3', 'k4', 'k5', 'k6'])).toEqual({ present: ['k5', 'k6'], count: 2 });
      await put('k5', 700, 3, 0);
      await put('k7', 800, 3, 0);
      expect(await keys(['k5', 'k6', 'k7'])).toEqual({ present: ['k5', 'k6', 'k7'], count: 3 });
      await put('k8', 900, 3, 0);
      expect(await keys(['k5', 'k6', 'k7', 'k8'])).toEqual({ present: ['k5', 'k7', 'k8'], count: 3 });
      await put('k9', 1000, 0, 0);
      expect(await keys(['k9'])).toEqual({ present: [], count: 3 });
    });

    it('bounds client tokens in bytes: the oldest results go first, and a result larger than the budget alone is not kept', async () => {
      const { store } = await open();
      const result = { kind: 'flow', record: flow('FLOW000001') } as const;
      const size = JSON.stringify(result).length;
      const put = (key: string, maxResultChars: number) =>
        store.write((tx) => tx.putClientToken(key, { fingerprint: key, result, createdAt: 100 }, { maxTokens: 100, maxResultChars, expiresBefore: 0 }));
      const present = async (all: readonly string[]) =>
        store.read(function* (tx) {
          const out = [];
          for (const key of all) if ((yield* tx.clientToken(key)) !== undefined) out.push(key);
          return { out, count: (yield* tx.usage()).clientTokens };
        });
      for (const key of ['b1', 'b2', 'b3']) await put(key, 3 * size);
      expect(await present(['b1', 'b2', 'b3'])).toEqual({ out: ['b1', 'b2', 'b3'], count: 3 });
      // Room for two and a half results: the oldest goes.
      await put('b4', Math.floor(2.5 * size));
      expect(await present(['b1', 'b2', 'b3', 'b4'])).toEqual({ out: ['b3', 'b4'], count: 2 });
      await put('b5', size - 1);
      expect(await present(['b3', 'b4', 'b5'])).toEqual({ out: ['b3', 'b4'], count: 2 });
    });

    it('answers changes after a revision in order, never splitting a revision', async () => {
      const { store } = await open();
      for (let r = 1; r <= 4; r++) {
        await store.write(function* (tx) {
          const revision = yield* tx.nextRevision();
          const changes = Array.from({ length: r === 3 ? 5 : 1 }, (_, i) => change(`ALIAS0000${i}`, 'updated', `FLOW00000${r}`));
          yield* tx.recordChanges(changes, revision);
        });
      }
      const all = await store.changesSince(0, 100);
      expect(all?.map((c) => c.revision)).toEqual([1, 2, 3, 3, 3, 3, 3, 4]);
      expect(all?.[2]).toEqual({ revision: 3, kind: 'updated', identity: 'arn:flow/FLOW000003/alias/ALIAS00000', flowId: 'FLOW000003', aliasId: 'ALIAS00000' });
      expect(all?.slice(2, 7).map((c) => c.aliasId)).toEqual(['ALIAS00000', 'ALIAS00001', 'ALIAS00002', 'ALIAS00003', 'ALIAS00004']);
      expect((await store.changesSince(0, 4))?.map((c) => c.revision)).toEqual([1, 2]);
      expect((await store.changesSince(2, 2))?.map((c) => c.revision)).toEqual([3, 3, 3, 3, 3]);
      expect((await store.changesSince(3, 2))?.map((c) => c.revision)).toEqual([4]);
      expect(await store.changesSince(4, 10)).toEqual([]);
      expect(await store.changesSince(99, 10)).toEqual([]);
    });

    it('retains the changes of the last retainRevisions revisions and says when asked for older ones', async () => {
      const { store } = await open({ retainRevisions: 3 });
      for (let r = 1; r <= 6; r++) {
        await store.write(function* (tx) {
          yield* tx.recordChanges([change(`ALIAS0000${r}`)], yield* tx.nextRevision());
        });
      }
      expect(await store.changesSince(2, 10)).toBeUndefined();
      expect(await store.changesSince(0, 10)).toBeUndefined();
      expect((await store.changesSince(3, 10))?.map((c) => c.revision)).toEqual([4, 5, 6]);
      for (const [revision, limit] of [[-1, 1], [1.5, 1], [0, 0], [0, 1e9]] as const) {
        expect(await rejectionOf(store.changesSince(revision, limit))).toBeInstanceOf(ValidationException);
      }
    });

    it('holds signature nonces until they expire, per access key, within a budget per key, at no revision', async () => {
      const { store, reopen } = await open();
      const claim = (key: string, nonce: string, expiresAt: number, now: number, max = 2) =>
        store.write((tx) => tx.claimNonce(key, nonce, expiresAt, now, max));
      expect(await claim('AKID1', 'n1', 2000, 1000)).toBe('claimed');
      expect(await claim('AKID1', 'n1', 2000, 1500)).toBe('used');
      // Another key's nonces are its own: the same nonce is new there, and its budget is untouched.
      expect(await claim('AKID2', 'n1', 2000, 1500)).toBe('claimed');
      expect(await claim('AKID1', 'n2', 2000, 1500)).toBe('claimed');
      expect(await claim('AKID1', 'n3', 2000, 1500)).toBe('full');
      expect(await claim('AKID2', 'n2', 2000, 1500)).toBe('claimed');
      // Expired nonces are forgotten: the budget frees, and an expired nonce may be claimed again.
      expect(await claim('AKID1', 'n1', 4000, 2000)).toBe('claimed');
      expect(await claim('AKID1', 'n3', 4000, 2000)).toBe('claimed');
      expect(await store.revision()).toBe(0);
      // A program that throws after claiming leaves the nonce unclaimed.
      const error = await rejectionOf(
        store.write(function* (tx) {
          yield* tx.claimNonce('AKID3', 'n1', 4000, 2000, 2);
          throw new ConflictException('no');
        }),
      );
      expect(error).toBeInstanceOf(ConflictException);
      expect(await claim('AKID3', 'n1', 4000, 2000)).toBe('claimed');
      expect(await rejectionOf(store.read((tx) => tx.claimNonce('AKID3', 'n2', 4000, 2000, 2)))).toBeInstanceOf(InternalServerException);
      if (reopen !== undefined) {
        await store.close();
        const again = asTestStore(await reopen());
        opened.push(again);
        expect(await again.write((tx) => tx.claimNonce('AKID1', 'n3', 4000, 3000, 2))).toBe('used');
      }
    });

    it('refuses bad options with the field at fault', async () => {
      for (const [options, field] of [
        [{ region: 'EU WEST' }, 'options.region'],
        [{ account: '12' }, 'options.account'],
        [{ retainRevisions: 0 }, 'options.retainRevisions'],
        [{ colour: 'red' }, 'options.colour'],
      ] as const) {
        const error = await rejectionOf(factory.open(options as StoreOptions));
        expect(error, field).toBeInstanceOf(ValidationException);
        expect((error as ValidationException).field).toBe(field);
      }
    });

    it('keeps rollout outcome counts per process and window: replaced, summed, purged, rolled back, deleted', async () => {
      const { store } = await open();
      const row = (processId: string, window: number, n: number) => ({
        rolloutId: 'ROLLOUT001',
        window,
        processId,
        targetOk: n,
        targetErrors: 1,
        baselineOk: 10 * n,
        baselineErrors: 2,
      });
      await store.write(function* (tx) {
        yield* tx.nextRevision();
        yield* tx.putOutcomes(row('a', 1_700_000_000, 5), 0);
        yield* tx.putOutcomes(row('b', 1_700_000_000, 3), 0);
        yield* tx.putOutcomes(row('a', 1_700_000_001, 9), 0);
        yield* tx.putOutcomes(row('a', 1_700_000_001, 1), 0);
        yield* tx.putOutcomes({ ...row('a', 1_700_000_001, 7), rolloutId: 'ROLLOUT002' }, 0);
      });
      const windows = (from: number, to: number, id = 'ROLLOUT001') => store.read((tx) => tx.outcomeWindows(id, from, to));
      expect(await windows(1_700_000_000, 1_700_000_001)).toEqual([
        { rolloutId: 'ROLLOUT001', window: 1_700_000_000, targetOk: 8, targetErrors: 2, baselineOk: 80, baselineErrors: 4 },
        { rolloutId: 'ROLLOUT001', window: 1_700_000_001, targetOk: 1, targetErrors: 1, baselineOk: 10, baselineErrors: 2 },
      ]);
      expect(await windows(1_700_000_001, 1_700_000_001)).toHaveLength(1);
      await rejectionOf(
        store.write(function* (tx) {
          yield* tx.nextRevision();
          yield* tx.putOutcomes(row('c', 1_700_000_001, 100), 0);
          yield* tx.deleteOutcomes('ROLLOUT002');
          throw new ConflictException('no', { code: 'Test' });
        }),
      );
      expect((await windows(1_700_000_001, 1_700_000_001))[0]?.targetOk).toBe(1);
      expect(await windows(0, 2e9, 'ROLLOUT002')).toHaveLength(1);
      await store.write(function* (tx) {
        yield* tx.nextRevision();
        yield* tx.putOutcomes(row('a', 1_700_000_002, 1), 1_700_000_001);
        yield* tx.deleteOutcomes('ROLLOUT002');
      });
      expect((await windows(0, 2e9)).map((w) => w.window)).toEqual([1_700_000_001, 1_700_000_002]);
      expect(await windows(0, 2e9, 'ROLLOUT002')).toEqual([]);
    });

    it('keeps everything and its identity when reopened, and refuses another region or account', async (context) => {
      const { store, reopen } = await open({ region: 'eu-west-1', account: '000000000042' });
      if (reopen === undefined) {
        context.skip('a memory store does not outlive its object');
        return;
      }
      await store.write(seed);
      const before = await everything(store);
      await store.close();
      const again = asTestStore(await reopen());
      opened.push(again);
      expect(again.identity).toEqual(store.identity);
      expect(await everything(again)).toEqual(before);
      expect(await again.write((tx) => tx.nextRevision())).toBe(2);
      for (const options of [{ region: 'us-east-2' }, { account: '000000000043' }]) {
        const error = await rejectionOf(reopen(options));
        expect(error).toBeInstanceOf(ValidationException);
        expect((error as ValidationException).code).toBe('StoreIdentityMismatch');
      }
    });
  });
}
