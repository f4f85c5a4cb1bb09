/**
 * Answers of a pure function of a short string, kept: at most `maxEntries`, all dropped when full, and keys
 * longer than `maxKeyLength` computed every time, so whoever sends the keys, the memory stays bounded. For
 * what a server derives from a request path, which a gateway sends again and again.
 */
export class Kept<V> {
  private readonly answers = new Map<string, V>();

  constructor(
    private readonly compute: (key: string) => V,
    private readonly maxEntries = 1024,
    private readonly maxKeyLength = 512,
  ) {}

  get(key: string): V {
    if (key.length > this.maxKeyLength) return this.compute(key);
    if (this.answers.has(key)) return this.answers.get(key) as V;
    const answer = this.compute(key);
    if (this.answers.size >= this.maxEntries) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }
}
