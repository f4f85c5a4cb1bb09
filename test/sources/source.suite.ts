import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResourceNotFoundException, Router, type AliasChange, type AliasSource, type RoutingEntry } from '../../test/all-entries.js';
import { EIGHTY_TWENTY } from '../routing/fixtures.js';

export interface AliasRef {
  readonly flow: string;
  readonly alias: string;
}

/** What a source implementation gives the shared suite: a source and the means to change what it serves. */
export interface SourceFixture {
  readonly source: AliasSource;
  /** Creates an alias over versions "1" and "2" (and more if the entries name them). */
  create(entries: readonly RoutingEntry[]): Promise<AliasRef> | AliasRef;
  update(ref: AliasRef, entries: readonly RoutingEntry[]): Promise<void> | void;
  remove(ref: AliasRef): Promise<void> | void;
  /** True when `getRouting` answers synchronously (so `Router.pick` works on a miss). */
  readonly synchronous: boolean;
  /** How long a change may take to be announced (a remote source's watch); undefined: at once, in the writing call. */
  readonly announcesWithinMs?: number;
  close?(): Promise<void> | void;
}

/** Waits (bounded) until `seen` holds a change matching `expected`: at once for a synchronous source. */
async function heard(f: SourceFixture, seen: readonly AliasChange[], expected: Partial<AliasChange>): Promise<void> {
  const deadline = Date.now() + (f.announcesWithinMs ?? 0);
  const matches = (): boolean => seen.some((c) => Object.entries(expected).every(([k, v]) => c[k as keyof AliasChange] === v));
  while (!matches() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(seen).toContainEqual(expect.objectContaining(expected));
}

const ALL_ON_TWO: readonly RoutingEntry[] = [
  { version: '1', weight: 0 },
  { version: '2', weight: 100 },
];

function positive(entries: readonly RoutingEntry[]): Record<string, number> {
  return Object.fromEntries(entries.filter((e) => e.weight > 0).map((e) => [e.version, e.weight]));
}

/** The AliasSource contract: every implementation runs these. */
export function describeAliasSource(name: string, makeFixture: () => Promise<SourceFixture> | SourceFixture): void {
  describe(`AliasSource conformance: ${name}`, () => {
    let fixture: SourceFixture | undefined;
    const setup = async (): Promise<SourceFixture> => {
      fixture = await makeFixture();
      return fixture;
    };
    afterEach(async () => {
      await fixture?.close?.();
      fixture = undefined;
    });

    it('answers the configured entries', async () => {
      const f = await setup();
      const ref = await f.create(EIGHTY_TWENTY);
      const config = await f.source.getRouting(ref.flow, ref.alias);
      expect(positive(config.entries)).toEqual({ '1': 80, '2': 20 });
    });

    it('answers ResourceNotFoundException for an alias that does not exist', async () => {
      const f = await setup();
      const ref = await f.create(EIGHTY_TWENTY);
      await expect(Promise.resolve().then(() => f.source.getRouting(ref.flow, 'nosuchalias'))).rejects.toBeInstanceOf(
        ResourceNotFoundException,
      );
    });

    it('answers the new entries after an update and not found after a delete', async () => {
      const f = await setup();
      const ref = await f.create(EIGHTY_TWENTY);
      await f.update(ref, ALL_ON_TWO);
      expect(positive((await f.source.getRouting(ref.flow, ref.alias)).entries)).toEqual({ '2': 100 });
      await f.remove(ref);
      await expect(Promise.resolve().then(() => f.source.getRouting(ref.flow, ref.alias))).rejects.toBeInstanceOf(
        ResourceNotFoundException,
      );
    });

    it('notifies changes with the identity its configs carry, until unsubscribed', async () => {
      const f = await setup();
      if (f.source.subscribe === undefined) return;
      const ref = await f.create(EIGHTY_TWENTY);
      const identity = (await f.source.getRouting(ref.flow, ref.alias)).identity ?? `${ref.flow}/${ref.alias}`;
      const seen: AliasChange[] = [];
      const unsubscribe = f.source.subscribe((change) => seen.push(change));
      await f.update(ref, ALL_ON_TWO);
      await heard(f, seen, { kind: 'updated', identity });
      await f.remove(ref);
      await heard(f, seen, { kind: 'deleted', identity });
      const count = seen.length;
      unsubscribe();
      await f.create(EIGHTY_TWENTY);
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, f.announcesWithinMs ?? 0)));
      expect(seen).toHaveLength(count);
    });

    it('keeps a change committed when a listener throws: later listeners hear it, and the error is reported', async () => {
      const f = await setup();
      if (f.source.subscribe === undefined) return;
      const ref = await f.create(EIGHTY_TWENTY);
      await f.source.getRouting(ref.flow, ref.alias);
      const bug = new Error('listener bug');
      const report = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const seen: AliasChange[] = [];
      const unsubscribeBroken = f.source.subscribe(() => {
        throw bug;
      });
      const unsubscribe = f.source.subscribe((change) => seen.push(change));
      try {
        await f.update(ref, ALL_ON_TWO);
        await heard(f, seen, { kind: 'updated' });
        expect(positive((await f.source.getRouting(ref.flow, ref.alias)).entries)).toEqual({ '2': 100 });
        expect(report).toHaveBeenCalledWith(expect.any(String), bug);
      } finally {
        unsubscribeBroken();
        unsubscribe();
        report.mockRestore();
      }
    });

    it('drives a Router: an update reaches the very next pick, a delete gives ResourceNotFoundException', async () => {
      const f = await setup();
      const ref = await f.create(EIGHTY_TWENTY);
      const router = new Router({ source: f.source, seed: 'conformance' });
      try {
        const first = await router.route(ref.flow, ref.alias);
        expect(['1', '2']).toContain(first);
        await f.update(ref, ALL_ON_TWO);
        if (f.source.subscribe !== undefined && f.synchronous) {
          for (let i = 0; i < 200; i++) expect(router.pick(ref.flow, ref.alias)).toBe('2');
          await f.remove(ref);
          expect(() => router.pick(ref.flow, ref.alias)).toThrow(ResourceNotFoundException);
        } else {
          router.invalidate(ref.flow, ref.alias);
          for (let i = 0; i < 20; i++) expect(await router.route(ref.flow, ref.alias)).toBe('2');
          await f.remove(ref);
          router.invalidate(ref.flow, ref.alias);
          await expect(router.route(ref.flow, ref.alias)).rejects.toBeInstanceOf(ResourceNotFoundException);
        }
      } finally {
        router.close();
      }
    });
  });
}
