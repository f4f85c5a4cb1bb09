import type { EndpointRow, Results } from '../harness/results.js';
import { ENDPOINT_FLOOR, ENDPOINT_GET_FLOW_ALIAS, ENDPOINT_PICK, MANY_PICK, MEMORY, RANDOM_PICK, SIZES, STICKY_PICK, US } from '../scenarios/names.js';
import { findRow, ratio, table } from './format.js';

/**
 * Issue 13's targets, before and after: the "before" column is the figure the issue was filed with (its
 * "now" column, measured on this machine before this round), kept here as the record it is; the "now" column
 * comes from the results file. Rendered in docs/benchmarks.md and the README's Performance section.
 */
interface Target {
  readonly what: string;
  readonly before: string;
  readonly now: (results: Results) => string;
  readonly goal: string;
  readonly gate: string;
}

function endpoint(results: Results, scenario: string): EndpointRow | undefined {
  return results.endpoints?.find((r) => r.scenario === scenario);
}

function memory(results: Results, n: number): string {
  const row = results.memory.find((m) => m.scenario === MEMORY && m.n === n && !m.note.startsWith('floor'));
  return row === undefined ? 'n/a' : `${row.bytesPerAlias} B`;
}

const TARGETS: readonly Target[] = [
  {
    what: 'root entry import in a fresh process, over `import(\'lru-cache\')` alone',
    before: '~11x (80 ms against 7 ms)',
    now: (r) => (r.coldStart?.rootOverLruCache === undefined ? 'n/a' : `${r.coldStart.rootOverLruCache}x (${r.coldStart.rootImportMs} ms against ${r.coldStart.lruCacheImportMs} ms)`),
    goal: '≤ 1.5x',
    gate: '≤ 3x',
  },
  {
    what: 'every entry imported, over bare node',
    before: '49 ms',
    now: (r) => (r.coldStart?.allEntriesOverBareMs === undefined ? 'n/a' : `${r.coldStart.allEntriesOverBareMs} ms`),
    goal: '≤ 15 ms',
    gate: 'report',
  },
  {
    what: 'memory per cached alias, 100,000 aliases, stats on, n = 2 / 10',
    before: '1.98 KiB / 4.48 KiB',
    now: (r) => `${memory(r, 2)} / ${memory(r, 10)}`,
    goal: '512 B / 1 KiB',
    gate: '1 KiB / 2 KiB',
  },
  {
    what: '100,000 aliases in random order, over the Map floor',
    before: '~5x (4.7x in this benchmark)',
    now: (r) => ratio(findRow(r, MANY_PICK, US, 2)?.ratio ?? null) || 'n/a',
    goal: '1.3x',
    gate: '1.6x',
  },
  {
    what: 'cached random pick over the floor, n = 1, 2, 10, 100',
    before: '0.39x to 1.29x',
    now: (r) => SIZES.map((n) => ratio(findRow(r, RANDOM_PICK, US, n)?.ratio ?? null) || 'n/a').join(', '),
    goal: '≤ 1.0x at every n',
    gate: '1.5x',
  },
  {
    what: 'sticky pick over its floor, n = 2 / 10',
    before: '1.36x / 3.9x',
    now: (r) => [2, 10].map((n) => ratio(findRow(r, STICKY_PICK, US, n)?.ratio ?? null) || 'n/a').join(' / '),
    goal: '1.2x / 2.0x',
    gate: '1.5x / 3x',
  },
  {
    what: 'signed pick endpoint over a bare `node:http` server (requests/s)',
    before: '~0.32x (0.16x in this benchmark before this round)',
    now: (r) => ratio(endpoint(r, ENDPOINT_PICK)?.ratio ?? null) || 'n/a',
    goal: '≥ 0.7x',
    gate: '≥ 0.4x',
  },
  {
    what: 'signed Bedrock GetFlowAlias, same comparison',
    before: '~0.28x (0.15x in this benchmark before this round)',
    now: (r) => ratio(endpoint(r, ENDPOINT_GET_FLOW_ALIAS)?.ratio ?? null) || 'n/a',
    goal: '≥ 0.6x',
    gate: 'report',
  },
];

/** The before/after table of issue 13's targets. */
export function footprintTable(results: Results): string {
  return table(
    ['what', 'before (issue 13 as filed)', 'now', 'goal', 'gate'],
    TARGETS.map((t) => [t.what, t.before, t.now(results), t.goal, t.gate]),
  );
}

/** docs/benchmarks.md: the HTTP endpoints under load, against the bare server. */
export function endpointsSection(results: Results): string {
  const rows = results.endpoints ?? [];
  const floor = rows.find((r) => r.scenario === ENDPOINT_FLOOR);
  if (floor === undefined) return '';
  return [
    '## HTTP endpoints under load',
    '',
    `\`serve\` on the embedded store with SigV4 verification, and a bare \`node:http\` server answering the same bytes as a pick, each in its own process; autocannon with ${floor.connections} connections, no pipelining, on the same 2-core machine (it takes one core). ${floor.roundRequestsPerSecond.length} interleaved rounds of ${floor.secondsPerRound} s after an uncounted warm-up; each ratio is taken within a round (bench/scenarios/endpoints.ts).`,
    '',
    table(
      ['endpoint', 'requests/s (median)', 'x bare (per-round range)', 'p50 / p99 ms'],
      rows.map((r) => [
        r.note,
        String(r.requestsPerSecond),
        r.ratio === null ? '' : `${ratio(r.ratio)} (${r.ratioRange?.map(ratio).join(' to ')})`,
        `${r.p50Ms} / ${r.p99Ms}`,
      ]),
    ),
  ].join('\n');
}
