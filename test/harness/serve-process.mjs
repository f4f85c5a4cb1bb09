// `flow-alias-router serve` from dist/ in a child process, for the tests, the load test and the fleet
// benchmarks (plain JS, so bench/ scripts can import it too; types in serve-process.d.mts).
/* global process, setTimeout, clearTimeout, URL */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /^flow-alias-router listening on (http:\/\/\S+)$/;

/**
 * Starts `serve --port 0 ARGS` and resolves once it prints its address (at most `timeoutMs`, default 15 s),
 * with every line it wrote so far and writes later; rejects with its stderr if it exits first.
 */
export async function startServeProcess(args, options = {}) {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = [];
  const stderr = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (options.echoStderr === true) process.stderr.write(`${line}\n`);
  });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address within ${timeoutMs} ms: ${stderr.join('\n')}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line);
      const match = LISTENING.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { child, url, stdout, stderr };
}
