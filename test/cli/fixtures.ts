import { spawn, type ChildProcess } from 'node:child_process';
import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { startServeProcess, type ServeProcess } from '../harness/serve-process.mjs';

/** The access key every `serve` started here accepts. */
export const KEY = { accessKeyId: 'AKIDCLITEST1', secretAccessKey: 'cli-test-secret' };
export const ENV = { ...process.env, FLOW_ALIAS_ROUTER_CREDENTIALS: `${KEY.accessKeyId}:${KEY.secretAccessKey}` };
export const ROLE = 'arn:aws:iam::123456789012:role/flows';

export type Running = ServeProcess;

const children: ChildProcess[] = [];

/** Kills every process started here that is still running (call it after each test, or after the file). */
export function killStarted(): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts `flow-alias-router serve` from dist/ and waits (at most 15 s) for the address it prints. */
export async function startServe(args: readonly string[], env: NodeJS.ProcessEnv = ENV): Promise<Running> {
  const running = await startServeProcess(args, { env });
  children.push(running.child);
  return running;
}

/** Sends `signal` and resolves with the exit code once the process is gone. */
export function stopServe(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return Promise.resolve(running.child.exitCode);
  return new Promise((resolve) => {
    running.child.once('exit', (code) => resolve(code));
    running.child.kill(signal);
  });
}

/** Runs serve expecting it to fail at start; resolves with its exit code and stderr. */
export function failingServe(args: readonly string[], env: NodeJS.ProcessEnv = ENV): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** A Bedrock SDK client for a server started here; one attempt per call, so a test sees every failure. */
export function bedrockClient(url: string): Sdk.BedrockAgentClient {
  return new Sdk.BedrockAgentClient({ endpoint: url, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
}
