import { ValidationException } from '../errors.js';

const INSTALL: Readonly<Record<string, string>> = {
  'better-sqlite3': 'npm install better-sqlite3 (it builds from source where no prebuilt binary fits: about 80 s)',
  pg: 'npm install pg',
};

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/** The typed error for a store whose database driver is not installed, naming the package and the fix. */
export function driverMissing(name: string, error: unknown): ValidationException {
  return new ValidationException('store', `needs the package ${name}, which is not installed: ${INSTALL[name] ?? `npm install ${name}`}`, {
    code: 'StoreDriverMissing',
    cause: error,
  });
}

/** Loads an optional driver only when its store is opened; a missing one is a typed error, anything else is rethrown. */
export async function importDriver<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw isModuleNotFound(error) ? driverMissing(name, error) : error;
  }
}

export function requireDriver<T>(name: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    throw isModuleNotFound(error) ? driverMissing(name, error) : error;
  }
}
