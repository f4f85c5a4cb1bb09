/** The fleet benchmarks' results (bench/results/fleet.json, written by `npm run bench:fleet`), as the report reads them. */
export interface FleetRow {
  readonly store: string;
  readonly kind: 'write' | 'read';
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export interface FleetResults {
  readonly propagation?: {
    readonly environment: { readonly node: string; readonly date: string };
    readonly rows: readonly Readonly<Record<string, string | number>>[];
  };
  readonly controlPlane?: {
    readonly environment: { readonly node: string; readonly connectionsPerServer: number; readonly seconds: number; readonly date: string };
    readonly rows: readonly FleetRow[];
  };
}

/** The fleet section of docs/benchmarks.md, or nothing when the fleet benchmarks have not run. */
export function fleetSection(fleet: FleetResults | undefined): string {
  return [controlPlaneSection(fleet), propagationSection(fleet)].filter((s) => s !== '').join('\n\n');
}

function propagationSection(fleet: FleetResults | undefined): string {
  const p = fleet?.propagation;
  if (p === undefined || p.rows.length === 0) return '';
  const columns = Object.keys(p.rows[0] as object);
  return [
    '## Fleet: propagation of a change to every router',
    '',
    `From \`bench/results/fleet.json\` (\`npm run bench:propagation\`, ${p.environment.date.slice(0, 10)}, Node ${p.environment.node}): the time from a write's acknowledgment to the new version being picked by every router process (each watching through \`HttpAliasSource\`), over loopback; PostgreSQL with \`fsync\` on, two replicas, LISTEN/NOTIFY; and the in-memory store with one server. Goal (issue 11): p99 within 100 ms.`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...p.rows.map((row) => `| ${columns.map((c) => String(row[c])).join(' | ')} |`),
  ].join('\n');
}

function controlPlaneSection(fleet: FleetResults | undefined): string {
  const cp = fleet?.controlPlane;
  if (cp === undefined) return '';
  const env = cp.environment;
  return [
    '## Fleet: the control plane on PostgreSQL',
    '',
    `From \`bench/results/fleet.json\` (\`npm run bench:fleet\`, ${env.date.slice(0, 10)}, Node ${env.node}): Bedrock UpdateFlowAlias (a write: one transaction under the store's lock) and GetFlowAlias (a read) through the server, SigV4-signed, ${env.connectionsPerServer} connections per server for ${env.seconds} s after a warm-up, over loopback. Two \`serve\` replicas on one PostgreSQL 15 with \`fsync\` on, beside one server on the in-memory store in the same run. The load generator, the servers and the database share the machine's cores: a floor, not a ceiling. docs/fleet.md turns these into capacity.`,
    '',
    '| store | operation | requests/s | p50 ms | p99 ms | requests | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...cp.rows.map(
      (r) =>
        `| ${r.store} | ${r.kind === 'write' ? 'UpdateFlowAlias (write)' : 'GetFlowAlias (read)'} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.requests} | ${r.errors} |`,
    ),
  ].join('\n');
}
