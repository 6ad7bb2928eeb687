/**
 * The Portico server: `createServer(options)` builds the Express app (the security boundary between
 * external users and Dataverse) and everything behind it. Middleware order is the security model:
 *
 *   request id → deadline → access log → broken percent-escapes taken literally → helmet → Host
 *   required → CORS allow-list → per-IP rate limit → strict JSON body
 *   → public routes (health, readiness, OpenAPI, validator modules, admin status)
 *   → authentication (JWT → claims → role → contact) → per-user rate limit → form/list/record routes
 *   → 404/405 → error handler (stable codes, no internals)
 *
 * Requests Node's HTTP parser refuses never reach Express; `clientErrorHandler` answers those.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { timingSafeEqual, createHash, randomBytes } from 'node:crypto';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { DEFAULT_SCHEMAS_DIR, formatConfigError, watchRegistry } from '../config/index.js';
import type { ConfigError } from '../config/types.js';
import { openAuditLog } from './audit/index.js';
import type { AuditLog } from './audit/index.js';
import { ServerConfigError, optionsFromEnv, resolveSettings } from '../settings/index.js';
import type { ServerSettings, ServerOptions } from '../settings/index.js';
import { locals, publicBaseUrl } from './context.js';
import type { Context, RegistrySource } from './context.js';
import { PorticoError } from './errors.js';
import {
  accessLog,
  clientErrorHandler,
  corsAllowList,
  errorHandler,
  jsonBody,
  limiter,
  literalBrokenEscapes,
  requestDeadline,
  requestId,
  requireHost,
} from './http.js';
import { IdentityResolver } from './identity/resolve.js';
import { createTokenVerifier } from './identity/verify.js';
import { openApiDocument } from './openapi.js';
import { TokenSigner } from './policy/tokens.js';
import { EntitySets } from './records.js';
import { formRoutes, validatorRoute } from './routes/forms.js';
import { listRoutes } from './routes/lists.js';
import { recordRoutes } from './routes/records.js';
import { widgetRoutes } from './routes/widgets.js';
import { startupDriftCheck } from '../connect/drift.js';
import { createAuthStrategy } from '../dataverse/auth/index.js';
import { UpstreamClient, sharedUpstreamWork } from '../dataverse/client.js';
import type { TokenProvider } from '../dataverse/client.js';

export { optionsFromEnv, resolveSettings, ServerConfigError, SETTINGS } from '../settings/index.js';
export type { ServerSettings, ServerOptions } from '../settings/index.js';
export type { TokenProvider } from '../dataverse/client.js';
export type { RegistrySource } from './context.js';
export { ERROR_CATALOGUE } from './errors.js';

export interface CreateServerOptions extends ServerOptions {
  /** The live configuration. Default: the config loader watching `schemasDir` (hot reload). */
  registry?: RegistrySource;
  /** Credentials for Dataverse. Default: the strategy named by `dataverseAuth` (DATAVERSE_AUTH; `static` uses `dataverseToken`, or none for the emulator). */
  tokenProvider?: TokenProvider;
  /** A pino logger, or `false` for silence. Default: pino at `logLevel` on stdout. */
  logger?: Logger | false;
  /** Where the default logger writes (e.g. `pino.destination({ dest: file })`). Default: stdout. */
  logDestination?: DestinationStream;
}

export interface PorticoServer {
  app: Express;
  config: Readonly<ServerSettings>;
  /** The Dataverse Web API root in use (the embedded emulator's when DATAVERSE_URL is unset). */
  upstreamUrl: string;
  /** True when this server started the embedded emulator. */
  embeddedEmulator: boolean;
  /** The start-up comparison of the entity schemas with live metadata (logs only; never rejects). Undefined when off. */
  schemaDrift: Promise<void> | undefined;
  /** Origin after `listen`, e.g. `http://127.0.0.1:8080`. */
  url: string | undefined;
  /** Starts listening (default: config port and host); resolves with the origin. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops accepting, closes idle keep-alive connections, answers requests in flight with
   * `Connection: close` (so no further request is sent on their connections), lets them finish (up
   * to shutdownTimeoutMs), then releases everything.
   */
  close(): Promise<void>;
}

