import type { Results, Row } from '../harness/results.js';

/** Number and table helpers shared by the Markdown report and the README section. */

/** Three significant digits, in ns below 1 µs and in µs above. */
export function ns(value: number): string {
  if (value >= 1000) return `${(value / 1000).toPrecision(3)} µs`;
  return `${value.toPrecision(3)} ns`;
}

export function ratio(value: number | null): string {
  return value === null ? '' : `${value.toPrecision(3)}x`;
}

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toPrecision(3)} MiB`;
  if (value >= 1024) return `${(value / 1024).toPrecision(3)} KiB`;
  return `${value.toPrecision(3)} B`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function findRow(results: Results, scenario: string, impl: string, n: number | null, shape?: string): Row | undefined {
  return results.rows.find((r) => r.scenario === scenario && r.impl === impl && r.n === n && r.shape === shape);
}

export function requireRow(results: Results, scenario: string, impl: string, n: number | null, shape?: string): Row {
  const row = findRow(results, scenario, impl, n, shape);
  if (row === undefined) throw new Error(`results have no row ${scenario} / ${impl} / n = ${n}`);
  return row;
}

/** The rows of the given peers for a scenario and n. */
export function peerRows(results: Results, scenario: string, n: number, peers: readonly string[]): Row[] {
  return peers.map((peer) => requireRow(results, scenario, peer, n));
}
