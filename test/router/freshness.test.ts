import { describe, expect, it } from 'vitest';
import {
  InternalServerException,
  MemorySource,
  ResourceNotFoundException,
  Router,
  ServiceUnavailableException,
  type RouterOptions,
} from '../../test/all-entries.js';
import { EIGHTY_TWENTY } from '../routing/fixtures.js';
import { ALL_ON_TWO, FakeSource } from './fake-source.js';

/** An asynchronous source whose first load has been answered: the router holds the 80/20 table. */
async function loadedAsync(options: Partial<RouterOptions>) {
  const context = setup(options, 'manual');
  const first = context.router.route('f', 'a');
  context.source.settle();
  expect(await first).toBe('1');
  return context;
}

function setup(options: Partial<RouterOptions>, mode: 'sync' | 'manual' = 'sync') {
  const clock = { now: 0 };
  const source = new FakeSource(mode);
  source.set('f', 'a', EIGHTY_TWENTY, false);
  const router = new Router({ source, monotonicClock: () => clock.now, random: () => 0.1, ...options });
  return { clock, source, router };
}

describe('TTL', () => {
  it('serves the cached table until the TTL, then reloads on the next pick', () => {
    const { clock, source, router } = setup({ ttlMs: 1000 });
    expect(router.pick('f', 'a')).toBe('1');
    source.set('f', 'a', ALL_ON_TWO, false);
    clock.now = 999;
    expect(router.pick('f', 'a')).toBe('1');
    expect(source.calls).toBe(1);
    clock.now = 1000;
    expect(router.pick('f', 'a')).toBe('2');
    expect(source.calls).toBe(2);
  });

  it('never reads the clock without a TTL', () => {
    let reads = 0;
    const source = new FakeSource();
    source.set('f', 'a', EIGHTY_TWENTY, false);
    const router = new Router({
      source,
      monotonicClock: () => {
        reads++;
        return 0;
      },
    });
    router.pick('f', 'a');
    const afterLoad = reads;
    for (let i = 0; i < 100; i++) router.pick('f', 'a');
    expect(reads).toBe(afterLoad);
  });
});

describe('stale-while-revalidate', () => {
  it('serves the old table while one refresh runs, then the new one', async () => {
    const { clock, source, router } = await loadedAsync({ ttlMs: 1000, staleWhileRevalidateMs: 500 });
    source.set('f', 'a', ALL_ON_TWO, false);
    clock.now = 1200;
    expect(router.pick('f', 'a')).toBe('1');
    expect(router.pick('f', 'a')).toBe('1');
    expect(source.calls).toBe(2);
    expect(router.stats().cache.staleServed).toBe(2);
    source.settle();
    await router.preload('f', 'a');
    expect(router.pick('f', 'a')).toBe('2');
  });

  it('past the window, pick throws ServiceUnavailableException and route waits for the refresh', async () => {
    const { clock, source, router } = await loadedAsync({ ttlMs: 1000, staleWhileRevalidateMs: 500 });
    source.set('f', 'a', ALL_ON_TWO, false);
    clock.now = 1500;
    expect(() => router.pick('f', 'a')).toThrow(ServiceUnavailableException);
    const waiting = router.route('f', 'a');
    expect(source.calls).toBe(2);
    source.settle();
    expect(await waiting).toBe('2');
  });
});

describe('stale-if-error', () => {
  it('keeps serving the last good table while the source fails, for the window only, and counts it', () => {
    const { clock, source, router } = setup({ ttlMs: 1000, staleIfErrorMs: 5000, retryAfterErrorMs: 1000 });
    expect(router.pick('f', 'a')).toBe('1');
    source.failWith = new Error('control plane down');
    clock.now = 1500;
    expect(router.pick('f', 'a')).toBe('1');
    expect(source.calls).toBe(2);
    clock.now = 1800;
    expect(router.pick('f', 'a')).toBe('1');
    expect(source.calls).toBe(2);
    clock.now = 2600;
    expect(router.pick('f', 'a')).toBe('1');
    expect(source.calls).toBe(3);
    expect(router.stats().cache).toMatchObject({ staleIfErrorServed: 3, loadErrors: 2 });
    clock.now = 6001;
    expect(() => router.pick('f', 'a')).toThrow(InternalServerException);
    expect(router.stats().cache.size).toBe(0);
  });

  it('recovers when the source answers again', () => {
    const { clock, source, router } = setup({ ttlMs: 1000, staleIfErrorMs: 5000, retryAfterErrorMs: 100 });
    router.pick('f', 'a');
    source.failWith = new Error('down');
    clock.now = 1000;
    expect(router.pick('f', 'a')).toBe('1');
    source.failWith = undefined;
    source.set('f', 'a', ALL_ON_TWO, false);
    clock.now = 1100;
    expect(router.pick('f', 'a')).toBe('2');
  });

  it('serves stale on an asynchronous source that fails, without throwing from pick', async () => {
    const { clock, source, router } = await loadedAsync({ ttlMs: 1000, staleIfErrorMs: 60_000 });
    source.failWith = new Error('down');
    clock.now = 2000;
    const refresh = router.route('f', 'a');
    source.settle();
    expect(await refresh).toBe('1');
    expect(router.pick('f', 'a')).toBe('1');
    expect(router.stats().cache.staleIfErrorServed).toBeGreaterThanOrEqual(1);
  });

  it('drops a table whose alias the source says is gone', () => {
    const { clock, source, router } = setup({ ttlMs: 1000, staleIfErrorMs: 60_000 });
    router.pick('f', 'a');
    source.configs.delete('f/a');
    clock.now = 1000;
    expect(() => router.pick('f', 'a')).toThrow(ResourceNotFoundException);
  });
});

describe('negative cache', () => {
  it('answers a missing alias from cache for negativeTtlMs', () => {
    const { clock, source, router } = setup({ negativeTtlMs: 1000 });
    expect(() => router.pick('f', 'nope')).toThrow(ResourceNotFoundException);
    expect(() => router.pick('f', 'nope')).toThrow(ResourceNotFoundException);
    expect(source.calls).toBe(1);
    expect(router.stats().cache.negativeHits).toBe(1);
    clock.now = 1000;
    expect(() => router.pick('f', 'nope')).toThrow(ResourceNotFoundException);
    expect(source.calls).toBe(2);
  });

  it('forgets negatives when the source announces a created alias', () => {
    const source = new MemorySource();
    const router = new Router({ source, negativeTtlMs: 60_000 });
    expect(() => router.pick('f', 'new')).toThrow(ResourceNotFoundException);
    source.set('f', 'new', ALL_ON_TWO);
    expect(router.pick('f', 'new')).toBe('2');
  });

  it('can be turned off', () => {
    const { source, router } = setup({ negativeTtlMs: 0 });
    expect(() => router.pick('f', 'nope')).toThrow(ResourceNotFoundException);
    expect(() => router.pick('f', 'nope')).toThrow(ResourceNotFoundException);
    expect(source.calls).toBe(2);
  });
});
