#!/usr/bin/env node
import { commands } from './commands.js';

const [name = 'help', ...rest] = process.argv.slice(2);
const command = commands[name];
if (command === undefined) {
  process.stderr.write(`unknown command ${JSON.stringify(name)}\n\n${commands.help?.usage ?? ''}\n`);
  process.exitCode = 2;
} else {
  try {
    process.exitCode = (await command.run(rest)) ?? 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