/** Builds the server. Throws `ServerConfigError` for bad options (the message names the option and a fix). */
export async function createServer(options: CreateServerOptions = {}): Promise<PorticoServer> {
  const { registry: registryOption, tokenProvider, logger: loggerOption, logDestination, ...rest } = options;
  let config = resolveSettings(rest);
  const logger =
    loggerOption === false
      ? pino({ level: 'silent' })
      : (loggerOption ??
        pino(
          {
            level: config.logLevel,
            // Defence in depth: nothing should log these, but if something does they are masked.
            redact: {
              paths: [
                '*.authorization',
                '*.Authorization',
                '*.token',
                '*.email',
                'headers',
                'body',
                // Upstream credentials (DATAVERSE_CLIENT_SECRET, DATAVERSE_PASSWORD, token requests).
                '*.password',
                '*.clientSecret',
                '*.client_secret',
                '*.client_assertion',
                '*.access_token',
                '*.dataverseClientSecret',
                '*.dataversePassword',
                '*.dataverseToken',
              ],
              censor: '[redacted]',
            },
          },
          logDestination,
        ));

  const closers: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.warn({ err: error }, 'error while shutting down');
      }
    }
  };

  try {
    let upstreamUrl = config.dataverseUrl;
    let embeddedEmulator = false;
    if (!upstreamUrl) {
      // Loaded only when needed: a server pointed at Dynamics never opens SQLite.
      const { startEmulator } = await import('../emulator/index.js');
      const emulator = await startEmulator({ port: 0, db: config.emulatorDb, seed: 'demo' });
      closers.push(() => emulator.close());
      upstreamUrl = emulator.url;
      embeddedEmulator = true;
      logger.info(
        { upstream: emulator.url, db: config.emulatorDb },
        'DATAVERSE_URL is not set: started the embedded Dataverse emulator (demo seed)',
      );
    }
    if (config.signingSecretGenerated && embeddedEmulator && config.emulatorDb !== ':memory:') {
      const file = keptSigningSecret(config.emulatorDb);
      config = Object.freeze({ ...config, signingSecret: file.secret, signingSecretGenerated: false });
      logger.info(
        { file: file.path },
        'PORTICO_SIGNING_SECRET is not set: using the secret kept beside the embedded emulator database',
      );
    } else if (config.signingSecretGenerated) {
      logger.warn(
        'PORTICO_SIGNING_SECRET is not set: record versions and page cursors are signed with a per-start key',
      );
    }

    let registrySource = registryOption;
    if (!registrySource) {
      const dir = config.schemasDir ?? DEFAULT_SCHEMAS_DIR;
      try {
        registrySource = await watchRegistry(dir, {
          onReload: (registry) =>
            logger.info(
              { version: registry.version, files: registry.files.length },
              'configuration reloaded',
            ),
          onRefused: (errors) =>
            logger.warn(
              { errors: errors.map((e) => formatConfigError(e)) },
              'configuration change refused; the last good configuration keeps serving',
            ),
        });
      } catch (error) {
        const list = (error as { errors?: ConfigError[] }).errors;
        if (!Array.isArray(list)) throw error;
        throw new ServerConfigError(
          `the configuration in ${dir} has ${list.length} error(s):\n${list.map((e) => `  ${formatConfigError(e)}`).join('\n')}`,
        );
      }
    }
    const source = registrySource;
    closers.push(() => source.close?.());

    let provider = tokenProvider;
    if (!provider) {
      try {
        const strategy = createAuthStrategy(config);
        provider = strategy.provider;
        logger.info({ auth: strategy.describe }, 'Dynamics authentication');
      } catch (error) {
        throw new ServerConfigError((error as Error).message);
      }
    }
    const upstream = new UpstreamClient({
      baseUrl: upstreamUrl,
      tokenProvider: provider,
      concurrency: config.upstreamConcurrency,
      timeoutMs: config.upstreamTimeoutMs,
      deadlineMs: config.requestDeadlineMs,
      maxRetryWaitMs: config.upstreamMaxRetryWaitMs,
      maxRetries: config.upstreamMaxRetries,
    });
    closers.push(() => upstream.close());
    // Only for schemas read from a directory (an injected registry has none to compare).
    const schemaDrift =
      config.schemaDriftCheck && !registryOption
        ? startupDriftCheck(
            upstream,
            new Map([...source.current().entities].map(([name, e]) => [name, e.schema])),
            logger,
          )
        : undefined;
    // Not awaited by close(): the check only logs, and against a Dynamics that does not answer it
    // would hold a shutdown (or a failed start) for the whole upstream timeout.

    const audit: AuditLog = openAuditLog(config.auditLog, (error) =>
      logger.error({ err: error }, 'audit log write failed'),
    );
    closers.push(() => audit.close());

    let url: string | undefined;
    const ctx: Context = {
      settings: config,
      publicUrl: () => publicBaseUrl(config, url),
      registry: () => source.current(),
      registrySource: source,
      upstream,
      identity: new IdentityResolver({
        upstream,
        contactClaim: config.contactClaim,
        emailClaim: config.emailClaim,
        roleClaim: config.roleClaim,
        createContacts: config.createContacts,
        cacheSeconds: config.identityCacheSeconds,
      }),
      signer: new TokenSigner(config.signingSecret, config.etagTtlSeconds, config.cursorTtlSeconds),
      sets: new EntitySets(upstream),
      audit,
      logger,
    };

    const app = buildApp(ctx);
    let server: Server | undefined;
    // Shutdown must not cut a request it accepted: once closing, every answer says
    // `Connection: close`, including those of requests already in flight, so a keep-alive client
    // sends nothing more on that connection; the ones still waiting are found here.
    let closing = false;
    const unanswered = new Set<ServerResponse>();
    const lastOnItsConnection = (res: ServerResponse) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    };

    const porticoServer: PorticoServer = {
      app,
      config,
      upstreamUrl,
      embeddedEmulator,
      schemaDrift,
      get url() {
        return url;
      },
      listen(port = config.port, host = config.host) {
        return new Promise((resolve, reject) => {
          // Node's own Host check answers with a bare 400; `requireHost` answers with a code instead.
          const s = createHttpServer({ requireHostHeader: false }, app);
          s.on('clientError', clientErrorHandler(logger));
          // An `Expect` other than 100-continue would get Node's bare 417; RFC 9110 §10.1.1 lets a
          // server ignore it instead, so the request is answered like any other.
          s.on('checkExpectation', app);
          s.once('error', reject);
          s.listen(port, host, () => {
            s.off('error', reject);
            const address = s.address() as AddressInfo;
            const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
            url = `http://${shownHost}:${address.port}`;
            logger.info({ url }, 'Portico server listening');
            if (!config.publicUrl && (address.address === '0.0.0.0' || address.address === '::')) {
              logger.warn(
                { url },
                'PORTICO_PUBLIC_URL is not set: absolute URLs (validator modules, OpenAPI, Location) name the listening address; set it to the address browsers use',
              );
            }
            resolve(url);
          });
          // Slow-loris bounds: a client gets 30 s to send its headers and body.
          s.headersTimeout = 30_000;
          s.requestTimeout = 60_000;
          // Ahead of the app, which may answer synchronously.
          s.prependListener('request', (_req, res: ServerResponse) => {
            if (closing) {
              lastOnItsConnection(res);
              return;
            }
            unanswered.add(res);
            res.once('close', () => {
              unanswered.delete(res);
              // An answer whose headers left before shutdown began kept its connection alive:
              // close it now that it is idle rather than at the forced close.
              if (closing) s.closeIdleConnections();
            });
          });
          server = s;
        });
      },
      async close() {
        const s = server;
        server = undefined;
        if (s) {
          closing = true;
          for (const res of unanswered) lastOnItsConnection(res);
          await new Promise<void>((resolve) => {
            const force = setTimeout(() => {
              logger.warn('shutdown timeout: closing remaining connections');
              s.closeAllConnections();
            }, config.shutdownTimeoutMs);
            force.unref();
            s.close(() => {
              clearTimeout(force);
              resolve();
            });
            s.closeIdleConnections();
          });
        }
        await closeAll();
      },
    };
    return porticoServer;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Convenience for the CLI and the demo: options from the environment, then `createServer`. */
