import { createRequire } from 'node:module';
import type { Op } from '../harness/loop.js';
import { packageVersion } from '../harness/versions.js';

/**
 * The npm packages a gateway author would reach for instead of us, each used as a gateway would use it: a
 * `Map.get` of the alias's config, prepared once where the package allows it, then the package's selection.
 * They are CommonJS packages without (or with mismatched) typings, so they are loaded with `require` and
 * typed here with just what we call. Each peer's op is its own function literal, so each keeps its own
 * feedback and TurboFan can inline it into its batch loop exactly as it inlines our pick.
 */
const require = createRequire(import.meta.url);

type Rng = () => number;
interface CachedChoiceOptions<T> {
  readonly rng: Rng;
  readonly getWeight: (item: T) => number;
}
interface PandemoniumWeightedChoice {
  createCachedWeightedChoice<T>(options: CachedChoiceOptions<T>, items: readonly T[]): () => T;
  createWeightedChoice<T>(options: CachedChoiceOptions<T>): (items: readonly T[]) => T;
}
interface ChanceInstance {
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}
interface WeightedOptions {
  readonly total: number;
  readonly rand: Rng;
}
interface WeightedModule {
  select<T>(items: readonly T[], weights: readonly number[], options: WeightedOptions): T;
}
interface AliasSampler<T> {
  next(): T;
}

const weightedRandom = require('weighted-random') as (weights: readonly number[]) => number;
const pandemonium = require('pandemonium/weighted-choice') as PandemoniumWeightedChoice;
const ChanceClass = require('chance') as new () => ChanceInstance;
const weighted = require('weighted') as WeightedModule;
const aliasSampling = require('alias-sampling') as <T>(probabilities: readonly number[], outcomes: readonly T[]) => AliasSampler<T>;
const randomWeightedChoice = require('random-weighted-choice') as (table: readonly { id: string; weight: number }[]) => string;

export interface Peer<C> {
  /** npm package name, with the variant used where there are several. */
  readonly name: string;
  readonly packageName: string;
  /** How the gateway holds the alias's config (built once per alias, untimed). */
  readonly prepare: (versions: readonly string[], weights: readonly number[]) => C;
  /** The timed op: look the config up, select a version. */
  readonly op: (configs: ReadonlyMap<string, C>, alias: string) => Op;
}

interface Entry {
  readonly version: string;
  readonly weight: number;
}

function entries(versions: readonly string[], weights: readonly number[]): Entry[] {
  return versions.map((version, i) => ({ version, weight: weights[i] as number }));
}

function definePeer<C>(peer: Peer<C>): Peer<unknown> {
  return peer as Peer<unknown>;
}

const chance = new ChanceClass();

export const PEERS: readonly Peer<unknown>[] = [
  definePeer({
    name: 'weighted-random',
    packageName: 'weighted-random',
    prepare: (versions, weights) => ({ versions, weights }),
    op: (configs, alias) => () => {
      const c = configs.get(alias)!;
      return c.versions[weightedRandom(c.weights)];
    },
  }),
  definePeer({
    name: 'pandemonium (cached)',
    packageName: 'pandemonium',
    prepare: (versions, weights) =>
      pandemonium.createCachedWeightedChoice({ rng: Math.random, getWeight: (e: Entry) => e.weight }, entries(versions, weights)),
    op: (configs, alias) => () => configs.get(alias)!().version,
  }),
  definePeer({
    name: 'pandemonium (uncached)',
    packageName: 'pandemonium',
    prepare: (versions, weights) => ({
      choose: pandemonium.createWeightedChoice({ rng: Math.random, getWeight: (e: Entry) => e.weight }),
      entries: entries(versions, weights),
    }),
    op: (configs, alias) => () => {
      const c = configs.get(alias)!;
      return c.choose(c.entries).version;
    },
  }),
  definePeer({
    name: 'chance',
    packageName: 'chance',
    prepare: (versions, weights) => ({ versions, weights }),
    op: (configs, alias) => () => {
      const c = configs.get(alias)!;
      return chance.weighted(c.versions, c.weights);
    },
  }),
  definePeer({
    name: 'weighted',
    packageName: 'weighted',
    prepare: (versions, weights) => ({
      versions,
      weights,
      options: { total: weights.reduce((a, b) => a + b, 0), rand: Math.random },
    }),
    op: (configs, alias) => () => {
      const c = configs.get(alias)!;
      return weighted.select(c.versions, c.weights, c.options);
    },
  }),
  definePeer({
    name: 'alias-sampling',
    packageName: 'alias-sampling',
    prepare: (versions, weights) => aliasSampling(weights, versions),
    op: (configs, alias) => () => configs.get(alias)!.next(),
  }),
  definePeer({
    name: 'random-weighted-choice',
    packageName: 'random-weighted-choice',
    prepare: (versions, weights) => versions.map((id, i) => ({ id, weight: weights[i] as number })),
    op: (configs, alias) => () => randomWeightedChoice(configs.get(alias)!),
  }),
];

/** `name@version` of every peer package, for the results' environment. */
export function peerVersions(): string[] {
  const names = [...new Set(PEERS.map((peer) => peer.packageName))];
  return names.map((name) => `${name}@${packageVersion(name)}`);
}
