/**
 * The Portico server: `createServer(options)` builds the Express app (the security boundary between
 * external users and Dataverse) and everything behind it. Middleware order is the security model:
 *
 *   request id → deadline → access log → broken percent-escapes taken literally → helmet → Host
 *   required → CORS allow-list → per-IP rate limit → strict JSON body
 *   → the route table (routes/table.ts): per route, authentication when it needs a user (JWT →
 *     claims → role → contact, then the per-user rate limit) or the admin token, the check of its
 *     parameters and body against its schemas, its handler; 405 with `Allow` for a path's other methods
 *   → 404 → error handler (stable codes, no internals)
 *
 * Requests Node's HTTP parser refuses never reach Express; `clientErrorHandler` answers those.
 */
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import express from 'express';
import type { Express, Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { DEFAULT_SCHEMAS_DIR, formatConfigError, watchRegistry } from '../config/index.js';
import type { ConfigError } from '../config/types.js';
import { openAuditLog } from './audit/index.js';
import type { AuditLog } from './audit/index.js';
import { ServerConfigError, resolveSettings } from '../settings/index.js';
import type { ServerSettings, ServerOptions } from '../settings/index.js';
import { publicBaseUrl } from './context.js';
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
  sequence,
} from './http.js';
import { IdentityResolver } from './identity/resolve.js';
import { TokenSigner } from './policy/tokens.js';
import { EntitySets } from './records.js';
import { registerRoutes } from './routes/register.js';
import { sharedLimits } from './shared-limits.js';
import type { SharedState } from '../shared-state/index.js';
import { ROUTES } from './routes/table.js';
import type { RouteSpec } from './routes/spec.js';
import { createAuthStrategy } from '../dataverse/auth/index.js';
import { UpstreamClient } from '../dataverse/client.js';
import type { TokenProvider } from '../dataverse/client.js';
import type { IdentityBudget } from '../dataverse/budget.js';

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
  /**
   * The start-up comparison of the entity schemas with Dataverse's metadata, run when
   * `schemaDriftCheck` is on and the schemas come from a directory. The proxy has none of its own:
   * the assembler (server/stack) hands it the admin tools' check.
   */
  driftCheck?: DriftCheck;
  /**
   * A Dataverse the assembler started for this server (the embedded emulator): closed last by
   * `close()`, and named in the start-up log with its database and, when one was kept beside it, the
   * signing secret's file.
   */
  embedded?: EmbeddedDataverse;
}

export type DriftCheck = (
  upstream: UpstreamClient,
  schemas: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  logger: Logger,
) => Promise<void>;

export interface EmbeddedDataverse {
  db: string;
  /** The file the generated signing secret is kept in, when the assembler kept one. */
  secretFile?: string;
  close(): Promise<void>;
}

