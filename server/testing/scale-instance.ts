/**
 * Test support (not a test file): one Portico instance in a process of its own, for the tests that
 * kill an instance outright (server/proxy/scale-out.test.ts). Its options arrive as JSON in the
 * first argument, on top of the harness's; it prints one line, `listening <url>`, once it listens.
 */
import { createServer } from '../proxy/index.js';
import type { CreateServerOptions } from '../proxy/index.js';
import { AUDIENCE, ISSUER, JWT_SECRET, demoRegistry } from './proxy-harness.js';

const options = JSON.parse(process.argv[2] ?? '{}') as CreateServerOptions;
const registry = await demoRegistry();
const server = await createServer({
  jwtSecret: JWT_SECRET,
  jwtIssuer: ISSUER,
  jwtAudience: AUDIENCE,
  signingSecret: 'signing-secret-for-tests-0123456789abcdef',
  logger: false,
  registry: { current: () => registry },
  ...options,
});
const url = await server.listen(0, '127.0.0.1');
process.stdout.write(`listening ${url}\n`);
