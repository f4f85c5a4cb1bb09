import { InternalServerException } from '../errors.js';
import { Arns } from './arn.js';
import type { Step } from '../stores/store.js';
import type { ResolvedRegistryOptions } from './options.js';
import { ID_PATTERN } from './rules.js';

/** What every registry program needs besides the store: the options, the ARNs, the wall clock and IDs. */
export class RegistryContext {
  readonly arns: Arns;

  constructor(readonly options: ResolvedRegistryOptions) {
    this.arns = new Arns(options.region, options.account);
  }

  /** The wall clock in epoch ms, checked: a failing or absurd clock is our fault, not the caller's. */
  now(): number {
    let ms: unknown;
    try {
      ms = this.options.wallClock();
    } catch (error) {
      throw new InternalServerException('the clock failed', { cause: error });
    }
    if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      throw new InternalServerException('the clock returned an invalid time');
    }
    return ms;
  }

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** A fresh ID; `taken` is asked about each candidate (IDs and names share one namespace). */
  *newId(taken: (id: string) => Step<boolean>): Step<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      let id: unknown;
      try {
        id = this.options.generateId();
      } catch (error) {
        throw new InternalServerException('the ID generator failed', { cause: error });
      }
      if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
        throw new InternalServerException('the ID generator returned an ID that is not 10 characters [0-9A-Za-z]');
      }
      if (!(yield* taken(id))) return id;
    }
    throw new InternalServerException('the ID generator returned 100 IDs in use');
  }
}
