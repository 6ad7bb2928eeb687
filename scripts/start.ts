/**
 * `npm start`: the whole kit as one process tree — the Portico server (which starts the embedded
 * Dataverse emulator, persisted under data/, when DATAVERSE_URL is unset) and the Contoso Support
 * demo site that embeds the widgets. Builds the widget bundle first when it is missing or older
 * than its sources. Ctrl-C (or SIGTERM) stops everything cleanly.
 *
 * Settings come from the environment (see README): every PORTICO_* / DATAVERSE_* variable the
 * server understands, plus DEMO_PORT (default 3000) and DEMO_HOST (default 127.0.0.1). The server's
 * log goes to data/portico.log (demo/logs.ts); the console keeps the banner, warnings and errors.
 * A mistake that stops the start (a setting, a busy port) is one line on stderr and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoLogDestination } from '../demo/logs.js';
import { PortInUseError, dataFolder, startStack } from '../demo/stack.js';
import { DEMO_USERS } from '../demo/users.js';
import { optionsFromEnv, ServerConfigError } from '../server/proxy/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'widgets', 'portico.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/widgets when it is missing or older than widgets/src. */
export function ensureBundle(): void {
  const sources = newestMtime(join(root, 'widgets', 'src'));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  console.log('Building the widget bundle (dist/widgets)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The widget build failed; see above.');
    process.exit(1);
  }
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name}=${raw} is not a TCP port (0–65535).`);
    process.exit(1);
  }
  return value;
}

/** A path as short as it can be said from here: relative inside the working folder. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Stops the start with one line: what is wrong and what to change, no stack trace. */
function refuse(error: unknown): never {
  if (error instanceof ServerConfigError) console.error(`Portico cannot start: ${error.message}`);
  else if (error instanceof PortInUseError) console.error(error.message);
  else throw error;
  process.exit(1);
}

ensureBundle();
let stack;
let logFile = '';
try {
  const server = optionsFromEnv();
  // Beside the emulator's data, like the signing secret and the session key.
  logFile = join(dataFolder(server) ?? resolve('data'), 'portico.log');
  stack = await startStack({
    server: { ...server, logDestination: demoLogDestination(logFile) },
    demoHost: process.env.DEMO_HOST ?? '127.0.0.1',
    demoPort: port('DEMO_PORT', 3000),
  });
} catch (error) {
  refuse(error);
}
const { demoOrigin, porticoOrigin, portico } = stack;

console.log(`
Portico is running.
  Demo site (Contoso Support):  ${demoOrigin}/
  Portico server:               ${porticoOrigin}/  (API ${porticoOrigin}/api/v1/, OpenAPI ${porticoOrigin}/api/v1/openapi.json)
  Dataverse:                    ${portico.upstreamUrl}${portico.embeddedEmulator ? '  (embedded emulator)' : ''}
  Server log:                   ${shown(logFile)}  (JSON lines; warnings and errors also show here)

Demo users (sign in at ${demoOrigin}/signin):
${DEMO_USERS.map((u) => `  ${u.name.padEnd(16)} ${(u.role ?? 'site admin').padEnd(11)} ${u.description}`).join('\n')}

Press Ctrl-C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.close();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
