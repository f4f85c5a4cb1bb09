import type * as Pg from 'pg';

/** Reconnect delays of the listening connection: doubling from the first to the last, with full jitter. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;

/**
 * One dedicated connection (outside the pool: a pooled connection may not keep a LISTEN) that LISTENs on a
 * store's channel and calls every `wake` on each notification. When the connection breaks it reconnects by
 * itself, backing off with jitter, and wakes everyone once it listens again: notifications sent while it
 * was away are lost, so readers must look. Runs only while someone is subscribed.
 */
export class PostgresListener {
  private readonly wakes = new Set<() => void>();
  private client: Pg.Client | undefined;
  private connecting = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly makeClient: () => Pg.Client,
    private readonly channel: string,
  ) {}

  subscribe(wake: () => void): () => void {
    this.wakes.add(wake);
    if (this.wakes.size === 1) this.connect();
    return () => {
      this.wakes.delete(wake);
      if (this.wakes.size === 0) this.disconnect();
    };
  }

  close(): void {
    this.closed = true;
    this.wakes.clear();
    this.disconnect();
  }

  private wakeAll(): void {
    for (const wake of [...this.wakes]) {
      try {
        wake();
      } catch {
        // A reader's failure is its own; the others still hear of the commit.
      }
    }
  }

  private connect(): void {
    if (this.closed || this.connecting || this.client !== undefined || this.wakes.size === 0) return;
    this.connecting = true;
    const client = this.makeClient();
    let settled = false;
    const lost = (): void => {
      if (settled) return;
      settled = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.wakeAll());
    client
      .connect()
      .then(() => client.query(`LISTEN "${this.channel}"`))
      .then(
        () => {
          this.connecting = false;
          if (settled) return;
          if (this.closed || this.wakes.size === 0) {
            settled = true;
            client.end().catch(() => undefined);
            return;
          }
          this.client = client;
          this.failures = 0;
          // Whatever was committed while no one listened: readers look now.
          this.wakeAll();
        },
        () => {
          this.connecting = false;
          lost();
        },
      );
  }

  private scheduleReconnect(): void {
    if (this.closed || this.wakes.size === 0 || this.retry !== undefined) return;
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(this.failures, 10));
    this.failures++;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect();
    }, Math.random() * ceiling);
    this.retry.unref();
  }

  private disconnect(): void {
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.retry = undefined;
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      client.removeAllListeners('end');
      client.removeAllListeners('notification');
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
    }
  }
}
