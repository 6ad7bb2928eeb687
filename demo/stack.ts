/**
 * The whole kit in one process: the Portico server (with the embedded Dataverse emulator when
 * DATAVERSE_URL is unset) and the Contoso Support demo site that embeds it. `npm start` and the
 * end-to-end tests both use this, so what is tested is what a newcomer runs.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { Express } from 'express';
import { createDemoSite } from './site.js';
import type { CreateServerOptions, PorticoServer } from '../server/proxy/index.js';
import { assembleServer } from '../server/stack/index.js';

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

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const demoHost = options.demoHost ?? '127.0.0.1';
  const serverOptions = options.server ?? {};
  // The demo site must listen first: its origin is the token issuer and the CORS-allowed origin.
  // Requests that arrive before the site is built get a 503 (only during start-up).
  const ready: { site?: Express } = {};
  const demo = createHttpServer((req, res) => {
    if (ready.site) return void ready.site(req, res);
    res.statusCode = 503;
    res.end('Starting, try again in a moment.');
  });
  await new Promise<void>((resolve, reject) => {
    demo.once('error', reject);
    demo.listen(options.demoPort ?? 3000, demoHost, () => resolve());
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
  const porticoOrigin = await portico.listen(serverOptions.port, serverOptions.host);

  ready.site = createDemoSite({
    porticoOrigin,
    jwtSecret,
    issuer: jwtIssuer,
    audience: jwtAudience,
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
      await Promise.all([
        new Promise<void>((resolve) => {
          demo.close(() => resolve());
          demo.closeAllConnections();
        }),
        portico.close(),
      ]);
    },
  };
}
