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
