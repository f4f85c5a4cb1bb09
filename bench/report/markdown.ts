import { fleetSection, type FleetResults } from './fleet.js';
import type { GateOutcome, Results, Row } from '../harness/results.js';
import {
  CACHED_PICK,
  EXPLAIN,
  FLOOR,
  FLOOR_FAST,
  MANY_FLOOR,
  MANY_PICK,
  MISS,
  NO_METER,
  OPENFEATURE_DETAILS,
  OPENFEATURE_VALUE,
  OTEL_PICK,
  OTEL_STICKY_PICK,
  RANDOM_PICK,
  ROUTER_PICK,
  ROUTE,
  SEEDED_FLOOR,
  SEEDED_PICK,
  SELECTOR,
  SELECTOR_SHAPES,
  SELECTOR_SIZES,
  SELECTOR_STRATEGIES,
  SIZES,
  STICKY_FLOOR,
  STICKY_PICK,
  UPDATE,
  UPDATE_ALONE,
  US,
} from '../scenarios/names.js';
import { bytes, findRow, ns, ratio, requireRow, table } from './format.js';
import { endpointsSection, footprintTable } from './footprint.js';

/** docs/benchmarks.md, rendered from a results file. */

export const CHART_FILE = 'benchmarks-latency.svg';

/** Every implementation measured in the random-pick scenario that is neither us nor a floor. */
export function peerNames(results: Results): string[] {
  const names = results.rows.filter((r) => r.scenario === RANDOM_PICK && r.n !== null).map((r) => r.impl);
  return [...new Set(names)].filter((name) => name !== US && name !== FLOOR && name !== FLOOR_FAST);
}

/** A report section: heading, an introduction, a table. */
function section(title: string, intro: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`## ${title}`, '', intro, '', table(header, rows)].join('\n');
}

function cell(row: Row | undefined): string {
  if (row === undefined) return 'n/a';
  return row.ratio === null ? ns(row.nsPerOp.median) : `${ns(row.nsPerOp.median)} (${ratio(row.ratio)})`;
}

function gateTable(gates: readonly GateOutcome[]): string {
  return table(
    ['gate', 'measured', 'gate', 'goal', 'result'],
    gates.map((g) => {
      const op = g.direction === 'at most' ? '≤' : '≥';
      const goal = g.goal === null ? '' : `${op} ${g.goal}${g.goalMet === true ? ' (met)' : ' (not met)'}`;
      const verdict = g.pass ? 'pass' : (g.pending ?? null) === null ? '**FAIL**' : `pending (not enforced: ${g.pending})`;
      const result = `${verdict}${g.attempts > 1 ? ' (second attempt)' : ''}`;
      return [g.title, `${g.measured ?? 'n/a'} ${g.unit}`, `${op} ${g.threshold}`, goal, result];
    }),
  );
}

function randomPickSection(results: Results): string {
  const impls = [US, ...peerNames(results)];
  const rows = impls.map((impl) => [impl === US ? `**${impl}**` : impl, ...SIZES.map((n) => cell(findRow(results, RANDOM_PICK, impl, n)))]);
  const floor = requireRow(results, RANDOM_PICK, FLOOR, null);
  const floorFast = findRow(results, RANDOM_PICK, FLOOR_FAST, null);
  return [
    '## Cached random pick, hot key',
    '',
    `Median per pick, with the ratio to the floor measured in the same rounds. Floor: ${floor.note ?? FLOOR}, ${ns(floor.nsPerOp.median)}.` +
      (floorFast === undefined
        ? ''
        : ` The same floor drawing from the router's own generator (FastRandom) instead of Math.random: ${ns(floorFast.nsPerOp.median)} (${ratio(floorFast.ratio)} the floor).`),
    '',
    'Weights: one version; 80/20; a ramp 1, 2, ..., n. Every peer is used as a gateway would: a `Map.get` of the alias\'s prepared config, then its selection.',
    '',
    table(['implementation', ...SIZES.map((n) => `n = ${n}`)], rows),
    '',
    `![Median time per pick against the number of versions](${CHART_FILE})`,
  ].join('\n');
}