export interface PorticoServer {
  app: Express;
  config: Readonly<ServerSettings>;
  /** The Dataverse Web API root in use (the embedded emulator's when the assembler started one). */
  upstreamUrl: string;
  /** True when the Dataverse behind this server is the embedded emulator. */
  embeddedEmulator: boolean;
  logger: Logger;
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
  const {
    registry: registryOption,
    tokenProvider,
    logger: loggerOption,
    logDestination,
    driftCheck,
    embedded,
  } = options;
  const config = serverSettings(options);
  const upstreamUrl = config.dataverseUrl;
  if (!upstreamUrl) {
    await embedded?.close();
    throw new ServerConfigError(
      'DATAVERSE_URL is required: the Web API root of Dynamics, e.g. https://contoso.crm.dynamics.com/api/data/v9.2/. Without it, start Portico with `npm run server` or `npm start`, which run the embedded Dataverse emulator.',
    );
  }
  const logger = serverLogger(config, loggerOption, logDestination);
  const closers = new Closers(logger);
  if (embedded) closers.add(() => embedded.close());
  try {
    startupNotes(config, embedded, upstreamUrl, logger);
    const source = registryOption ?? (await watchSchemas(config, logger));
    closers.add(() => source.close?.());
    // With PORTICO_REDIS_URL: the limits every instance shares (an unreachable Redis does not stop the start).
    const shared = await sharedLimits(config, upstreamUrl, logger);
    if (shared) closers.add(() => shared.close());
    const upstream = upstreamClient(config, upstreamUrl, tokenProvider, logger, shared?.budget);
    closers.add(() => upstream.close());
    // Only for schemas read from a directory (an injected registry has none to compare). Not
    // awaited by close(): the check only logs, and against a Dynamics that does not answer it
    // would hold a shutdown (or a failed start) for the whole upstream timeout.
    const schemaDrift =
      config.schemaDriftCheck && !registryOption && driftCheck
        ? driftCheck(
            upstream,
            new Map([...source.current().entities].map(([name, e]) => [name, e.schema])),
            logger,
          )
        : undefined;
    const audit: AuditLog = openAuditLog(config.auditLog, (error) =>
      logger.error({ err: error }, 'audit log write failed'),
    );
    closers.add(() => audit.close());

    const listening: { url?: string } = {};
    const ctx = serverContext(config, source, upstream, audit, logger, () => listening.url, shared);
    const app = buildApp(ctx);
    return {
      app,
      config,
      upstreamUrl,
      embeddedEmulator: embedded !== undefined,
      logger,
      schemaDrift,
      ...httpLifecycle(app, config, logger, listening, () => closers.closeAll()),
    };
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
}

/** What `close()` releases, in reverse order of acquisition; a failure is logged and the rest still close. */
class Closers {
  readonly #closers: Array<() => Promise<void> | void> = [];
  constructor(private readonly logger: Logger) {}
  add(close: () => Promise<void> | void): void {
    this.#closers.push(close);
  }
  async closeAll(): Promise<void> {
    for (const close of this.#closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        this.logger.warn({ err: error }, 'error while shutting down');
      }
    }
  }
}

function serverLogger(
  config: Readonly<ServerSettings>,
  option: Logger | false | undefined,
  destination: DestinationStream | undefined,
): Logger {
  if (option === false) return pino({ level: 'silent' });
  return (
    option ??
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
      destination,
    )
  );
}

/** The server settings among `options` (the rest are collaborators), checked and completed with defaults. */
export function serverSettings(options: CreateServerOptions): Readonly<ServerSettings> {
  const {
    registry: _registry,
    tokenProvider: _tokenProvider,
    logger: _logger,
    logDestination: _logDestination,
    driftCheck: _driftCheck,
    embedded: _embedded,
    ...settings
  } = options;
  return resolveSettings(settings);
}

/** What the start-up log says about the Dataverse behind this server and the signing secret. */
function startupNotes(
  config: Readonly<ServerSettings>,
  embedded: EmbeddedDataverse | undefined,
  upstreamUrl: string,
  logger: Logger,
): void {
  if (embedded) {
    logger.info(
      { upstream: upstreamUrl, db: embedded.db },
      'DATAVERSE_URL is not set: started the embedded Dataverse emulator (demo seed)',
    );
  }
  if (embedded?.secretFile) {
    logger.info(
      { file: embedded.secretFile },
      'PORTICO_SIGNING_SECRET is not set: using the secret kept beside the embedded emulator database',
    );
  } else if (config.signingSecretGenerated) {
    logger.warn(
      'PORTICO_SIGNING_SECRET is not set: record versions and page cursors are signed with a per-start key',
    );
  }
}

