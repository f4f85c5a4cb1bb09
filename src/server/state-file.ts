import { randomUUID } from 'node:crypto';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ValidationException } from '../errors.js';

const TEMP_SUFFIX = '.tmp';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * The registry's JSON state on disk (`serve --state FILE`). Saves are atomic: the JSON goes to a temporary
 * file in the same directory, which is fsynced, renamed over the state file, and the directory fsynced,
 * so a crash at any point leaves either the old or the new state, never a torn file. Concurrent saves are
 * serialised and coalesced: a save requested while one is running is written once, with the latest state.
 */
export class StateFile {
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private latest: unknown;

  constructor(readonly path: string) {}

  /** The saved state, or undefined when there is no file yet. Throws `ValidationException` if the file is not valid JSON. */
  async load(): Promise<unknown> {
    await this.removeStaleTemporaries();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ValidationException('state', `file ${this.path} is not valid JSON; refusing to start over it`, { cause: error });
    }
  }

  /** Writes `state` (after any save already running); resolves once it is durable on disk. */
  save(state: unknown): Promise<void> {
    this.latest = state;
    if (this.queued === undefined) {
      const run = this.tail.then(() => {
        this.queued = undefined;
        return this.write(this.latest);
      });
      this.queued = run;
      this.tail = run.catch(() => undefined);
    }
    return this.queued;
  }

  private async write(state: unknown): Promise<void> {
    const text = `${JSON.stringify(state)}\n`;
    const temporary = `${this.path}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      const file = await open(temporary, 'wx', 0o600);
      try {
        await file.writeFile(text, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const directory = await open(dirname(this.path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  /** Temporaries left by a crash mid-save (never the state itself). */
  private async removeStaleTemporaries(): Promise<void> {
    const prefix = `${basename(this.path)}.`;
    let names: string[];
    try {
      names = await readdir(dirname(this.path));
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX) && name.length === prefix.length + 36 + TEMP_SUFFIX.length);
    await Promise.all(stale.map((name) => rm(join(dirname(this.path), name), { force: true })));
  }
}