function stickySection(results: Results): string {
  const floor = requireRow(results, STICKY_PICK, STICKY_FLOOR, null);
  const rows = [2, 10].map((n) => findRow(results, STICKY_PICK, US, n)).filter((r): r is Row => r !== undefined);
  return section(
    'Sticky pick, 36-character execution keys',
    `Floor: ${floor.note ?? STICKY_FLOOR}, ${ns(floor.nsPerOp.median)}. Both rotate through the same 1,024 keys.`,
    ['n', 'median', 'p99', 'ratio to floor (per-round range)'],
    rows.map((r) => [String(r.n), ns(r.nsPerOp.median), ns(r.nsPerOp.p99), `${ratio(r.ratio)} (${r.ratioRange?.map(ratio).join(' to ')})`]),
  );
}

function manySection(results: Results): string {
  const floor = findRow(results, MANY_PICK, MANY_FLOOR, 2);
  const ours = findRow(results, MANY_PICK, US, 2);
  if (floor === undefined || ours === undefined) return '';
  return section(
    '100,000 cached aliases, random access',
    '1,000 flows of 100 aliases, two versions each, picked in a precomputed random order.',
    ['', 'median', 'p99', 'ratio'],
    [
      [`floor: ${floor.note ?? MANY_FLOOR}`, ns(floor.nsPerOp.median), ns(floor.nsPerOp.p99), ''],
      [US, ns(ours.nsPerOp.median), ns(ours.nsPerOp.p99), ratio(ours.ratio)],
    ],
  );
}

function pathsSection(results: Results): string {
  const entries: [string, Row | undefined][] = [
    ['seeded pick', findRow(results, SEEDED_PICK, US, 2)],
    [`seeded floor: ${findRow(results, SEEDED_PICK, SEEDED_FLOOR, 2)?.note ?? ''}`, findRow(results, SEEDED_PICK, SEEDED_FLOOR, 2)],
    ['cached pick (baseline of the rows below)', findRow(results, CACHED_PICK, US, 2)],
    ['`route()` on a cached alias, awaited', findRow(results, ROUTE, US, 2)],
    ['`explain()`', findRow(results, EXPLAIN, US, 2)],
    ['miss: load, compile, cache, evict', findRow(results, MISS, US, 2)],
    ['alias update alone (MemorySource.set)', findRow(results, UPDATE, UPDATE_ALONE, 2)],
    ['alias update, then the first pick', findRow(results, UPDATE, US, 2)],
  ];
  const present = entries.filter((e): e is [string, Row] => e[1] !== undefined);
  if (present.length === 0) return '';
  return section(
    'Other router paths, n = 2',
    'Each ratio is to the row named in its baseline column, measured in the same rounds.',
    ['path', 'median', 'mean', 'p99', 'baseline', 'ratio'],
    present.map(([label, r]) => [label, ns(r.nsPerOp.median), ns(r.nsPerOp.mean), ns(r.nsPerOp.p99), r.baseline ?? '', ratio(r.ratio)]),
  );
}

function observabilitySection(results: Results): string {
  const entries: [string, Row | undefined][] = [
    ['random pick, no meter', findRow(results, OTEL_PICK, NO_METER, 2)],
    ['random pick, a meter from a collecting OpenTelemetry SDK', findRow(results, OTEL_PICK, US, 2)],
    ['sticky pick, no meter', findRow(results, OTEL_STICKY_PICK, NO_METER, 2)],
    ['sticky pick, a meter from a collecting OpenTelemetry SDK', findRow(results, OTEL_STICKY_PICK, US, 2)],
    ['`router.pick`, sticky (baseline of the rows below)', findRow(results, OPENFEATURE_VALUE, ROUTER_PICK, 2)],
    ['OpenFeature `client.getStringValue`, awaited', findRow(results, OPENFEATURE_VALUE, US, 2)],
    ['OpenFeature `client.getStringDetails`, awaited', findRow(results, OPENFEATURE_DETAILS, US, 2)],
  ];
  const present = entries.filter((e): e is [string, Row] => e[1] !== undefined);
  if (present.length === 0) return '';
  return section(
    'Observability, n = 2',
    'The metrics are read at collection time, so a metered pick runs the same code as a plain one (gates `pick.otel-vs-plain`, `pick.otel.sticky-vs-plain`). An OpenFeature evaluation goes through the SDK (hooks, context merging, a promise): reported, not gated.',
    ['path', 'median', 'mean', 'p99', 'baseline', 'ratio'],
    present.map(([label, r]) => [label, ns(r.nsPerOp.median), ns(r.nsPerOp.mean), ns(r.nsPerOp.p99), r.baseline ?? '', ratio(r.ratio)]),
  );
}

