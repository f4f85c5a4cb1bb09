import { cutAtRevision, retainedAfter } from '../changes.js';
import type { Step, StoredChange } from '../store.js';
import { asChange, asInt, firstRow } from './rows.js';
import type { Statements } from './statements.js';

/** The revision of the last committed write. */
export function* revisionProgram(s: Statements): Step<number> {
  return asInt(firstRow(yield { sql: s.revision, params: [] }).revision);
}

/** `changesSince` as one read: whole revisions after `revision`, or undefined when that is older than retained. */
export function* changesSinceProgram(
  s: Statements,
  retainRevisions: number,
  revision: number,
  limit: number,
): Step<readonly StoredChange[] | undefined> {
  const current = yield* revisionProgram(s);
  if (revision < retainedAfter(current, retainRevisions)) return undefined;
  const page = (yield { sql: s.changesAfter, params: [revision, limit + 1] }).map(asChange);
  const cut = cutAtRevision(page, limit);
  if (typeof cut !== 'number') return Object.freeze(cut);
  return Object.freeze((yield { sql: s.changesAt, params: [cut] }).map(asChange));
}
