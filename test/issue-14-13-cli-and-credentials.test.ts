import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { failingServe, killStarted, startServe, stopServe } from './cli/fixtures.js';
import { socketExchange, statuses } from './server/fixtures.js';

// Issue 14, item 13: a malformed credentials file printed part of a secret; `flow-alias-router constructor`
// printed "command.run is not a function"; --help and -h were errors; SIGTERM must drain.

const dir = await mkdtemp(join(tmpdir(), 'far-cli-14-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => killStarted());

/** Runs the built CLI with `args` (bounded at 15 s); its exit code and output. */
function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('issue 14, item 13: credentials are never echoed; the CLI answers usage; SIGTERM drains', () => {
  it('never echoes a malformed credentials file', async () => {
    const file = join(dir, 'keys.json');
    // The unquoted secret is what V8 quotes back ("Unexpected token 'T', ..."sKey":TOPSECRETVA"...").
    for (const text of ['[{"accessKeyId":"AKID1","secretAccessKey":TOPSECRETVALUE}]', '[{"accessKeyId":"AKID1","secretAccessKey":"TOPSECRETVALUE"} oops]', '[{"accessKeyId":"AKID1","secretAccessKey":"TOPSECRETVALUE"', "{'TOPSECRETVALUE'}"]) {
      await writeFile(file, text);
      const { code, stderr } = await failingServe(['--credentials', file], { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: '' });
      expect(code).toBe(1);
      expect(stderr).toMatch(/is not valid JSON/);
      expect(stderr).not.toMatch(/TOPSECRET|SECRET|VALUE/);
    }
  });

  it('prints the usage for an unknown command (even "constructor"), exit 2; --help and -h everywhere, exit 0', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'nope']) {
      const { code, stderr } = await cli([name]);
      expect(code, name).toBe(2);
      expect(stderr).toMatch(/^unknown command/);
      expect(stderr).toMatch(/usage: flow-alias-router <command>/);
      expect(stderr).not.toMatch(/is not a function/);
    }
    for (const args of [['--help'], ['-h'], ['help'], ['help', '--help']]) {
      const { code, stdout } = await cli(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toMatch(/usage: flow-alias-router <command>/);
    }
    for (const name of ['serve', 'demo']) {
      for (const flag of ['--help', '-h']) {
        const { code, stdout } = await cli([name, flag]);
        expect(code, `${name} ${flag}`).toBe(0);
        expect(stdout).toMatch(new RegExp(`^usage: flow-alias-router ${name} `));
      }
    }
  });

  it('drains on SIGTERM: a request in flight is answered, then the process exits 0', async () => {
    const running = await startServe(['--insecure-no-auth'], { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: '' });
    const port = new URL(running.url).port;
    const body = JSON.stringify({ name: 'drained', executionRoleArn: 'arn:aws:iam::123456789012:role/flows' });
    const head = `POST /flows/ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
    const exchange = socketExchange(running.url, [head, body.slice(0, 10), 300, body.slice(10)], { waitMs: 10_000 });
    setTimeout(() => running.child.kill('SIGTERM'), 150);
    const answered = await exchange;
    expect(statuses(answered.text)).toEqual([201]);
    expect(answered.text).toMatch(/connection: close/i);
    expect(await exited).toBe(0);
    expect(await stopServe(running)).toBe(0);
  });
});