function allocationSection(results: Results): string {
  if (results.allocations.length === 0) return '';
  return section(
    'Allocations per pick',
    'Heap accounting over chunks of a million picks (heap used after minus before, plus what every GC in the chunk freed; the median chunk), in the compiled batch loop the timings use, after warm-up. The control allocates one object per op and proves the accounting sees allocation.',
    ['what', 'n', 'picks', 'bytes per pick', 'GCs'],
    results.allocations.map((a) => [a.control ? `control: ${a.impl}` : a.scenario, a.n === null ? '' : String(a.n), a.ops.toLocaleString('en-US'), String(a.bytesPerOp), String(a.gcs)]),
  );
}

function memorySection(results: Results): string {
  if (results.memory.length === 0) return '';
  return section(
    'Memory per cached alias',
    'Heap used plus external memory after full GCs, before the router is built and after it has loaded every alias, divided by the aliases.',
    ['what', 'aliases', 'versions', 'bytes per alias'],
    results.memory.map((m) => [m.note, m.aliases.toLocaleString('en-US'), String(m.n), bytes(m.bytesPerAlias)]),
  );
}

function coldStartSection(results: Results): string {
  const c = results.coldStart;
  if (c === null) return '';
  return section(
    'Cold start and size',
    'Fresh processes started in alternating order, with and without importing the built entry point.',
    ['', ''],
    [
      ['fresh `node` importing the package, wall time (median)', `${c.processWithImportMs} ms`],
      ['fresh bare `node`, wall time (median)', `${c.bareProcessMs} ms`],
      ['difference', `${(c.processWithImportMs - c.bareProcessMs).toFixed(1)} ms`],
      ['`await import()` of the package, in process (median)', `${c.importMs} ms`],
      ['dist/ (everything published)', bytes(c.distBytes)],
      ['dist/ JavaScript', bytes(c.distJsBytes)],
      ['JavaScript loaded by the entry point', `${bytes(c.entryJsBytes)} in ${c.entryModules} modules, plus ${c.dependencies.join(', ') || 'no dependencies'}`],
      ['runs (fresh processes of each kind, alternating)', String(c.runs)],
      ...(c.rootOverLruCache === undefined
        ? []
        : [
            ['`import(\'flow-alias-router\')` in process, by bare specifier (median; issue 13)', `${c.rootImportMs} ms`],
            ['`import(\'lru-cache\')` alone, in process (median)', `${c.lruCacheImportMs} ms`],
            ['root entry over lru-cache alone (median of per-pair ratios; gate 3x, goal 1.5x)', `${c.rootOverLruCache}x`],
            ['every public entry imported, wall time over bare `node` (median; goal 15 ms)', `${c.allEntriesOverBareMs} ms`],
            ['serverless handler cold path in process: import, `new Router` on a MemorySource, first pick (median)', `${c.handlerMs} ms`],
            ['the same handler process, wall time over bare `node` (median)', `${c.handlerOverBareMs} ms`],
          ]),
    ],
  );
}

export function selectorSection(results: Results, auto: string): string {
  const rows: string[][] = [];
  let worstGuideGap = 0;
  const wins = new Map<string, number>();
  for (const shape of SELECTOR_SHAPES) {
    for (const n of SELECTOR_SIZES) {
      const cells = SELECTOR_STRATEGIES.map((s) => findRow(results, SELECTOR, s, n, shape));
      if (cells.some((c) => c === undefined)) continue;
      const medians = cells.map((c) => (c as Row).nsPerOp.median);
      const best = Math.min(...medians);
      const winner = SELECTOR_STRATEGIES[medians.indexOf(best)] ?? '';
      wins.set(winner, (wins.get(winner) ?? 0) + 1);
      worstGuideGap = Math.max(worstGuideGap, (medians[SELECTOR_STRATEGIES.indexOf('guide')] as number) - best);
      rows.push([shape, String(n), ...cells.map(cell), winner]);
    }
  }
  if (rows.length === 0) return '';
  const tally = SELECTOR_STRATEGIES.map((s) => `${s} ${wins.get(s) ?? 0}`).join(', ');
  return [
    '## Selectors for three or more versions',
    '',
    `\`AUTO_MANY_SELECTOR\` (src/routing/compile.ts) is \`${auto}\`. Each selector through \`RoutingTable.indexOfAt\` on the same 4,096 precomputed draws; ratios to the guide table in the same rounds.`,
    '',
    table(['weights', 'n', ...SELECTOR_STRATEGIES, 'fastest'], rows),
    '',
    `Fastest per cell: ${tally}. The guide table is at most ${ns(worstGuideGap)} slower than the fastest selector in any cell.`,
  ].join('\n');
}

