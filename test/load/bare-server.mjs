// The floor of the endpoint benchmarks: a bare `node:http` server that answers every request with one fixed
// JSON body (given as BARE_BODY, the bytes of a real pick answer) and prints its address like `serve` does.
/* global process, Buffer */
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BARE_BODY ?? '{}', 'utf8');
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare listening on http://127.0.0.1:${address.port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
