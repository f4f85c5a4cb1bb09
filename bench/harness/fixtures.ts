import seedrandom from 'seedrandom';
import { MemorySource, Router, type RouterOptions } from 'flow-alias-router';
import { SIZES, type Size } from '../scenarios/names.js';

/**
 * The configurations every family measures, so us, the floors and the peers see the same weights. The flow
 * and alias names are string literals: the hot-key scenarios pass the same (internalized) string objects on
 * every call to every contender, as a gateway does that holds them in its handler's config.
 */
export const FLOW = 'checkout-flow';


export const ALIASES: Readonly<Record<Size, string>> = { 1: 'live-1', 2: 'live-2', 10: 'live-10', 100: 'live-100' };

/** Version names: the decimal strings Bedrock and CloudFlow give versions. */
export function versionsFor(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i + 1));
}

/**
 * Weights: one version takes everything; two are an 80/20 canary; more are a ramp 1, 2, ..., n (unequal,
 * so no selector gets an equal-weights shortcut).
 */
export function weightsFor(n: number): number[] {
  if (n === 1) return [100];
  if (n === 2) return [80, 20];
  return Array.from({ length: n }, (_, i) => i + 1);
}

export function entriesFor(n: number, weights: readonly number[] = weightsFor(n)): { version: string; weight: number }[] {
  const versions = versionsFor(n);
  return weights.map((weight, i) => ({ version: versions[i] as string, weight }));
}

/** A source holding every hot-key alias, and a router (default options unless given) with all of them cached. */
export function hotRouter(options: Omit<RouterOptions, 'source'> = {}): { source: MemorySource; router: Router } {
  const source = new MemorySource();
  for (const n of SIZES) source.set(FLOW, ALIASES[n], entriesFor(n));
  const router = new Router({ source, ...options });
  for (const n of SIZES) router.pick(FLOW, ALIASES[n]);
  return { source, router };
}

/** A deterministic generator for fixtures (never for the timed ops): the same run reproduces the same data. */
export function fixtureRandom(label: string): () => number {
  return seedrandom.alea(`flow-alias-router bench ${label}`);
}

/**
 * A flat copy of a string. A template literal builds a rope (a ConsString), and every charCodeAt on a rope
 * walks it: keys read off the wire are flat, so the fixtures are too.
 */
export function flat(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}

/** `count` (a power of two) distinct, flat 36-character execution keys shaped like UUIDs. */
export function executionKeys(count: number): string[] {
  const random = fixtureRandom('keys');
  const hex = (digits: number): string =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const keys = new Set<string>();
  while (keys.size < count) keys.add(`${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`);
  return [...keys].map(flat);
}
