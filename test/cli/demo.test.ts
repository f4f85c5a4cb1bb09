import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('flow-alias-router demo', () => {
  it('routes by 80/20, then shows sticky keys moving only from version 1 to version 2 at 50/50', () => {
    const out = execFileSync(process.execPath, ['dist/cli/main.js', 'demo', '--picks', '200000', '--keys', '20000'], {
      encoding: 'utf8',
    });
    const share = (version: string): number => {
      const row = out.split('\n').find((line) => line.trim().startsWith(`${version} `));
      return Number(row?.trim().split(/\s+/)[2]?.replace('%', ''));
    };
    expect(Math.abs(share('1') - 80)).toBeLessThan(0.5);
    expect(Math.abs(share('2') - 20)).toBeLessThan(0.5);
    const moved = /moved: ([\d,]+) \(([\d.]+)%/.exec(out);
    expect(Number(moved?.[2])).toBeGreaterThan(28);
    expect(Number(moved?.[2])).toBeLessThan(32);
    const fromOne = /moved from version 1 to version 2: ([\d,]+) of ([\d,]+)/.exec(out);
    expect(fromOne?.[1]).toBe(fromOne?.[2]);
    expect(out).toMatch(/cost per pick: [\d.]+ ns/);
  });

  it('second act: the failing canary is aborted automatically with its evidence, the healthy one promoted', () => {
    const out = execFileSync(process.execPath, ['dist/cli/main.js', 'demo', '--picks', '1000', '--keys', '100'], { encoding: 'utf8' });
    const act = out.slice(out.indexOf('Act 2'));
    expect(act).toMatch(/step 1 of 1: 10% of executions to version 2/);
    expect(act).toMatch(/ABORTED automatically by process demo at alias revision \d+: 2 consecutive breaching windows/);
    expect(act.match(/evidence: version 2 [\d.]+% of \d+ errors/g)).toHaveLength(2);
    expect(act).toMatch(/routing now: version 1 100/);
    expect(act).toMatch(/PROMOTED: every hold passed healthy; routing now version 2 100/);
    expect(act.indexOf('ABORTED')).toBeLessThan(act.indexOf('PROMOTED'));
  });

  it('refuses a bad option with exit code 1', () => {
    expect(() => execFileSync(process.execPath, ['dist/cli/main.js', 'demo', '--picks', 'lots'], { stdio: 'pipe' })).toThrow();
  });

  it('refuses an unknown command with exit code 2', () => {
    try {
      execFileSync(process.execPath, ['dist/cli/main.js', 'frobnicate'], { stdio: 'pipe' });
      expect.unreachable();
    } catch (error) {
      expect((error as { status: number }).status).toBe(2);
    }
  });
});
