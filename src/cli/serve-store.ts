import { readFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { ValidationException } from '../errors.js';
import { FlowRegistry } from '../registry/registry.js';
import { MemoryStore } from '../stores/memory.js';
import type { RegistryStore } from '../stores/store.js';
import type { ServeConfig } from './serve-options.js';

/** The registry `serve` runs on, and how its start-up line names the store (never with a password). */
export interface ServedRegistry {
  readonly registry: FlowRegistry<RegistryStore>;
  readonly description: string;
}

/** `postgres://user:secret@host:5432/db` as `postgres://user@host:5432/db`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Whether a file starts like a JSON state file of an earlier release (`{`), rather than a SQLite database. */
async function isJsonStateFile(path: string): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
    return bytesRead > 0 && buffer.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{');
  } finally {
    await file.close();
  }
}

async function readStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ValidationException('--import', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationException('--import', `${path} is not a JSON state file`);
  }
}

/** Opens the store `serve` was told to use, and imports a JSON state file into it when asked. */
export async function openServedRegistry(config: ServeConfig): Promise<ServedRegistry> {
  const identity = {
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.account === undefined ? {} : { account: config.account }),
    ...(config.retainRevisions === undefined ? {} : { retainRevisions: config.retainRevisions }),
  };
  const poll = config.pollIntervalMs === undefined ? {} : { pollIntervalMs: config.pollIntervalMs };
  let served: ServedRegistry;
  const store = config.store;
  if (store.kind === 'postgres') {
    const { openPostgresStore } = await import('../stores/postgres.js');
    const opened = await openPostgresStore(store.url, { ...identity, ...(store.schema === undefined ? {} : { schema: store.schema }) });
    served = { registry: new FlowRegistry({ store: opened, ...poll }), description: `PostgreSQL ${redactUrl(store.url)}, schema ${opened.schema}` };
  } else if (store.kind === 'sqlite') {
    if (await isJsonStateFile(store.path)) {
      throw new ValidationException(
        '--state',
        `${store.path} is a JSON state file of an earlier release; move it onto SQLite once with: serve --state NEW.db --import ${store.path}`,
      );
    }
    const { openSqliteStore } = await import('../stores/sqlite.js');
    served = { registry: new FlowRegistry({ store: openSqliteStore(store.path, identity), ...poll }), description: `SQLite ${store.path}` };
  } else {
    const { retainRevisions, ...names } = identity;
    served = {
      registry: retainRevisions === undefined ? new FlowRegistry(names) : new FlowRegistry({ store: new MemoryStore({ ...names, retainRevisions }) }),
      description: 'in memory only',
    };
  }
  if (config.importPath !== undefined) {
    try {
      await served.registry.importSnapshot(await readStateFile(config.importPath));
    } catch (error) {
      await served.registry.close();
      throw error;
    }
  }
  return served;
}
