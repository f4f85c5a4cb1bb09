/**
 * A checker for serializability: given operations that ran concurrently, what each answered, and the
 * state they left, is there one serial order of all of them that answers the same and leaves the same?
 * The model is the registry's alias rules on one flow: create (a conflict if the name is taken), update
 * and delete (not found if it is not).
 */

export type AliasOp =
  | { readonly kind: 'create'; readonly name: string; readonly version: string }
  | { readonly kind: 'update'; readonly name: string; readonly version: string }
  | { readonly kind: 'delete'; readonly name: string };

/** `ok`, or the name of the typed error the call failed with. */
export type Outcome = 'ok' | 'ConflictException' | 'ResourceNotFoundException';

/** The aliases a flow holds: name → the version it routes to. */
export type AliasState = ReadonlyMap<string, string>;

function apply(state: Map<string, string>, op: AliasOp): Outcome {
  const exists = state.has(op.name);
  if (op.kind === 'create') {
    if (exists) return 'ConflictException';
    state.set(op.name, op.version);
    return 'ok';
  }
  if (!exists) return 'ResourceNotFoundException';
  if (op.kind === 'update') state.set(op.name, op.version);
  else state.delete(op.name);
  return 'ok';
}

function sameState(a: AliasState, b: AliasState): boolean {
  if (a.size !== b.size) return false;
  for (const [name, version] of a) if (b.get(name) !== version) return false;
  return true;
}

/** A serial order (indexes into `ops`) that explains every outcome and the final state, or undefined. */
export function serialOrder(ops: readonly AliasOp[], outcomes: readonly Outcome[], final: AliasState): number[] | undefined {
  const order: number[] = [];
  const used = new Array<boolean>(ops.length).fill(false);
  const search = (state: Map<string, string>): boolean => {
    if (order.length === ops.length) return sameState(state, final);
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      const next = new Map(state);
      if (apply(next, ops[i] as AliasOp) !== outcomes[i]) continue;
      used[i] = true;
      order.push(i);
      if (search(next)) return true;
      order.pop();
      used[i] = false;
    }
    return false;
  };
  return search(new Map()) ? order : undefined;
}
