import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The selector `auto` picks for three or more versions (dist internals, by path: not a public export).
import { AUTO_MANY_SELECTOR } from '../../dist/internal.js';
import type { Results } from '../harness/results.js';
import { FLOOR, FLOOR_FAST, RANDOM_PICK, SIZES, US } from '../scenarios/names.js';
import { CHART_FILE, benchmarksMarkdown, peerNames } from './markdown.js';
import { performanceSection, replacePerformanceSection } from './readme.js';
import { latencyChart, type Series } from './svg.js';
import { findRow } from './format.js';
import type { FleetResults } from './fleet.js';

/**
 * Renders docs/benchmarks.md, docs/benchmarks-latency.svg, docs/performance.md and the Performance section of
 * README.md from a results file. Usage:
 * node build/report/main.js [--results bench/results/latest.json] [--docs docs] [--readme README.md]
 */
const SELECTOR_NOTE = [
  'Why `auto` keeps the guide table although the alias method is a fraction of a nanosecond faster at a few versions:',
  'the guide table compares the draw with the cumulative thresholds, so each share carries only the rounding of its two thresholds (issue 2: no error beyond float rounding).',
  "Vose's alias method carries the rounding accumulated while its columns are built (each leftover is a running sum over earlier columns) plus the loss of low bits when one draw is split into a column and a fraction (u * n), growing with n.",
  'The guide table is also as fast or faster from 30 versions on and whenever one version dominates, and the router calls it without the table switch.',
  'Binary search is exact too, but a compare per halving makes it the slowest from a handful of versions on.',
].join(' ');

function chart(results: Results): string {
  const series: Series[] = [US, ...peerNames(results)].map((impl) => ({
    name: impl,
    emphasis: impl === US,
    points: SIZES.map((n) => ({ n, ns: findRow(results, RANDOM_PICK, impl, n)?.nsPerOp.median ?? Number.NaN })).filter((p) => Number.isFinite(p.ns)),
  }));
  const floors = [
    { impl: FLOOR, name: 'floor (Math.random)' },
    { impl: FLOOR_FAST, name: 'floor (FastRandom draw)' },
  ].flatMap(({ impl, name }) => {
    const row = findRow(results, RANDOM_PICK, impl, null);
    return row === undefined ? [] : [{ name, ns: row.nsPerOp.median }];
  });
  return latencyChart(
    'Cached random pick, hot key: median time per pick',
    `${results.environment.cpu}, Node ${results.environment.node}, ${results.generatedAt.slice(0, 10)}. Floor: Map.get + a draw + one compare. Both axes logarithmic.`,
    series,
    floors,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      results: { type: 'string', default: 'bench/results/latest.json' },
      docs: { type: 'string', default: 'docs' },
      readme: { type: 'string', default: 'README.md' },
      fleet: { type: 'string', default: 'bench/results/fleet.json' },
    },
  });
  const results = JSON.parse(readFileSync(values.results, 'utf8')) as Results;
  if (results.schema !== 1) throw new Error(`unknown results schema ${String(results.schema)}`);
  mkdirSync(values.docs, { recursive: true });
  const fleet = existsSync(values.fleet) ? (JSON.parse(readFileSync(values.fleet, 'utf8')) as FleetResults) : undefined;
  writeFileSync(join(values.docs, 'benchmarks.md'), benchmarksMarkdown(results, AUTO_MANY_SELECTOR, SELECTOR_NOTE, fleet));
  writeFileSync(join(values.docs, CHART_FILE), chart(results));
  writeFileSync(join(values.docs, 'performance.md'), performanceSection(results, 'docs'));
  writeFileSync(values.readme, replacePerformanceSection(readFileSync(values.readme, 'utf8'), performanceSection(results, 'readme')));
  process.stderr.write(
    `wrote ${values.docs}/benchmarks.md, ${values.docs}/${CHART_FILE}, ${values.docs}/performance.md and the Performance section of ${values.readme} from ${values.results}\n`,
  );
}

main();
