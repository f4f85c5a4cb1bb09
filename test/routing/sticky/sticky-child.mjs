// Run by known-answers.test.ts in a separate Node process, against the built package: reads sticky cases as
// JSON on stdin and prints, for each, the key hash, the table's version and a fresh Router's pick.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { compileRouting, murmur3, Router, stickyHash } from '../../../dist/index.js';

const { sticky, murmur } = JSON.parse(readFileSync(0, 'utf8'));
const answers = {
  sticky: sticky.map(({ identity, entries, key }) => {
    const keyHash = stickyHash(identity, key);
    const router = new Router({ source: { getRouting: () => ({ entries, identity }) } });
    return { keyHash, table: compileRouting(entries).selectHash(keyHash), router: router.pick('flow', 'alias', key) };
  }),
  murmur: murmur.map(({ key, seed }) => murmur3(key, seed)),
};
process.stdout.write(JSON.stringify(answers));