export function createServerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  extra: CreateServerOptions = {},
): Promise<PorticoServer> {
  return createServer({ ...optionsFromEnv(env), ...extra });
}

/**
 * The signing secret for the embedded default when none is configured: made once and kept beside
 * the emulator's database, so restarting `npm start` does not turn every open form's version into
 * a 412 or move the idempotency namespace (a retried create would then duplicate). Only for the
 * embedded emulator: against Dynamics, several instances must share a configured secret, and a
 * file per instance would hide that. Written to a temporary name and hard-linked into place, so
 * two servers starting together agree on one secret and neither reads a half-written file; mode
 * 0600. A file that cannot be made or read, or holds fewer than 32 characters, stops the start
 * with a `ServerConfigError` naming it.
 */
function keptSigningSecret(emulatorDb: string): { path: string; secret: string } {
  const path = join(dirname(resolve(emulatorDb)), 'portico-signing-secret');
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  let secret: string;
  try {
    writeFileSync(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
    secret = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ServerConfigError(
      `cannot keep the signing secret in ${path} (${(error as Error).message}); make the folder writable or set PORTICO_SIGNING_SECRET.`,
    );
  }
  if (secret.length < 32)
    throw new ServerConfigError(
      `${path} must hold a signing secret of at least 32 characters; delete the file to have a new one made, or set PORTICO_SIGNING_SECRET.`,
    );
  return { path, secret };
}

function buildApp(ctx: Context): Express {
  const { settings: config, logger } = ctx;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy === 0 ? false : config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestId());
  app.use(requestDeadline(config.requestDeadlineMs));
  app.use(accessLog(logger));
  app.use(literalBrokenEscapes());
  app.use(
    onceComputedHeaders(
      helmet({
        // The server serves JSON and one JavaScript module, never HTML: nothing may be loaded or framed.
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'none'"],
            frameAncestors: ["'none'"],
            baseUri: ["'none'"],
            formAction: ["'none'"],
          },
        },
        // Validator modules are imported cross-origin by host pages (CORS still decides who may read).
        crossOriginResourcePolicy: { policy: 'cross-origin' },
      }),
    ),
  );
  app.use(requireHost());
  app.use(corsAllowList(config.allowedOrigins));
  app.use(limiter({ windowSeconds: config.rateLimitWindowSeconds, limit: config.rateLimitPerIp, key: 'ip' }));
  app.use(jsonBody(config.bodyLimitBytes));
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // Public routes.
  app.get('/healthz', (_req, res) => {
    // Health is about this moment: a cache must not answer for the server.
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness(ctx));
  app.get('/api/v1/openapi.json', (_req, res) => {
    // Public and cacheable: nothing in it depends on the request (the server URL is configuration).
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(openApiDocument(ctx.publicUrl()));
  });
  app.get('/api/v1/admin/config-status', adminStatus(ctx));
  app.use('/api/v1', validatorRoute(ctx));
  app.use(widgetRoutes());

  // Everything else under /api/v1 needs a signed-in user.
  const authed = express.Router();
  authed.use(authenticate(ctx));
  authed.use(
    limiter({ windowSeconds: config.rateLimitWindowSeconds, limit: config.rateLimitPerUser, key: 'user' }),
  );
  authed.use(formRoutes(ctx));
  authed.use(listRoutes(ctx));
  authed.use(recordRoutes(ctx));
  app.use('/api/v1', methodGuard(), authed);

  app.use((_req, _res, next) => {
    next(new PorticoError('PORTICO_ROUTE_NOT_FOUND', 'No such endpoint. See /api/v1/openapi.json.'));
  });
  app.use(errorHandler(logger));
  return app;
}

