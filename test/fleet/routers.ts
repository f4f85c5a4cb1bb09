import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { KEY } from '../cli/fixtures.js';

/** What a router process last reported. */
export interface RouterReport {
  readonly aliases: Record<string, [string, number]>;
  readonly violations: number;
  readonly stats: Record<string, unknown>;
}

/** A gateway process (router-child.mjs): a Router over a watching HttpAliasSource, reporting what it picks. */
export interface RouterProcess {
  readonly child: ChildProcess;
  last(): RouterReport | undefined;
  /** Time (ms, performance.now) of the first report where `check` held, after `since`. */
  whenever(check: (report: RouterReport) => boolean): Promise<number>;
  stop(): void;
}

const started: ChildProcess[] = [];

export function killRouters(): void {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function startRouter(endpoint: string, flow: string, aliases: readonly string[], intervalMs = 20): RouterProcess {
  const child = spawn(process.execPath, ['test/fleet/router-child.mjs', JSON.stringify({ endpoint, key: KEY, flow, aliases, intervalMs })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  let last: RouterReport | undefined;
  const waiters = new Set<{ check: (report: RouterReport) => boolean; resolve: (at: number) => void }>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      last = JSON.parse(line) as RouterReport;
    } catch {
      return;
    }
    const at = performance.now();
    for (const waiter of [...waiters]) {
      if (waiter.check(last)) {
        waiters.delete(waiter);
        waiter.resolve(at);
      }
    }
  });
  return {
    child,
    last: () => last,
    whenever: (check) =>
      new Promise((resolve) => {
        if (last !== undefined && check(last)) resolve(performance.now());
        else waiters.add({ check, resolve });
      }),
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
