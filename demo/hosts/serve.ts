/**
 * The site that serves a built host app (dist/hosts/<name>/), as a customer's own web server would:
 * the app's files, the same strict CSP as the Contoso Support demo (scripts only from itself and the
 * Portico server), and a token endpoint of its own. The apps have no sign-in of their own, so the
 * endpoint signs tokens for one demo user; a real site signs them for whoever is signed in.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { hostSiteHeaders } from '../site.js';
import { hostOutput } from './build.js';
import type { HostName } from './build.js';

/** The Portico server the apps' index.html name (`npm start`'s default); replaced by the real one when served. */
export const BUILT_IN_ENDPOINT = 'http://127.0.0.1:8080';

export interface HostSiteOptions {
  /** Origin of the Portico server the app talks to and loads the kit from. */
  porticoOrigin: string;
  /** Signs the token of the user this site stands for. */
  signToken: () => Promise<string>;
}

export interface HostSite {
  name: HostName;
  origin: string;
  /** Starts serving the app; until then every request is a 503 (the origin is known first, so Portico can allow it). */
  serve(options: HostSiteOptions): void;
  close(): Promise<void>;
}

function hostApp(name: HostName, { porticoOrigin, signToken }: HostSiteOptions): express.Express {
  const dir = hostOutput(name);
  const index = readFileSync(join(dir, 'index.html'), 'utf8').replaceAll(
    BUILT_IN_ENDPOINT,
    new URL(porticoOrigin).origin,
  );
  const app = express();
  app.disable('x-powered-by');
  app.use(hostSiteHeaders(new URL(porticoOrigin).origin));
  app.post('/session/token', async (req, res) => {
    if (req.get('x-requested-with') !== 'fetch') {
      res.status(400).json({ error: 'send X-Requested-With: fetch' });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: await signToken() });
  });
  // Every path is the app's one page (neither app routes, but a reload of any path must work).
  const page: express.RequestHandler = (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  };
  app.get('/', page);
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.get('/{*path}', page);
  return app;
}

/** Listens on `port` (0: any free one) and answers 503 until `serve` is called. */
export async function listenHostSite(name: HostName, port = 0, host = '127.0.0.1'): Promise<HostSite> {
  let app: express.Express | undefined;
  const server = createServer((req, res) => {
    if (app) return void app(req, res);
    res.statusCode = 503;
    res.end('Starting, try again in a moment.');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    name,
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    serve(options) {
      app = hostApp(name, options);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
