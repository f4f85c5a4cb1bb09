// A gateway in its own process, for the fleet tests and the propagation benchmark: a Router over a watching
// HttpAliasSource (no TTL: changes arrive by the watch alone). Arguments: a JSON object
// { endpoint, key, flow, aliases, intervalMs }. Every intervalMs it explains a pick of every alias and prints
// one JSON line: { aliases: { name: [version, revision] }, violations, stats }. `violations` counts picks that
// went back to an older revision of an alias after a newer one was seen (the ordering guarantee).
import process from 'node:process';
import { setTimeout } from 'node:timers/promises';
import { HttpAliasSource, Router } from '../../dist/index.js';

const { endpoint, key, flow, aliases, intervalMs = 20 } = JSON.parse(process.argv[2]);
const source = new HttpAliasSource({ endpoint, credentials: key, timeoutMs: 2000, watchWaitSeconds: 5, retryMinMs: 50, retryMaxMs: 1000, fallbackPollMs: 1000 });
const router = new Router({ source });
const newest = new Map();
let violations = 0;

async function sample() {
  const seen = {};
  for (const alias of aliases) {
    let explained;
    try {
      explained = router.explain(flow, alias);
    } catch {
      // Not loaded yet (or not found): load it, and report it next time.
      await router.route(flow, alias).catch(() => undefined);
      continue;
    }
    const revision = Number(explained.revision);
    if (revision < (newest.get(alias) ?? -Infinity)) violations++;
    else newest.set(alias, revision);
    seen[alias] = [explained.version, revision];
  }
  process.stdout.write(`${JSON.stringify({ aliases: seen, violations, stats: source.stats() })}\n`);
}

for (;;) {
  await sample();
  await setTimeout(intervalMs);
}
