#!/usr/bin/env node
/* global process, console */
// Lints the package as it is published (issue 13): `npm pack` (dist/ must be built), then publint and
// @arethetypeswrong/cli on that one tarball. Exits 1 on any problem; `npm test` runs it after the build.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const dir = mkdtempSync(join(tmpdir(), 'far-pack-'));
let failed = false;
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', dir], { encoding: 'utf8' }));
  const tarball = join(dir, packed[0].filename);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const bytes = readFileSync(tarball);
  const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true, level: 'suggestion' });
  for (const message of messages) console.log(`publint ${message.type}: ${formatMessage(message, pkg)}`);
  if (messages.length > 0) failed = true;
  else console.log(`publint: no problem in ${packed[0].filename} (${packed[0].entryCount} files)`);
  // ESM only (Node 20+, "type": "module"): the esm-only profile leaves out the CommonJS resolution modes.
  const attw = spawnSync('npx', ['attw', tarball, '--profile', 'esm-only', '--format', 'table-flipped', '--no-emoji', '--no-color'], { stdio: 'inherit' });
  if (attw.status !== 0) failed = true;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
