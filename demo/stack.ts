/**
 * The whole kit in one process: the Portico server (with the embedded Dataverse emulator when
 * DATAVERSE_URL is unset) and the Contoso Support demo site that embeds it. `npm start` and the
 * end-to-end tests both use this, so what is tested is what a newcomer runs.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import type { Express } from 'express';
import { createDemoSite } from './site.js';
import { SETTINGS } from '../server/proxy/index.js';
import type { CreateServerOptions, PorticoServer } from '../server/proxy/index.js';
import { assembleServer, keptSecret } from '../server/stack/index.js';

export interface StackOptions {
  /** Options for the Portico server (e.g. from `optionsFromEnv()`); the demo's own values fill the gaps. */
  server?: CreateServerOptions;
  demoHost?: string;
  /** 0 = any free port. Default 3000. */
  demoPort?: number;
}

export interface Stack {
  demoOrigin: string;
  porticoOrigin: string;
  portico: PorticoServer;
  /** The admin token for Portico's config-status endpoint (kept server-side by the demo). */
  adminToken: string;
  close(): Promise<void>;
}

/**
 * A port someone else holds: `variable` is the setting that chose it, so the one line `npm start`
 * prints names what to change.
 */
export class PortInUseError extends Error {
  constructor(
    readonly variable: 'DEMO_PORT' | 'PORTICO_PORT',
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `Port ${port} on ${host} is already in use (${variable}); stop what uses it, or set ${variable} to a free port.`,
    );
    this.name = 'PortInUseError';
  }
}

function portInUse(
  error: unknown,
  variable: PortInUseError['variable'],
  port: number,
  host: string,
): unknown {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
    ? new PortInUseError(variable, port, host)
    : error;
}

/**
 * The folder the embedded emulator keeps its data in (`PORTICO_EMULATOR_DB`'s folder), where the
 * signing secret, the demo's session key and `npm start`'s log live too; undefined in memory.
 */
export function dataFolder(server: CreateServerOptions): string | undefined {
  const db = server.emulatorDb ?? SETTINGS.emulatorDb.default;
  return db === ':memory:' ? undefined : dirname(resolve(db));
}

/**
 * The site's session key, kept beside the data as the signing secret is, so a restart does not sign
 * everyone out. An in-memory emulator keeps nothing, so neither does its demo.
 */
function sessionSecret(folder: string | undefined): string | undefined {
  if (folder === undefined) return undefined;
  return keptSecret(folder, 'demo-session-key', {
    what: 'the demo site’s session key',
    instead: 'point PORTICO_EMULATOR_DB at a writable folder',
  }).secret;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const demoHost = options.demoHost ?? '127.0.0.1';
  const serverOptions = options.server ?? {};
  const siteSecret = sessionSecret(dataFolder(serverOptions));
  const demoPort = options.demoPort ?? 3000;
  // The demo site must listen first: its origin is the token issuer and the CORS-allowed origin.
  // Requests that arrive before the site is built get a 503 (only during start-up).
  const ready: { site?: Express } = {};
  const demo = createHttpServer((req, res) => {
    if (ready.site) return void ready.site(req, res);
    res.statusCode = 503;
    res.end('Starting, try again in a moment.');
  });
  await new Promise<void>((done, reject) => {
    demo.once('error', (error) => reject(portInUse(error, 'DEMO_PORT', demoPort, demoHost)));
    demo.listen(demoPort, demoHost, () => done());
  });
  const address = demo.address();
  const demoOrigin = `http://${demoHost}:${typeof address === 'object' && address ? address.port : 0}`;

  const jwtSecret = serverOptions.jwtSecret ?? randomBytes(32).toString('hex');
  const jwtIssuer = serverOptions.jwtIssuer ?? demoOrigin;
  const jwtAudience = serverOptions.jwtAudience ?? 'portico';
  const adminToken = serverOptions.adminToken ?? randomBytes(24).toString('hex');

  let portico: PorticoServer;
  try {
    portico = await assembleServer({
      ...serverOptions,
      jwtSecret: serverOptions.jwksUrl ? serverOptions.jwtSecret : jwtSecret,
      jwtIssuer,
      jwtAudience,
      adminToken,
      allowedOrigins: [...new Set([...(serverOptions.allowedOrigins ?? []), demoOrigin])],
    });
  } catch (error) {
    demo.close();
    throw error;
  }
  let porticoOrigin: string;
  try {
    porticoOrigin = await portico.listen(serverOptions.port, serverOptions.host);
  } catch (error) {
    await Promise.all([closeServer(demo), portico.close()]);
    throw portInUse(error, 'PORTICO_PORT', portico.config.port, portico.config.host);
  }

  ready.site = createDemoSite({
    porticoOrigin,
    jwtSecret,
    issuer: jwtIssuer,
    audience: jwtAudience,
    dataverse: portico.embeddedEmulator ? 'emulator' : 'dynamics',
    ...(siteSecret === undefined ? {} : { sessionSecret: siteSecret }),
    configStatus: async () => {
      const response = await fetch(`${porticoOrigin}/api/v1/admin/config-status`, {
        headers: { Authorization: `Bearer ${adminToken}` },
      });
      if (!response.ok) throw new Error(`Portico answered ${response.status}`);
      return response.json();
    },
  });

  return {
    demoOrigin,
    porticoOrigin,
    portico,
    adminToken,
    async close() {
      await Promise.all([closeServer(demo), portico.close()]);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