/** The config loader watching the schemas directory (hot reload); a first load that fails stops the start. */
async function watchSchemas(config: Readonly<ServerSettings>, logger: Logger): Promise<RegistrySource> {
  const dir = config.schemasDir ?? DEFAULT_SCHEMAS_DIR;
  try {
    return await watchRegistry(dir, {
      onReload: (registry) =>
        logger.info({ version: registry.version, files: registry.files.length }, 'configuration reloaded'),
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

function upstreamClient(
  config: Readonly<ServerSettings>,
  baseUrl: string,
  tokenProvider: TokenProvider | undefined,
  logger: Logger,
  budget: IdentityBudget | undefined,
): UpstreamClient {
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
  return new UpstreamClient({
    baseUrl,
    tokenProvider: provider,
    concurrency: config.upstreamConcurrency,
    timeoutMs: config.upstreamTimeoutMs,
    deadlineMs: config.requestDeadlineMs,
    maxRetryWaitMs: config.upstreamMaxRetryWaitMs,
    maxRetries: config.upstreamMaxRetries,
    ...(budget ? { budget } : {}),
  });
}

function serverContext(
  config: Readonly<ServerSettings>,
  source: RegistrySource,
  upstream: UpstreamClient,
  audit: AuditLog,
  logger: Logger,
  listeningUrl: () => string | undefined,
  shared: SharedState | undefined,
): Context {
  return {
    settings: config,
    publicUrl: () => publicBaseUrl(config, listeningUrl()),
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
    ...(shared ? { shared } : {}),
  };
}

/**
 * `listen`, `url` and `close` of a server. Shutdown must not cut a request it accepted: once
 * closing, every answer says `Connection: close`, including those of requests already in flight,
 * so a keep-alive client sends nothing more on that connection; the ones still waiting are found here.
 */
function httpLifecycle(
  app: Express,
  config: Readonly<ServerSettings>,
  logger: Logger,
  listening: { url?: string },
  release: () => Promise<void>,
): Pick<PorticoServer, 'url' | 'listen' | 'close'> {
  let server: Server | undefined;
  let closing = false;
  const unanswered = new Set<ServerResponse>();
  const lastOnItsConnection = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  return {
    get url() {
      return listening.url;
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
          const url = `http://${shownHost}:${address.port}`;
          listening.url = url;
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
      await release();
    },
  };
}

const API_PREFIX = /^\/api(?:\/|$)/i;

function buildApp(ctx: Context): Express {
  const { settings: config, logger } = ctx;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy === 0 ? false : config.trustProxy);
  app.set('query parser', 'simple');

  // One layer for what every request passes, in the order of the security model (see `sequence`).
  app.use(
    sequence(
      requestId(),
      requestDeadline(config.requestDeadlineMs),
      accessLog(logger),
      literalBrokenEscapes(),
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
      requireHost(),
      corsAllowList(config.allowedOrigins),
      limiter(
        { windowSeconds: config.rateLimitWindowSeconds, limit: config.rateLimitPerIp, key: 'ip' },
        ctx.shared?.rateLimitStore('ip'),
      ),
      ...jsonBody(config.bodyLimitBytes, streamedBody(ROUTES)),
      function porticoApiNoStore(req, res, next) {
        // As `app.use('/api', …)` would match: any case, whole segment.
        if (API_PREFIX.test(req.path)) res.setHeader('Cache-Control', 'no-store');
        next();
      },
    ),
  );

  // Every route, public ones included, from the table: authentication per entry, then the
  // check of parameters and body, then the handler; 405 with Allow for a path's other methods.
  registerRoutes(app, ctx, ROUTES);

  app.use((_req, _res, next) => {
    next(new PorticoError('PORTICO_ROUTE_NOT_FOUND', 'No such endpoint. See /api/v1/openapi.json.'));
  });
  app.use(errorHandler(logger));
  return app;
}

/**
 * Requests whose route reads its body itself: the POSTs to paths of routes with a multipart body.
 * Matched on the path alone (`:param` is one segment), ignoring case as Express's routing does, so
 * a path that reaches the route also skips the JSON parser; the route checks the content type.
 */
function streamedBody(routes: readonly RouteSpec[]): (req: Request) => boolean {
  const patterns = routes
    .filter((r) => r.body !== undefined && 'multipart' in r.body)
    .map((r) => ({
      method: r.method,
      path: new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`, 'i'),
    }));
  return (req) => patterns.some((p) => p.method === req.method && p.path.test(req.path));
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
