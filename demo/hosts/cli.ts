/**
 * `npm run hosts`: the demo's Angular and React host apps against a whole stack of their own (the
 * Portico server with the embedded emulator, and the Contoso Support demo site), each app served as
 * a customer's site would serve it. Builds the apps first when their sources changed
 * (`npm run hosts:build`); the widget bundle must be built (`npm run build`). Both apps sign in as
 * Alice Brooks (customer). Ctrl-C stops everything.
 *
 * Settings: the server's PORTICO_* / DATAVERSE_* variables as for `npm start`, plus
 * ANGULAR_HOST_PORT (default 4200) and REACT_HOST_PORT (default 5173).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signUserToken } from '../site.js';
import { startStack } from '../stack.js';
import type { Stack } from '../stack.js';
import { findDemoUser } from '../users.js';
import { ServerConfigError, optionsFromEnv } from '../../server/proxy/index.js';
import { HOSTS, buildHosts } from './build.js';
import { listenHostSite } from './serve.js';

const PORTS = { angular: 'ANGULAR_HOST_PORT', react: 'REACT_HOST_PORT' } as const;
const DEFAULT_PORTS = { angular: 4200, react: 5173 } as const;

if (!existsSync(fileURLToPath(new URL('../../dist/widgets/portico.js', import.meta.url)))) {
  console.error('The widget bundle is not built: run `npm run build` first.');
  process.exit(1);
}
console.log('Building the host apps when their sources changed…');
await buildHosts();

/** A port from the environment, or the default; anything but 0–65535 stops here, naming the variable. */
function portFrom(variable: string, fallback: number): number {
  const raw = process.env[variable];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  console.error(`${variable}=${raw} is not a TCP port (0–65535; 0 picks a free one).`);
  process.exit(1);
}

const sites = await Promise.all(
  HOSTS.map((name) => listenHostSite(name, portFrom(PORTS[name], DEFAULT_PORTS[name]))),
);
let env: ReturnType<typeof optionsFromEnv>;
let stack: Stack;
let jwtSecret: string;
try {
  env = optionsFromEnv();
  // The apps' token endpoints sign with the same secret as the demo site (HS256).
  jwtSecret = env.jwtSecret ?? randomBytes(32).toString('hex');
  stack = await startStack({
    server: {
      ...env,
      jwtSecret,
      allowedOrigins: [...(env.allowedOrigins ?? []), ...sites.map((s) => s.origin)],
    },
    demoPort: portFrom('DEMO_PORT', 3000),
  });
} catch (error) {
  await Promise.all(sites.map((s) => s.close()));
  if (!(error instanceof ServerConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const alice = findDemoUser('alice')!;
for (const site of sites) {
  site.serve({
    porticoOrigin: stack.porticoOrigin,
    signToken: () =>
      signUserToken(alice, {
        jwtSecret,
        issuer: env.jwtIssuer ?? stack.demoOrigin,
        audience: env.jwtAudience ?? 'portico',
      }),
  });
}

console.log(`
The host apps are running, signed in as ${alice.name}.
${sites.map((s) => `  ${s.name.padEnd(8)} ${s.origin}/`).join('\n')}
  Portico server: ${stack.porticoOrigin}/   Demo site: ${stack.demoOrigin}/

Press Ctrl-C to stop.`);

const stop = async () => {
  await Promise.all([stack.close(), ...sites.map((s) => s.close())]);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
