// A module.register hook for entries.test.ts: appends every URL the ESM loader resolves to a file, synchronously,
// so the file is complete when the import that caused it resolves.
import { appendFileSync } from 'node:fs';

let log = '';

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, `${result.url}\n`);
  return result;
}
