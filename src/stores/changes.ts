import { ValidationException } from '../errors.js';
import type { StoredChange } from './store.js';

/**
 * Change retention: a store keeps the alias changes of its last `retainRevisions` revisions (10,000 by
 * default) and purges older ones as new ones are recorded. So `changesSince(r)` answers in full for any
 * `r >= revision - retainRevisions`, and `undefined` (start over from a full read) below that.
 */
export function retainedAfter(revision: number, retainRevisions: number): number {
  return Math.max(0, revision - retainRevisions);
}

/** The most changes one `changesSince` call may ask for. */
export const MAX_CHANGES_LIMIT = 100_000;

export function checkChangesQuery(revision: unknown, limit: unknown): void {
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    throw new ValidationException('revision', 'must be a non-negative integer');
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES_LIMIT) {
    throw new ValidationException('limit', `must be an integer from 1 to ${MAX_CHANGES_LIMIT}`);
  }
}

/**
 * Cuts changes (oldest first, up to `limit + 1` of them) so that no revision is split: a reader resuming
 * from the last revision it got never misses the rest of that revision. When the first revision alone has
 * more than `limit` changes, answers that revision's number: the caller returns the whole of it.
 */
export function cutAtRevision(changes: readonly StoredChange[], limit: number): readonly StoredChange[] | number {
  const next = changes[limit];
  if (next === undefined) return changes;
  let end = limit;
  while (end > 0 && changes[end - 1]?.revision === next.revision) end--;
  return end > 0 ? changes.slice(0, end) : next.revision;
}
