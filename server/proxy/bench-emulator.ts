/**
 * Child processes for `bench.ts`, so the load generator, the Portico server and the emulator each
 * have their own event loop, as they would in a deployment:
 *   `bench-emulator.ts emulator` — in-memory emulator, demo seed
 *   `bench-emulator.ts portico`  — a Portico server configured from the environment (bench.ts sets
 *                                  DATAVERSE_URL to the emulator and the token settings)
 * Each announces its URL on stdout as `READY <url>`, prints `CPU <µs used>` on SIGUSR2 and stops
 * on SIGTERM.
 */
import { startEmulator } from '../emulator/index.js';
import { createServerFromEnv } from './index.js';

const role = process.argv[2];
let url: string;
let close: () => Promise<void>;
if (role === 'emulator') {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', db: ':memory:', seed: 'demo' });
  url = emulator.url;
  close = () => emulator.close();
} else if (role === 'portico') {
  const server = await createServerFromEnv(process.env, { logger: false });
  url = await server.listen(0, '127.0.0.1');
  close = () => server.close();
} else {
  throw new TypeError('usage: bench-emulator.ts emulator | portico');
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
