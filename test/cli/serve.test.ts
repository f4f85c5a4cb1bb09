import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const KEY = { accessKeyId: 'AKIDCLITEST1', secretAccessKey: 'cli-test-secret' };
const ENV = { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: `${KEY.accessKeyId}:${KEY.secretAccessKey}` };
const ROLE = 'arn:aws:iam::123456789012:role/flows';

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: string[];
  readonly stderr: string[];
}

let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'far-serve-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Starts `flow-alias-router serve` from dist/ and waits (at most 10 s) for the address it prints. */
async function start(args: readonly string[], env: NodeJS.ProcessEnv = ENV): Promise<Running> {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 10 s: ${stderr.join('\n')}`)), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      const match = /^flow-alias-router listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
  });
  return { child, url, stdout, stderr };
}

function stop(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.once('exit', (code) => resolve(code));
    running.child.kill(signal);
  });
}

/** Runs serve expecting it to fail at start; resolves with its exit code and stderr. */
function failing(args: readonly string[], env: NodeJS.ProcessEnv = ENV): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

function client(url: string): Sdk.BedrockAgentClient {
  return new Sdk.BedrockAgentClient({ endpoint: url, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
}

describe('flow-alias-router serve', () => {
  it('prints the address of a free port, serves the SDK, and keeps its state across a restart', async () => {
    const state = join(dir, 'registry.json');
    const first = await start(['--state', state]);
    const sdk = client(first.url);
    const flow = await sdk.send(new Sdk.CreateFlowCommand({ name: 'checkout', executionRoleArn: ROLE }));
    sdk.destroy();
    expect(first.stdout[1]).toBe(`auth: SigV4 and Alibaba RPC signatures, keys from $FLOW_ALIAS_ROUTER_CREDENTIALS; state: ${state}`);
    // Saved before the response was sent: the file holds the flow now, with no temporary left behind.
    expect(JSON.parse(await readFile(state, 'utf8'))).toMatchObject({ flows: [{ flow: { id: flow.id, name: 'checkout' } }] });
    expect(await readdir(dir)).toEqual(['registry.json']);
    expect(await stop(first)).toBe(0);

    const second = await start(['--state', state]);
    const again = client(second.url);
    expect(await again.send(new Sdk.GetFlowCommand({ flowIdentifier: flow.id }))).toMatchObject({ id: flow.id, name: 'checkout' });
    again.destroy();
    expect(await stop(second, 'SIGINT')).toBe(0);
  });

  it('a crash (SIGKILL) in the middle of saves leaves a state file that loads', async () => {
    const state = join(dir, 'registry.json');
    for (let round = 0; round < 3; round++) {
      const running = await start(['--state', state]);
      const sdk = client(running.url);
      // Writes in flight, then the process dies at once: no handler, no final save.
      const writes = Array.from({ length: 20 }, (_, i) =>
        sdk.send(new Sdk.CreateFlowCommand({ name: `flow${round}x${i}`, executionRoleArn: ROLE })).catch(() => undefined),
      );
      await new Promise((resolve) => setTimeout(resolve, 15 + round * 10));
      await stop(running, 'SIGKILL');
      await Promise.all(writes);
      sdk.destroy();
      const text = await readFile(state, 'utf8').catch(() => undefined);
      if (text !== undefined) expect(() => JSON.parse(text) as unknown).not.toThrow();
    }
    const restarted = await start(['--state', state]);
    expect(await stop(restarted)).toBe(0);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('warns on every start with --insecure-no-auth, and then serves unsigned requests', async () => {
    for (let i = 0; i < 2; i++) {
      const running = await start(['--insecure-no-auth'], { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: '' });
      expect(running.stderr.join('\n')).toMatch(/WARNING: --insecure-no-auth: requests are NOT authenticated\. For local development only\./);
      expect((await fetch(`${running.url}/flows/`)).status).toBe(200);
      expect(await stop(running)).toBe(0);
    }
  });

  it('refuses to start without keys, over a corrupt state file, or on a bad option, and leaves the file alone', async () => {
    const noKeys = await failing([], { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: '' });
    expect(noKeys.code).toBe(1);
    expect(noKeys.stderr).toMatch(/--credentials: no access keys/);
    const state = join(dir, 'registry.json');
    await writeFile(state, '{"torn":');
    const corrupt = await failing(['--state', state]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/not valid JSON/);
    expect(await readFile(state, 'utf8')).toBe('{"torn":');
    await writeFile(state, '{"format":"something else"}');
    expect((await failing(['--state', state])).code).toBe(1);
    expect((await failing(['--port', 'http'])).stderr).toMatch(/--port/);
  });
});
