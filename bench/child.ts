import type { FamilyOutput, Mode } from './harness/results.js';

/**
 * Runs one family of scenarios in this fresh process and prints its output as JSON on stdout. Families run
 * in separate processes so one family's JIT feedback (a seeded source, a forced selector) cannot reshape the
 * code another family measures. Usage: node build/child.js <family> <full|ci>
 */
const [family = '', mode = 'full'] = process.argv.slice(2);
if (!/^[a-z-]+$/.test(family) || (mode !== 'full' && mode !== 'ci')) {
  process.stderr.write('usage: child.js <family> <full|ci>\n');
  process.exit(2);
}
const scenarios = (await import(`./scenarios/${family}.js`)) as { run(mode: Mode): Promise<FamilyOutput> };
const output = await scenarios.run(mode);
process.stdout.write(`${JSON.stringify(output)}\n`);
