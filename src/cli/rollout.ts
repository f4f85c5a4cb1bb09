import { parseArgs } from 'node:util';
import { ValidationException } from '../errors.js';
import { ROLLOUT_VERBS, type RolloutVerb } from '../rollout/model.js';
import type { RolloutStatus } from '../registry/operations/rollouts.js';
import { CREDENTIALS_ENV, parseCredentialsList, readCredentialsFile, type AccessKey } from '../server/credentials.js';
import { HttpRolloutClient } from '../sources/rollout-client.js';
import type { Command } from './commands.js';

const ACTIONS = ['start', 'status', ...ROLLOUT_VERBS] as const;

const USAGE = [
  `${ACTIONS.join('|')} --endpoint URL --flow F --alias A`,
  '            start: --target V (--preset NAME | --steps JSON) [--health JSON]; status: [--watch] [--interval-ms N]',
  `            [--credentials FILE (else $${CREDENTIALS_ENV}="id:secret,...")] [--expected-revision N] [--region R]`,
].join('\n');

function bar(percent: number, width = 20): string {
  const filled = Math.round((percent / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function rate(c: { ok: number; errors: number }): string {
  const n = c.ok + c.errors;
  return n === 0 ? 'no samples' : `${((c.errors / n) * 100).toFixed(2)}% errors of ${n}`;
}

/** The progress display: state, step, weights, time to the next step, health per side of the split. */
export function formatStatus(status: RolloutStatus): string {
  const { rollout, position } = status;
  const total = status.routing.reduce((s, e) => s + e.weight, 0);
  const lines = [
    `rollout ${rollout.id} (attempt ${rollout.attempt}) of version ${rollout.target}, ${rollout.preset}: ${rollout.state}` +
      (rollout.endReason === undefined ? '' : ` (${rollout.endReason})`),
    `  step ${Math.min(position.step + 1, rollout.steps.length)} of ${rollout.steps.length}  ${bar(position.percent)} ${position.percent}% to ${rollout.target}` +
      (position.nextAt === null ? '' : `, next step in ${duration(position.nextAt - status.wallClockAt)}`) +
      (position.phase === 'complete' ? ', every hold passed' : ''),
    `  weights now: ${status.routing.map((e) => `${e.version} ${total === 0 ? 0 : ((e.weight / total) * 100).toFixed(1)}%`).join(', ')}`,
  ];
  const health = status.health;
  if (health !== null) {
    const last = health.windows[health.windows.length - 1];
    lines.push(
      `  health: ${health.verdict}` +
        (last === undefined ? '' : `; last window: target ${rate(last.target)}, baseline ${rate(last.baseline)}${last.reason === undefined ? '' : ` (${last.reason})`}`),
    );
  }
  const evidence = rollout.evidence;
  if (evidence !== undefined) {
    lines.push(`  decided by ${evidence.decidedBy} (${evidence.scope} counts) at revision ${evidence.revision}: ${evidence.action}`);
    for (const w of evidence.windows) lines.push(`    window ${w.window}: target ${rate(w.target)}, baseline ${rate(w.baseline)}: ${w.verdict}${w.reason === undefined ? '' : `, ${w.reason}`}`);
  }
  return lines.join('\n');
}

async function credentialsOf(file: string | undefined): Promise<AccessKey | undefined> {
  const keys = file !== undefined ? await readCredentialsFile(file) : process.env[CREDENTIALS_ENV] ? parseCredentialsList(process.env[CREDENTIALS_ENV]) : [];
  return keys[0];
}

function json(text: string | undefined, option: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationException(option, 'must be JSON');
  }
}

export const rollout: Command = {
  usage: USAGE,
  async run(args) {
    const [action, ...rest] = args;
    if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
      throw new ValidationException('action', `must be one of ${ACTIONS.join(', ')}`);
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        endpoint: { type: 'string' },
        flow: { type: 'string' },
        alias: { type: 'string' },
        target: { type: 'string' },
        preset: { type: 'string' },
        steps: { type: 'string' },
        health: { type: 'string' },
        credentials: { type: 'string' },
        region: { type: 'string' },
        'expected-revision': { type: 'string' },
        watch: { type: 'boolean', default: false },
        'interval-ms': { type: 'string', default: '2000' },
        'max-updates': { type: 'string', default: '10000' },
      },
    });
    for (const required of ['endpoint', 'flow', 'alias'] as const) {
      if (values[required] === undefined) throw new ValidationException(`--${required}`, 'is required');
    }
    const credentials = await credentialsOf(values.credentials);
    const client = new HttpRolloutClient({
      endpoint: values.endpoint as string,
      ...(credentials === undefined ? {} : { credentials }),
      ...(values.region === undefined ? {} : { region: values.region }),
    });
    const flow = values.flow as string;
    const alias = values.alias as string;
    const out = (text: string): void => {
      process.stdout.write(`${text}\n`);
    };
    if (action === 'start') {
      const preset = values.preset === undefined ? undefined : values.preset.startsWith('{') ? json(values.preset, '--preset') : values.preset;
      await client.start(flow, alias, {
        target: values.target,
        ...(preset === undefined ? {} : { preset }),
        ...(values.steps === undefined ? {} : { steps: json(values.steps, '--steps') }),
        ...(values.health === undefined ? {} : { health: json(values.health, '--health') }),
      });
    } else if (action !== 'status') {
      const expected = values['expected-revision'];
      await client.verb(flow, alias, action as RolloutVerb, expected === undefined ? {} : { expectedRevision: Number(expected) });
    }
    const intervalMs = Number(values['interval-ms']);
    const maxUpdates = Number(values['max-updates']);
    for (let update = 0; update < maxUpdates; update++) {
      const status = (await client.status(flow, alias)) as RolloutStatus;
      out(formatStatus(status));
      const active = status.rollout.state === 'running' || status.rollout.state === 'paused';
      if (!values.watch || !active) return 0;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    return 0;
  },
};
