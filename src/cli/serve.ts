import { createHandler } from '../server/handler.js';
import { listen } from '../server/listen.js';
import type { Command } from './commands.js';
import { parseServeArgs, SERVE_USAGE } from './serve-options.js';
import { openServedRegistry } from './serve-store.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      for (const name of SIGNALS) process.off(name, stop);
      resolve(signal);
    };
    for (const name of SIGNALS) process.on(name, stop);
  });
}

export const serve: Command = {
  usage: SERVE_USAGE,
  async run(args) {
    const config = await parseServeArgs(args, process.env);
    const { registry, description } = await openServedRegistry(config);
    const handler = createHandler({
      registry,
      ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
      insecureNoAuth: config.insecureNoAuth,
      hostNames: config.hostNames,
      onRefusal: (line) => process.stderr.write(`${line}\n`),
      rateLimit: config.rateLimit,
      limits: config.limits,
      watch: {
        ...(config.maxWatchers === undefined ? {} : { maxWatchers: config.maxWatchers }),
        ...(config.watchBuffer === undefined ? {} : { bufferChanges: config.watchBuffer }),
      },
      bedrock: { weightedRouting: config.bedrockWeightedRouting },
      onError: (error) => process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    });
    if (config.insecureNoAuth) {
      process.stderr.write('WARNING: --insecure-no-auth: requests are NOT authenticated. For local development only.\n');
    }
    // Handlers first: a signal that arrives as soon as the address is printed still stops it cleanly.
    const stopped = waitForSignal();
    const server = await listen(handler, {
      host: config.host,
      port: config.port,
      ...(config.maxConnections === undefined ? {} : { maxConnections: config.maxConnections }),
      ...(config.maxConnectionsPerAddress === undefined ? {} : { maxConnectionsPerAddress: config.maxConnectionsPerAddress }),
    });
    process.stdout.write(`flow-alias-router listening on ${server.url}\n`);
    process.stdout.write(
      `auth: ${config.insecureNoAuth ? 'none (--insecure-no-auth)' : `SigV4 and Alibaba RPC signatures, keys from ${config.credentialsFrom}`}; ` +
        `state: ${description}\n`,
    );
    const signal = await stopped;
    await server.close();
    await registry.close();
    process.stdout.write(`stopped on ${signal}\n`);
    return 0;
  },
};
