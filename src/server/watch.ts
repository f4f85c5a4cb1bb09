import { ThrottlingException, ValidationException } from '../errors.js';
import type { AnyRegistry } from '../registry/registry.js';
import type { StoredChange } from '../stores/store.js';
import { ChangeHub, type WatchAnswer } from './change-hub.js';
import type { Exchange } from './exchange.js';
import type { Params } from './params.js';
import { sendJson } from './responses.js';

/** The longest a watcher may park, in seconds. */
export const MAX_WAIT_SECONDS = 30;
/** The wait when the request names none. */
export const DEFAULT_WAIT_SECONDS = 20;
/** Most changes in one answer (a revision is never split, so one larger revision comes whole). */
export const MAX_CHANGES_PER_ANSWER = 1000;

export interface WatchOptions {
  /** Most watchers parked at once on this server; one more is refused with 429 (retry). Default 10,000. */
  readonly maxWatchers?: number;
  /** Changes kept in memory for watchers to catch up from without reading the store. Default 4,096. */
  readonly bufferChanges?: number;
}

export const DEFAULT_WATCH: Required<WatchOptions> = Object.freeze({ maxWatchers: 10_000, bufferChanges: 4096 });

export function resolveWatchOptions(options: WatchOptions | undefined): Required<WatchOptions> {
  const resolved = { ...DEFAULT_WATCH, ...options };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000_000) {
      throw new ValidationException(`watch.${name}`, 'must be an integer from 1 to 10,000,000');
    }
  }
  return resolved;
}

interface WatchQuery {
  readonly since: number | undefined;
  readonly waitMs: number;
  readonly epoch: string | undefined;
}

function readQuery(query: Params): WatchQuery {
  let since: number | undefined;
  let waitMs = DEFAULT_WAIT_SECONDS * 1000;
  let epoch: string | undefined;
  for (const [name, value] of Object.entries(query)) {
    if (name === 'since') {
      since = Number(value);
      if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(since)) throw new ValidationException('since', 'must be a non-negative integer (a store revision)');
    } else if (name === 'wait') {
      const seconds = Number(value);
      if (!/^\d{1,2}(\.\d{1,3})?$/.test(value) || seconds > MAX_WAIT_SECONDS) {
        throw new ValidationException('wait', `must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
      }
      waitMs = Math.round(seconds * 1000);
    } else if (name === 'epoch') {
      if (!/^[A-Za-z0-9-]{1,64}$/.test(value)) throw new ValidationException('epoch', 'must be a store epoch as answered by this endpoint');
      epoch = value;
    } else {
      throw new ValidationException(name, 'is not a query parameter of changes (since, wait, epoch)');
    }
  }
  return { since, waitMs, epoch };
}

function wireChange(change: StoredChange) {
  return { revision: change.revision, kind: change.kind, identity: change.identity, flow: change.flowId, alias: change.aliasId };
}

/**
 * `GET /routing/changes?since=REV&wait=SECONDS[&epoch=E]`: a long poll on the store's change log. Answers as
 * soon as there are changes after `since` (`{ epoch, revision, reset: false, changes }`), or with the same
 * revision and no changes when the wait runs out; `reset: true` (reload everything) when `since` is older than
 * the store retains, newer than it has ever been, or `epoch` names another store. Without `since` it answers
 * the current revision at once: the baseline a new watcher starts from.
 */
export class Watch {
  readonly hub: ChangeHub;
  private readonly maxWatchers: number;
  private draining = false;

  constructor(registry: AnyRegistry, options: WatchOptions | undefined) {
    const resolved = resolveWatchOptions(options);
    this.hub = new ChangeHub(registry, resolved.bufferChanges);
    this.maxWatchers = resolved.maxWatchers;
    void this.hub.catchUp();
  }

  async serve(exchange: Exchange, query: Params, headers: Record<string, string>): Promise<void> {
    const { since, waitMs, epoch } = readQuery(query);
    const hub = this.hub;
    const answerHeaders = { ...headers, 'cache-control': 'no-store' };
    const send = (answer: WatchAnswer): void => {
      sendJson(
        exchange.res,
        200,
        answer.reset
          ? { epoch: hub.epoch, revision: answer.revision, reset: true, changes: [] }
          : { epoch: hub.epoch, revision: answer.revision, reset: false, changes: answer.changes.map(wireChange) },
        answerHeaders,
      );
    };
    if (since === undefined) {
      send({ reset: false, revision: await hub.baseline(), changes: [] });
      return;
    }
    if (epoch !== undefined && epoch !== hub.epoch) {
      send({ reset: true, revision: await hub.baseline() });
      return;
    }
    const ready = await hub.answer(since, MAX_CHANGES_PER_ANSWER);
    if (ready !== undefined || waitMs === 0 || this.draining) {
      send(ready ?? { reset: false, revision: since, changes: [] });
      return;
    }
    if (hub.parked >= this.maxWatchers) {
      throw new ThrottlingException(`this replica already holds ${this.maxWatchers} parked watchers; retry, or watch through another replica`);
    }
    await this.park(exchange, since, waitMs);
    if (exchange.res.destroyed || exchange.res.writableEnded) return;
    send((await hub.answer(since, MAX_CHANGES_PER_ANSWER)) ?? { reset: false, revision: since, changes: [] });
  }

  /** Answers every parked watcher now and parks no more: the server is draining. */
  drain(): void {
    this.draining = true;
    this.hub.wakeAll();
  }

  close(): void {
    this.hub.close();
  }

  /** Waits until the hub's revision moves, the wait runs out, the server drains or the client goes away. */
  private park(exchange: Exchange, since: number, waitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        unpark();
        exchange.res.off('close', done);
        resolve();
      };
      const unpark = this.hub.park(done);
      timer = setTimeout(done, waitMs);
      exchange.res.once('close', done);
      // A commit may have landed between the check and the park: look once more.
      void this.hub.answer(since, 1).then(
        (answer) => {
          if (answer !== undefined) done();
        },
        () => undefined,
      );
    });
  }
}
