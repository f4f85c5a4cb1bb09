#!/usr/bin/env node
import { commands, usageOf } from './commands.js';

const HELP = new Set(['--help', '-h']);
const [first = 'help', ...rest] = process.argv.slice(2);
const name = HELP.has(first) ? 'help' : first;
// Own properties only: `flow-alias-router constructor` is an unknown command, not Object's constructor.
const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
if (command === undefined) {
  process.stderr.write(`unknown command ${JSON.stringify(name)}\n\n${usageOf('help')}\n`);
  process.exitCode = 2;
} else if (rest.some((arg) => HELP.has(arg))) {
  process.stdout.write(`${usageOf(name)}\n`);
  process.exitCode = 0;
} else {
  try {
    process.exitCode = (await command.run(rest)) ?? 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
