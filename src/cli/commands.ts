import { demo } from './demo.js';
import { rollout } from './rollout.js';
import { serve } from './serve.js';

export interface Command {
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[]): Promise<number | void> | number | void;
}

const help: Command = {
  usage: [
    'usage: flow-alias-router <command> [options]',
    '',
    'commands:',
    ...Object.entries({ demo, serve, rollout }).map(([name, command]) => `  ${name.padEnd(10)}${command.usage}`),
    '  help      this text',
  ].join('\n'),
  run() {
    process.stdout.write(`${help.usage}\n`);
  },
};

export const commands: Readonly<Record<string, Command>> = { demo, serve, rollout, help };

/** A command's usage as `--help` prints it: the program's for `help`, `usage: flow-alias-router NAME ...` otherwise. */
export function usageOf(name: string): string {
  if (name === 'help' || !Object.hasOwn(commands, name)) return help.usage;
  return `usage: flow-alias-router ${name} ${(commands[name] as Command).usage}`;
}
