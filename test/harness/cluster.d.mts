/** Where PostgreSQL's server binaries are (FLOW_ALIAS_ROUTER_PG_BIN names another folder). */
export declare const PG_BIN: string;
/** An existing server the tests may use instead of starting their own (they create databases on it). */
export declare const EXTERNAL_PG_ENV: 'FLOW_ALIAS_ROUTER_TEST_PG';
/** Why no throwaway cluster can be started here, or undefined if one can. */
export declare function missingPostgres(): string | undefined;

/** A cluster this run made: only these are ever stopped or restarted by a test. */
export interface PgCluster {
  readonly url: string;
  readonly port: number;
  /** Stops the server (`immediate`: like a crash; `fast`: disconnects everyone and shuts down cleanly). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Whether the server answers (`pg_ctl status`). */
  running(): Promise<boolean>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

/** Makes and starts a throwaway cluster on a free loopback port; `fsync` is off unless asked for. */
export declare function startCluster(options?: { readonly fsync?: boolean }): Promise<PgCluster>;