function allRows(results: Results): string {
  return [
    '## Every row',
    '',
    table(
      ['scenario', 'implementation', 'n', 'weights', 'mean', 'median', 'p99', 'baseline', 'ratio', 'per-round range', 'batch', 'batches'],
      results.rows.map((r) => [
        r.scenario,
        r.impl,
        r.n === null ? '' : String(r.n),
        r.shape ?? '',
        ns(r.nsPerOp.mean),
        ns(r.nsPerOp.median),
        ns(r.nsPerOp.p99),
        r.baseline ?? '',
        ratio(r.ratio),
        r.ratioRange === null ? '' : r.ratioRange.map(ratio).join(' to '),
        String(r.batch),
        String(r.samples),
      ]),
    ),
  ].join('\n');
}

export function benchmarksMarkdown(results: Results, auto: string, selectorNote: string, fleet?: FleetResults): string {
  const env = results.environment;
  const sections = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench:report\` from \`bench/results/latest.json\` (${results.mode} run of ${results.generatedAt}, ${results.durationS} s); do not edit by hand. Reproduce with \`npm run bench\` (everything) or \`npm run bench:ci\` (the gates, under a minute).`,
    '',
    `Machine: ${env.cpu}, ${env.cpus} CPUs (load average ${env.loadAverage.join(', ')} at the end of the run, shared with other work); Node ${env.node} (V8 ${env.v8}), ${env.platform}/${env.arch}; tinybench ${env.tinybench}. Peers: ${env.peers.join(', ')}.`,
    '',
    '## How it is measured',
    '',
    '- Against the built `dist/`. Each family of scenarios runs in a fresh Node process, so one family\'s JIT feedback cannot reshape another\'s code.',
    `- Every timed task runs a batch of operations (about 20 µs) in a loop compiled for that contender alone, so its op inlines as it would in a gateway's handler; tinybench times each batch. Contenders of a family run interleaved: ${results.method.rounds} rounds (fewer for the selectors), each a tinybench run over all of them in a rotated order, ${results.method.msPerContenderPerRound} ms each.`,
    '- Median: the median over rounds of each round\'s median batch, per op. Mean and p99: over every batch of every round, per op (a p99 of batch means: a single 10 ns pick is below the timer\'s resolution).',
    '- Ratio: the median over rounds of (this median / the baseline\'s median in the same round), so a burst of load from another process cancels out; the per-round range shows how much the machine moved.',
    '- The sticky family runs in three fresh processes whose rounds are pooled (its ratio moved between processes on this shared machine); its p99 is the median of the three processes\' p99s.',
    '- The 100,000-alias family runs 41 rounds of 10 ms in a fixed order, so each contender always runs right after the other and starts every round with the same cold caches (rotated, each ran every other round after itself, and the per-round ratios alternated between about 1.2 and 3.5).',
    '',
    '## CI gates',
    '',
    'From `bench/gates.ts`, where each gate keeps its reason; `npm run bench:ci` measures the families behind a missed gate once more before failing.',
    '',
    gateTable(results.gates),
    '',
    '## Issue 13: footprint and fleet-scale caching, before and after',
    '',
    'The targets of issue 13, with the figures it was filed with beside this run\'s.',
    '',
    footprintTable(results),
    '',
    randomPickSection(results),
    '',
    stickySection(results),
    '',
    manySection(results),
    '',
    pathsSection(results),
    '',
    observabilitySection(results),
    '',
    allocationSection(results),
    '',
    memorySection(results),
    '',
    coldStartSection(results),
    '',
    endpointsSection(results),
    '',
    selectorSection(results, auto),
    '',
    selectorNote,
    '',
    fleetSection(fleet),
    '',
    allRows(results),
    '',
  ];
  return sections.join('\n').replace(/\n{3,}/g, '\n\n');
}
