import { parseArgs } from 'node:util';
import { cloudflowApi } from '../dialects/cloudflow/api.js';
import { ValidationException } from '../errors.js';
import { FlowRegistry } from '../registry/registry.js';
import { Router } from '../router/router.js';
import type { Command } from './commands.js';
import { rolloutAct } from './demo-rollout.js';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
}

/** The floor a pick is measured against: the least a weighted pick from a cached config can cost. */
function measureFloor(picks: number): number {
  const configs = new Map([['checkout-flow/live', { p: 0.8, first: '1', second: '2' }]]);
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < picks; i++) {
    const config = configs.get('checkout-flow/live');
    if (config !== undefined) sink += (Math.random() < config.p ? config.first : config.second).length;
  }
  const elapsed = Number(process.hrtime.bigint() - started);
  return sink > 0 ? elapsed / picks : Number.NaN;
}

export const demo: Command = {
  usage: 'route 1,000,000 execution starts through an 80/20 alias, then shift it to 50/50 [--picks N] [--keys N]',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: { picks: { type: 'string', default: '1000000' }, keys: { type: 'string', default: '100000' } },
    });
    const picks = Number(values.picks);
    const keyCount = Number(values.keys);
    if (!Number.isInteger(picks) || picks < 1 || picks > 1e9) throw new ValidationException('--picks', 'must be an integer from 1 to 1e9');
    if (!Number.isInteger(keyCount) || keyCount < 1 || keyCount > 1e7) {
      throw new ValidationException('--keys', 'must be an integer from 1 to 1e7');
    }
    const out = (line = ''): void => {
      process.stdout.write(`${line}\n`);
    };

    // The embedded control plane, driven through the CloudFlow dialect: a flow, two published versions and
    // an alias at 80/20. The router reads it as its source and hears every change synchronously.
    const source = new FlowRegistry();
    const cloudflow = cloudflowApi(source);
    await cloudflow.createFlow({ Name: 'checkout-flow', Definition: 'Type: StateMachine\nVersion: v1beta1\n' });
    await cloudflow.publishFlowVersion({ FlowName: 'checkout-flow', Description: 'first release' });
    await cloudflow.publishFlowVersion({ FlowName: 'checkout-flow', Description: 'canary' });
    const setWeights = async (one: number, two: number): Promise<void> => {
      await cloudflow.updateFlowAlias({
        FlowName: 'checkout-flow',
        Name: 'live',
        RoutingConfigurations: [
          { Version: '1', Weight: one },
          { Version: '2', Weight: two },
        ],
      });
    };
    await cloudflow.createFlowAlias({
      FlowName: 'checkout-flow',
      Name: 'live',
      RoutingConfigurations: [
        { Version: '1', Weight: 80 },
        { Version: '2', Weight: 20 },
      ],
    });
    const router = new Router({ source });
    const warmup = new Router({ source, stats: true });
    for (let i = 0; i < 200_000; i++) warmup.pick('checkout-flow', 'live');
    warmup.close();
    measureFloor(200_000);

    const started = process.hrtime.bigint();
    for (let i = 0; i < picks; i++) router.pick('checkout-flow', 'live');
    const elapsedNs = Number(process.hrtime.bigint() - started);
    const floorNs = measureFloor(picks);

    const counts = router.stats().aliases[0]?.picks ?? {};
    out(`checkout-flow/live at 80/20: ${picks.toLocaleString('en-US')} execution starts`);
    const widths = [8, 11, 9, 10];
    out(pad(['version', 'configured', 'observed', 'deviation'], widths));
    for (const [version, weight] of [
      ['1', 80],
      ['2', 20],
    ] as const) {
      const observed = ((counts[version] ?? 0) / picks) * 100;
      out(pad([version, `${weight.toFixed(2)}%`, `${observed.toFixed(2)}%`, `${(observed - weight).toFixed(3)} pp`], widths));
    }
    const perPick = elapsedNs / picks;
    out(
      `cost per pick: ${perPick.toFixed(1)} ns; floor (Map.get + Math.random + one compare) in this run: ` +
        `${floorNs.toFixed(1)} ns (${(perPick / floorNs).toFixed(2)}x). Full suite: npm run bench`,
    );
    out();

    const keys = Array.from({ length: keyCount }, (_, i) => `exec-${String(i).padStart(8, '0')}`);
    const before = keys.map((key) => router.pick('checkout-flow', 'live', key));
    await setWeights(50, 50);
    const after = keys.map((key) => router.pick('checkout-flow', 'live', key));
    let moved = 0;
    let oneToTwo = 0;
    for (let i = 0; i < keyCount; i++) {
      if (before[i] !== after[i]) {
        moved++;
        if (before[i] === '1' && after[i] === '2') oneToTwo++;
      }
    }
    out(`shift to 50/50: ${keyCount.toLocaleString('en-US')} sticky execution keys`);
    out(`  moved: ${moved.toLocaleString('en-US')} (${((moved / keyCount) * 100).toFixed(2)}%, expected 30.00%)`);
    out(`  moved from version 1 to version 2: ${oneToTwo.toLocaleString('en-US')} of ${moved.toLocaleString('en-US')}`);
    router.close();
    out();
    await rolloutAct(out);
  },
};
