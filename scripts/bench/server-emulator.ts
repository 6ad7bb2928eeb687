/**
 * Child processes for `server.ts`, so the load generator, the Portico server and the emulator each
 * have their own event loop, as they would in a deployment:
 *   `server-emulator.ts emulator` — in-memory emulator, demo seed
 *   `server-emulator.ts portico`  — a Portico server configured from the environment (server.ts sets
 *                                  DATAVERSE_URL to the emulator and the token settings)
 *   `server-emulator.ts passthrough` — the cheapest possible extra HTTP hop: a bare node:http server
 *                                  that forwards each request byte for byte to DATAVERSE_URL over a
 *                                  keep-alive agent and relays the answer, with no checks at all.
 *                                  It is the floor for any proxy written in Node on this machine.
 * Each announces its URL on stdout as `READY <url>`, prints `CPU <µs used>` on SIGUSR2 and stops
 * on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { startEmulator } from '../../server/emulator/index.js';
import { assembleServerFromEnv } from '../../server/stack/index.js';

/** The pass-through hop (see above). Only the benchmark starts it, on 127.0.0.1. */
function startPassthrough(upstream: string): Promise<{ url: string; close: () => Promise<void> }> {
  const base = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const target = new URL((req.url ?? '/').slice(1), base);
      const up = http.request(target, { method: req.method, headers, agent }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const out = Buffer.concat(body);
          res.writeHead(answer.statusCode ?? 502, {
            'Content-Type': answer.headers['content-type'] ?? 'application/json',
            'Content-Length': out.length,
            ...(answer.headers.etag ? { ETag: answer.headers.etag } : {}),
          });
          res.end(out);
        });
      });
      up.on('error', () => {
        res.writeHead(502).end();
      });
      up.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            agent.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

const role = process.argv[2];
let url: string;
let close: () => Promise<void>;
if (role === 'emulator') {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', db: ':memory:', seed: 'demo' });
  url = emulator.url;
  close = () => emulator.close();
} else if (role === 'portico') {
  // Portico logs as it does in a deployment (one access line per request, synchronous writes like
  // pino's default stdout), but to a file: this process's stdout carries READY and CPU lines.
  const server = await assembleServerFromEnv(process.env, {
    logDestination: pino.destination({ dest: 'data/bench-access.log', sync: true, mkdir: true }),
  });
  url = await server.listen(0, '127.0.0.1');
  close = () => server.close();
} else if (role === 'passthrough') {
  const hop = await startPassthrough(process.env.DATAVERSE_URL ?? '');
  url = hop.url;
  close = hop.close;
} else {
  throw new TypeError('usage: server-emulator.ts emulator | portico | passthrough');
}
process.stdout.write(`READY ${url}\n`);
const stop = () => {
  void close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// `CPU <µs>` on request, so the benchmark can report CPU time per request of each process.
process.on('SIGUSR2', () => {
  const usage = process.cpuUsage();
  process.stdout.write(`CPU ${usage.user + usage.system}\n`);
});
