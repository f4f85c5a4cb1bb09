import type { Results } from '../harness/results.js';
import { FLOOR, MANY_PICK, RANDOM_PICK, SIZES, STICKY_PICK, US } from '../scenarios/names.js';
import { fastestByMedian, marginOverFastest } from '../harness/compare.js';
import { findRow, ns, ratio, peerRows, requireRow, table } from './format.js';
import { footprintTable } from './footprint.js';
import { peerNames } from './markdown.js';

/** Where a Performance section is written: its links are relative to that file. */
export type SectionPlace = 'readme' | 'docs';

/** The README's Performance section and docs/performance.md (`place`), generated from the same results as the report. */
export function performanceSection(results: Results, place: SectionPlace): string {
  // README.md sits at the root and docs/performance.md beside docs/benchmarks.md.
  const benchmarks = place === 'readme' ? 'docs/benchmarks.md' : 'benchmarks.md';
  const env = results.environment;
  const peers = peerNames(results);
  const floor = requireRow(results, RANDOM_PICK, FLOOR, null);
  const rows = SIZES.map((n) => {
    const ours = requireRow(results, RANDOM_PICK, US, n);
    const rows = peerRows(results, RANDOM_PICK, n, peers);
    const peer = fastestByMedian(rows);
    return [String(n), ns(ours.nsPerOp.median), ratio(ours.ratio), `${peer.impl}, ${ns(peer.nsPerOp.median)}`, ratio(marginOverFastest(ours, rows))];
  });
  const lines = [
    '## Performance',
    '',
    `Medians per pick from \`npm run bench\` (${env.cpu}, ${env.cpus} CPUs shared with other work, Node ${env.node}, ${results.generatedAt.slice(0, 10)}); every ratio is taken within the same run. Full tables, method and chart: [docs/benchmarks.md](${benchmarks}).`,
    '',
    `Cached random pick on a hot key, against the floor (\`Map.get\` + \`Math.random\` + one compare: ${ns(floor.nsPerOp.median)}) and the fastest of ${peers.length} npm alternatives:`,
    '',
    table(['versions', 'flow-alias-router', 'vs floor', 'fastest npm peer (median)', 'fastest peer / us'], rows),
    '',
    'Medians are over rounds; "vs floor" and "fastest peer / us" are taken round by round, then the median, so they hold when the shared machine slows down in some rounds and may differ from a quotient of the medians.',
    '',
  ];
  const sticky = findRow(results, STICKY_PICK, US, 2);
  if (sticky !== undefined) {
    lines.push(`- Sticky pick of a 36-character key, 2 versions: ${ns(sticky.nsPerOp.median)}, ${ratio(sticky.ratio)} its floor (\`Map.get\` + the murmur3 key hash + one compare).`);
  }
  const worst = results.allocations.filter((a) => !a.control && a.impl === US).reduce((m, a) => Math.max(m, a.bytesPerOp), 0);
  if (results.allocations.length > 0) {
    lines.push(`- Allocations per pick: none (at most ${worst} bytes per pick measured over millions of random, sticky and seeded picks: the accounting's own noise).`);
  }
  const many = findRow(results, MANY_PICK, US, 2);
  if (many !== undefined) {
    lines.push(`- 100,000 cached aliases picked in random order: ${ns(many.nsPerOp.median)} per pick, ${ratio(many.ratio)} a single \`Map\` of prepared configs.`);
  }
  const cold = results.coldStart;
  if (cold !== null) {
    if (cold.rootOverLruCache !== undefined) {
      lines.push(
        `- Serverless cold start: \`import('flow-alias-router')\` takes ${cold.rootImportMs} ms in a fresh process, ${cold.rootOverLruCache}x \`import('lru-cache')\` alone (${cold.lruCacheImportMs} ms); import, a Router on a MemorySource and the first pick take ${cold.handlerMs} ms; importing every public entry adds ${cold.allEntriesOverBareMs} ms to a bare \`node\`.`,
      );
    }
    lines.push(
      `- Cold start: importing the package adds ${(cold.processWithImportMs - cold.bareProcessMs).toFixed(0)} ms to a fresh Node process (median of ${cold.runs}); dist/ holds ${(cold.distJsBytes / 1024).toFixed(0)} KiB of JavaScript, ${(cold.entryJsBytes / 1024).toFixed(0)} KiB of it loaded at import, plus ${cold.dependencies.join(', ')}.`,
    );
  }
  lines.push('', 'Issue 13 (footprint and fleet-scale caching), the figures it was filed with beside this run\'s:', '', footprintTable(results), '');
  const passed = results.gates.filter((g) => g.pass).length;
  const pending = results.gates.filter((g) => !g.pass && (g.pending ?? null) !== null).length;
  const pendingNote = pending === 0 ? '' : ` (${pending} more measured but not enforced yet: their issue is open)`;
  lines.push(`- CI (\`npm run bench:ci\`, run by \`.ci/run\`): ${passed} of ${results.gates.length} gates pass in this run${pendingNote}; they live in \`bench/gates.ts\` with their reasons.`, '');
  if (place === 'readme') {
    lines.push('Generated from `bench/results/latest.json` by `npm run bench` (`npm run bench:report` alone redraws it without measuring), which writes this section and `docs/performance.md`.', '');
  }
  return lines.join('\n');
}

/**
 * `readme` with its Performance section (from `## Performance` to the next `## ` heading) replaced by
 * `section`. Throws when the README has no such section, rather than appending one somewhere.
 */
export function replacePerformanceSection(readme: string, section: string): string {
  const start = readme.indexOf('\n## Performance\n');
  if (start === -1) throw new Error('README.md has no "## Performance" section');
  const next = readme.indexOf('\n## ', start + 1);
  return readme.slice(0, start + 1) + section + (next === -1 ? '' : `\n${readme.slice(next + 1)}`);
}