/**
 * helmet with these options sets the same headers on every response (no nonces, nothing read from
 * the request), so it is run once against a recording response and the result replayed: a dozen
 * nested middleware calls per request cost more than the headers themselves. If helmet ever does
 * something the recorder cannot replay (reads the request, answers asynchronously), it runs as is.
 */
function onceComputedHeaders(middleware: RequestHandler): RequestHandler {
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  let replayable = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  try {
    const emptyRequest = new Proxy({} as never, {
      get: () => {
        throw new Error('helmet read the request');
      },
    });
    middleware(emptyRequest, recorder as never, (error?: unknown) => {
      replayable = error === undefined;
    });
  } catch {
    replayable = false;
  }
  if (!replayable) return middleware;
  return function porticoSecurityHeaders(_req, res, next) {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/** Method checks before authentication, so `PUT /records/:id` says 405 rather than 401. */
const ROUTE_METHODS: Array<[RegExp, string[]]> = [
  [/^\/forms\/[^/]+$/, ['GET']],
  [/^\/forms\/[^/]+\/owners$/, ['GET']],
  [/^\/forms\/[^/]+\/records$/, ['POST']],
  [/^\/forms\/[^/]+\/records\/[^/]+$/, ['GET', 'PATCH', 'DELETE']],
  [/^\/forms\/[^/]+\/records\/[^/]+\/actions\/[^/]+$/, ['POST']],
  [/^\/lists\/[^/]+$/, ['GET']],
  [/^\/lists\/[^/]+\/records$/, ['GET']],
];

function methodGuard(): RequestHandler {
  return function porticoMethods(req, _res, next) {
    const match = ROUTE_METHODS.find(([pattern]) => pattern.test(req.path));
    if (!match) {
      next(new PorticoError('PORTICO_ROUTE_NOT_FOUND', 'No such endpoint. See /api/v1/openapi.json.'));
      return;
    }
    const allowed = [...match[1], ...(match[1].includes('GET') ? ['HEAD'] : [])];
    if (!allowed.includes(req.method)) {
      next(
        new PorticoError('PORTICO_METHOD_NOT_ALLOWED', `Use ${match[1].join(', ')} here.`, {
          headers: { Allow: match[1].join(', ') },
        }),
      );
      return;
    }
    next();
  };
}

/** JWT → role (must exist in access.json) → contact. The result is `res.locals.user`. */
function authenticate(ctx: Context): RequestHandler {
  const verify = createTokenVerifier({
    jwtSecret: ctx.settings.jwtSecret,
    jwksUrl: ctx.settings.jwksUrl,
    issuer: ctx.settings.jwtIssuer,
    audience: ctx.settings.jwtAudience,
    algorithms: ctx.settings.jwtAlgorithms,
    clockSkewSeconds: ctx.settings.jwtClockSkewSeconds,
  });
  return async function porticoAuthenticate(req, res, next) {
    try {
      const claims = ctx.identity.claimsOf(await verify(req.get('Authorization')));
      const role = ctx.identity.roleOf(claims);
      if (!ctx.registry().roles.has(role)) {
        throw new PorticoError(
          'PORTICO_AUTH_ROLE_UNKNOWN',
          `The role "${role.slice(0, 64)}" is not configured.`,
        );
      }
      const contactId = await ctx.identity.contactOf(claims);
      locals(res).user = { sub: claims.sub, role, contactId };
      next();
    } catch (error) {
      next(error);
    }
  };
}

function readiness(ctx: Context): RequestHandler {
  let checkedAt = 0;
  let ok = false;
  let pending: Promise<boolean> | undefined;
  const check = async () => {
    try {
      const res = await ctx.upstream.request({ method: 'GET', path: 'WhoAmI' });
      return res.status === 200;
    } catch {
      return false;
    }
  };
  return async function porticoReady(_req, res) {
    // WhoAmI at most every 5 s, however often the orchestrator asks: readiness must not spend the budget.
    if (Date.now() - checkedAt > 5000) {
      // Shared by every probe that arrives meanwhile: one prober hanging up must not fail it.
      pending ??= sharedUpstreamWork(check).finally(() => (pending = undefined));
      ok = await pending;
      checkedAt = Date.now();
    }
    let registryOk = false;
    try {
      registryOk = ctx.registry().version > 0;
    } catch {
      registryOk = false;
    }
    if (!ok || !registryOk) {
      throw new PorticoError(
        'PORTICO_SERVER_NOT_READY',
        !registryOk ? 'The configuration is not loaded.' : 'Dynamics is not reachable.',
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ready', configVersion: ctx.registry().version });
  };
}

function adminStatus(ctx: Context): RequestHandler {
  const expected = ctx.settings.adminToken
    ? createHash('sha256').update(ctx.settings.adminToken).digest()
    : undefined;
  return function porticoAdminStatus(req, res, next) {
    if (!expected) {
      next(new PorticoError('PORTICO_ROUTE_NOT_FOUND', 'No such endpoint. See /api/v1/openapi.json.'));
      return;
    }
    const match = /^Bearer (.+)$/.exec(req.get('Authorization') ?? '');
    // Hash both sides so the comparison is constant-time whatever the presented length.
    const presented = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest();
    if (!match || !timingSafeEqual(presented, expected)) {
      next(
        new PorticoError('PORTICO_ADMIN_UNAUTHORIZED', 'Send Authorization: Bearer <PORTICO_ADMIN_TOKEN>.'),
      );
      return;
    }
    const registry = ctx.registry();
    const status = (ctx.registrySource.status?.() ?? {}) as Record<string, unknown>;
    const refused = status.lastRefused as { at?: unknown; errors?: ConfigError[] } | undefined;
    res.json({
      ...status,
      version: registry.version,
      loadedAt: registry.loadedAt.toISOString(),
      files: registry.files,
      ...(refused && Array.isArray(refused.errors)
        ? { lastRefused: { ...refused, formatted: refused.errors.map((e) => formatConfigError(e)) } }
        : {}),
    });
  };
}
