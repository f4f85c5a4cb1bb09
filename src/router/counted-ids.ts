/**
 * Small integer ids for the values the cache holds (flow names, alias names, compiled selectors), counted by
 * user: a value keeps its id while a cached alias uses it and loses it with its last user, so ids stay dense
 * and every map here is bounded by the cache. Ids start at 1 (0 marks an empty slot of the AliasIndex) and a
 * freed id is reused first.
 */
export class CountedIds<K> {
  /** HOT PATH: a value's id. A string key's hash is computed once and kept in the string by V8. */
  readonly ids = new Map<K, number>();
  /** HOT PATH: the value of each id in use, `undefined` for a free one (index 0 is never used). */
  readonly values: (K | undefined)[] = [undefined];
  private readonly users: number[] = [0];
  private readonly free: number[] = [];

  /** The id of `value`, counting one more user of it. */
  acquire(value: K): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.free.pop() ?? this.values.length;
      this.values[id] = value;
      this.users[id] = 0;
      this.ids.set(value, id);
    }
    this.users[id] = (this.users[id] as number) + 1;
    return id;
  }

  /** One user fewer of the value with id `id`; the id is freed with its last. */
  release(id: number): void {
    const left = (this.users[id] as number) - 1;
    this.users[id] = left;
    if (left > 0) return;
    this.ids.delete(this.values[id] as K);
    this.values[id] = undefined;
    this.free.push(id);
  }

  /** How many values have an id. */
  get size(): number {
    return this.ids.size;
  }
}
