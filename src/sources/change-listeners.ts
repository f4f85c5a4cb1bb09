import { ValidationException } from '../errors.js';
import type { AliasChange } from '../router/source.js';

/** Told about a change listener that threw; the change it was told about is committed regardless. */
export type ListenerErrorHandler = (error: unknown, change: AliasChange) => void;

function logListenerError(error: unknown, change: AliasChange): void {
  console.error(`flow-alias-router: a change listener threw on ${change.kind} ${change.identity}`, error);
}

export function checkListenerErrorHandler(value: unknown, field: string): ListenerErrorHandler | undefined {
  if (value !== undefined && typeof value !== 'function') throw new ValidationException(field, 'must be a function');
  return value as ListenerErrorHandler | undefined;
}

/**
 * The `subscribe` listeners of a synchronous source (the `FlowRegistry`, `MemorySource`), notified after a
 * change is committed. A listener that throws cannot turn the committed change into a failed call, nor keep
 * later listeners from hearing it: its error goes to `onListenerError` (default: `console.error`, so a bug is
 * never silent), and an `onListenerError` that throws is ignored.
 */
export class ChangeListeners {
  private readonly listeners = new Set<(change: AliasChange) => void>();
  private readonly onListenerError: ListenerErrorHandler;

  constructor(onListenerError: ListenerErrorHandler | undefined) {
    this.onListenerError = onListenerError ?? logListenerError;
  }

  /** `AliasSource.subscribe`: adds `onChange`, returns the function that removes it. */
  subscribe(onChange: (change: AliasChange) => void): () => void {
    if (typeof onChange !== 'function') throw new ValidationException('onChange', 'must be a function');
    this.listeners.add(onChange);
    return () => {
      this.listeners.delete(onChange);
    };
  }

  /** Tells every listener subscribed now about `change`, in subscription order. */
  notify(change: AliasChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        try {
          this.onListenerError(error, change);
        } catch {
          // The report failed too; the change stays committed and the remaining listeners still hear it.
        }
      }
    }
  }
}
