// One gateway process of the propagation benchmark: a Router over a watching HttpAliasSource (no TTL), which
// picks the alias every millisecond and prints `{ revision, at }` (at: wall-clock ms, sub-millisecond) the
// first time a pick comes from a new revision. Argument: JSON { endpoint, key, flow, alias }.
import { HttpAliasSource, Router } from 'flow-alias-router';

interface Args {
  readonly endpoint: string;
  readonly key: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly flow: string;
  readonly alias: string;
}

const args = JSON.parse(process.argv[2] as string) as Args;
const source = new HttpAliasSource({ endpoint: args.endpoint, credentials: args.key, watchWaitSeconds: 20 });
const router = new Router({ source });
let last = -1;

function sample(): void {
  let revision: number;
  try {
    revision = Number(router.explain(args.flow, args.alias).revision);
  } catch {
    void router.route(args.flow, args.alias).catch(() => undefined);
    return;
  }
  if (revision !== last) {
    last = revision;
    process.stdout.write(`${JSON.stringify({ revision, at: performance.timeOrigin + performance.now(), state: source.stats().state })}\n`);
  }
}

setInterval(sample, 1);
