import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GATES, enforcedFailures, evaluate, type Measured } from './gates.js';
import { combineProcesses } from './harness/combine.js';
import { optionsFor } from './harness/measure.js';
import type { Environment, FamilyOutput, GateOutcome, Mode, Results } from './harness/results.js';
import { packageVersion } from './harness/versions.js';
import { peerVersions } from './peers/peers.js';

/**
 * The benchmark suite: runs each family in a fresh Node process, checks the gates (measuring the families
 * behind a missed gate once more before failing), writes the results file and exits 1 on a missed gate.
 *
 *   node build/run.js --mode full --out bench/results/latest.json   (npm run bench)
 *   node build/run.js --mode ci --out bench/results/ci.json         (npm run bench:ci, under a minute)
 */
interface FamilySpec {
  readonly name: string;
  /** Part of the quick CI run (every family a gate reads is). */
  readonly ci: boolean;
  readonly flags: readonly string[];
  /**
   * Fresh processes to pool (bench/harness/combine.ts). The sticky family is short and its ratio moved from
   * 1.29 to 1.46 between processes on the shared box (each compiles anew and may share a core with other
   * work), against a 1.5 gate: three processes keep one process's luck from deciding it.
   */
  readonly processes: number;
}

export const FAMILIES: readonly FamilySpec[] = [
  { name: 'random-pick', ci: true, flags: [], processes: 1 },
  { name: 'sticky-pick', ci: true, flags: [], processes: 3 },
  { name: 'allocations', ci: true, flags: ['--expose-gc'], processes: 1 },
  { name: 'rollout-pick', ci: true, flags: [], processes: 1 },
  { name: 'observability', ci: true, flags: [], processes: 1 },
  { name: 'many-aliases', ci: true, flags: [], processes: 1 },
  { name: 'router-paths', ci: false, flags: [], processes: 1 },
  { name: 'selectors', ci: false, flags: [], processes: 1 },
  { name: 'memory', ci: true, flags: ['--expose-gc'], processes: 1 },
  { name: 'cold-start', ci: true, flags: [], processes: 1 },
  { name: 'endpoints', ci: true, flags: [], processes: 1 },
];

const childScript = fileURLToPath(new URL('./child.js', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function runProcess(spec: FamilySpec, mode: Mode): FamilyOutput {
  const child = spawnSync(process.execPath, [...spec.flags, childScript, spec.name, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`family ${spec.name} exited with ${child.status ?? child.signal}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as FamilyOutput;
}

function runFamily(spec: FamilySpec, mode: Mode): FamilyOutput {
  const started = performance.now();
  const outputs = Array.from({ length: spec.processes }, () => runProcess(spec, mode));
  const processes = spec.processes > 1 ? ` (${spec.processes} processes)` : '';
  log(`  ${spec.name}: ${((performance.now() - started) / 1000).toFixed(1)} s${processes}`);
  return combineProcesses(outputs);
}

function merge(outputs: ReadonlyMap<string, FamilyOutput>): Measured & Pick<Results, 'memory' | 'coldStart' | 'endpoints'> {
  const all = [...outputs.values()];
  const rows = all.flatMap((o) => o.rows ?? []);
  // The gates and the report find rows by these four fields: two families must not both write one.
  const keys = rows.map((r) => `${r.scenario} | ${r.impl} | ${r.n} | ${r.shape ?? ''}`);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined) throw new Error(`two rows named ${repeated}`);
  return {
    rows,
    allocations: all.flatMap((o) => o.allocations ?? []),
    memory: all.flatMap((o) => o.memory ?? []),
    coldStart: all.find((o) => o.coldStart !== undefined)?.coldStart ?? null,
    endpoints: all.flatMap((o) => o.endpoints ?? []),
  };
}

function environment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    tinybench: packageVersion('tinybench'),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    peers: peerVersions(),
  };
}

function formatGate(g: GateOutcome): string {
  const verdict = g.pass ? 'pass' : g.pending === null ? 'FAIL' : 'PENDING';
  const goal = g.goal === null ? '' : `; goal ${g.direction} ${g.goal}: ${g.goalMet === true ? 'met' : 'not met'}`;
  const retried = g.attempts > 1 ? ' (after a retry)' : '';
  const pending = !g.pass && g.pending !== null ? `\n        not enforced yet: ${g.pending}` : '';
  return `${verdict}  ${g.title}: ${g.measured ?? 'n/a'} ${g.unit} (gate ${g.direction} ${g.threshold}${goal})${retried}\n        ${g.detail}${pending}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { mode: { type: 'string', default: 'full' }, out: { type: 'string' } },
  });
  const mode = values.mode;
  if (mode !== 'full' && mode !== 'ci') throw new Error('--mode must be full or ci');
  const out = values.out ?? (mode === 'full' ? 'bench/results/latest.json' : 'bench/results/ci.json');
  const started = performance.now();
  const families = FAMILIES.filter((f) => mode === 'full' || f.ci);
  log(`flow-alias-router benchmarks (${mode}): ${families.map((f) => f.name).join(', ')}`);
  const outputs = new Map<string, FamilyOutput>();
  for (const spec of families) outputs.set(spec.name, runFamily(spec, mode));

  let gates = GATES.map((gate) => evaluate(gate, merge(outputs), 1));
  // A pending gate is not enforced, so a miss of one is not measured again.
  const missed = GATES.filter((gate, i) => !gates[i]!.pass && gate.pending === undefined);
  if (missed.length > 0) {
    const again = families.filter((f) => missed.some((gate) => gate.families.includes(f.name)));
    log(`missed: ${missed.map((g) => g.id).join(', ')}; measuring ${again.map((f) => f.name).join(', ')} once more`);
    for (const spec of again) outputs.set(spec.name, runFamily(spec, mode));
    gates = GATES.map((gate, i) => (missed.includes(gate) ? evaluate(gate, merge(outputs), 2) : gates[i]!));
  }

  const merged = merge(outputs);
  const measure = optionsFor(mode);
  const results: Results = {
    schema: 1,
    mode,
    generatedAt: new Date().toISOString(),
    durationS: Math.round((performance.now() - started) / 100) / 10,
    environment: environment(),
    method: {
      rounds: measure.rounds,
      msPerContenderPerRound: measure.timeMs,
      targetBatchNs: measure.batchNs,
      ratio: 'median over rounds of (contender median / baseline median in the same round)',
      p99: 'over every timed batch of every round, per op',
    },
    ...merged,
    gates,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  for (const gate of gates) process.stdout.write(`${formatGate(gate)}\n`);
  const failed = enforcedFailures(gates).length;
  const pending = gates.filter((g) => !g.pass && g.pending !== null).length;
  const passed = gates.filter((g) => g.pass).length;
  process.stdout.write(
    `bench gates: ${passed} passed, ${failed} failed${pending > 0 ? `, ${pending} pending (missed, not enforced: an open issue)` : ''} (${results.durationS} s, ${out})\n`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
