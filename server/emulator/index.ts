/**
 * Local Dataverse Web API emulator: `startEmulator()` opens (and on first run seeds) the SQLite
 * database and serves the Web API over HTTP.
 *
 * Plain `node:http` rather than Express: the emulator must control the raw exchange — reading the
 * body itself to answer Dataverse's 413, destroying a socket after a committed write for fault
 * injection, OData URL segments such as `contacts(<id>)/fullname` and
 * `EntityDefinitions(LogicalName='x')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`
 * that route patterns do not express, and the same in-process dispatch for `$batch` parts.
 * Express would add a layer whose routing, body parsing and error handling would all be bypassed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Db } from './db.js';
import { Engine, errorResponse, type EmuResponse } from './engine.js';
import { DataverseError, errors } from './errors.js';
import { DEFAULT_LIMITS, ServiceProtection, type LimitsConfig } from './limits.js';
import { nameGuid } from './metadata/model.js';
import { seedDatabase, type SeedName } from './seed.js';
import { NtlmMode, OAuthMode, allPrivileges } from './auth.js';
import type { EmulatorNtlmOptions, EmulatorOAuthOptions, OAuthControl } from './auth.js';
import { ENTITIES } from './metadata/entities.js';
import { DEMO_IDS } from './demo-ids.js';

export type { LimitsConfig } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { DEMO_IDS } from './demo-ids.js';
export type { EmulatorNtlmOptions, EmulatorOAuthOptions, OAuthControl } from './auth.js';

export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** SQLite file path, or `:memory:`. Default `data/emulator.sqlite`. */
  db?: string;
  /** Data set written on first start of an empty database. Default `demo`. */
  seed?: 'demo' | 'none' | 'large';
  /** On-premises layout: serve `/<org>/api/data/v9.x/` instead of `/api/data/v9.x/`. Default none. */
  org?: string;
  /** Service protection limits: `true` for Dataverse's defaults, or overrides. Default off. */
  limits?: boolean | Partial<LimitsConfig>;
  /** Require `Authorization: Bearer <token>`; 401 otherwise. Default: no authentication. */
  token?: string;
  /** Receives one line per request and start-up messages. Default: silent. */
  logger?: (line: string) => void;
  /** Largest accepted request body in bytes; larger bodies get 413. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Serve an OAuth token endpoint and require the JWTs it issues (online / AD FS test mode). Default off. */
  oauth?: EmulatorOAuthOptions;
  /** Require Windows (NTLM) authentication per connection for this user (on-premises AD test mode). Default off. */
  ntlm?: EmulatorNtlmOptions;
  /** The integration user's privileges (`prvReadContact`, …) that `RetrieveUserPrivileges` reports. Default: all on every table. */
  privileges?: readonly string[];
}

export interface Emulator {
  /** Web API root including the version, e.g. `http://127.0.0.1:4321/api/data/v9.2/`. */
  url: string;
  /** `http://127.0.0.1:4321` */
  origin: string;
  port: number;
  requestLog: RequestLog;
  faults: FaultInjector;
  /** OAuth mode handles (token endpoint URLs, revocation, test tokens), when `oauth` is set. */
  oauth: OAuthControl | undefined;
  /** NTLM handshakes completed, when `ntlm` is set. */
  ntlmHandshakes(): number;
  close(): Promise<void>;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as received. */
  path: string;
  /** HTTP status sent; 0 when the connection was reset without a response. */
  status: number;
  durationMs: number;
  at: Date;
}

export interface RequestLog {
  entries(): readonly RequestLogEntry[];
  clear(): void;
  count(filter?: { method?: string; path?: RegExp }): number;
}

export interface Fault {
  match?: { method?: string; path?: RegExp };
  /** How many matching requests get the fault. Default 1. */
  times?: number;
  respond?: { status: 429 | 503 | 500; retryAfterSeconds?: number };
  /** Waits this long before handling. A client that disconnects meanwhile ends the wait. */
  delayMs?: number;
  /**
   * Never answers: a frozen Dataverse that accepted the connection. The request is held, counting
   * against the limits, until the client gives up or the emulator closes.
   */
  hang?: true;
  resetConnection?: 'beforeHandling' | 'afterCommit';
}

export interface FaultInjector {
  /** Next `times` requests matching `match` get the fault instead of (or, for `afterCommit`, after) normal handling. */
  inject(fault: Fault): void;
  /** Uses left of the injected faults: 0 once every one has met its requests. */
  armed(): number;
  clear(): void;
}

/** Thrown by `startEmulator` for a bad option; `code` is stable. */
export class EmulatorOptionError extends Error {
  readonly code = 'PORTICO_EMULATOR_BAD_OPTION';
  constructor(option: string, value: unknown, hint: string) {
    super(`Emulator option '${option}' has the invalid value ${JSON.stringify(value)}: ${hint}`);
    this.name = 'EmulatorOptionError';
  }
}

const SEEDS: readonly SeedName[] = ['demo', 'none', 'large'];
const KNOWN_OPTIONS = [
  'port',
  'host',
  'db',
  'seed',
  'org',
  'limits',
  'token',
  'logger',
  'maxBodyBytes',
  'oauth',
  'ntlm',
  'privileges',
];
const VERSIONS = new Set(['9.0', '9.1', '9.2']);
/** Dataverse's documented GET URL limit (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors). */
const MAX_URL = 32_768;

interface Config {
  port: number;
  host: string;
  db: string;
  seed: SeedName;
  org: string | undefined;
  limits: LimitsConfig | undefined;
  token: string | undefined;
  logger: ((line: string) => void) | undefined;
  maxBodyBytes: number;
  oauth: EmulatorOAuthOptions | undefined;
  ntlm: EmulatorNtlmOptions | undefined;
  privileges: readonly string[];
}

function closest(value: string, choices: readonly string[]): string | undefined {
  const dist = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(
          d[i - 1]![j]! + 1,
          d[i]![j - 1]! + 1,
          d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
    return d[a.length]![b.length]!;
  };
  const best = choices.map((c) => [c, dist(value, c)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

function positiveInt(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new EmulatorOptionError(option, value, 'expected a positive whole number.');
  }
  return value;
}

/** Validates options once and returns a frozen, fully defaulted configuration. */
export function resolveOptions(options: EmulatorOptions = {}): Readonly<Config> {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      const hint = closest(key, KNOWN_OPTIONS);
      throw new EmulatorOptionError(
        key,
        (options as Record<string, unknown>)[key],
        `unknown option${hint ? `; did you mean '${hint}'?` : '.'}`,
      );
    }
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EmulatorOptionError(
      'port',
      port,
      'expected a whole number from 0 to 65535 (0 = any free port).',
    );
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '')
    throw new EmulatorOptionError('host', host, "expected a host name or address such as '127.0.0.1'.");
  const db = options.db ?? 'data/emulator.sqlite';
  if (typeof db !== 'string' || db === '')
    throw new EmulatorOptionError('db', db, "expected a file path or ':memory:'.");
  const seed = options.seed ?? 'demo';
  if (!SEEDS.includes(seed)) {
    const hint = typeof seed === 'string' ? closest(seed, SEEDS) : undefined;
    throw new EmulatorOptionError(
      'seed',
      seed,
      `expected one of ${SEEDS.join(', ')}${hint ? `; did you mean '${hint}'?` : '.'}`,
    );
  }
  const org = options.org;
  if (org !== undefined && (typeof org !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(org))) {
    throw new EmulatorOptionError(
      'org',
      org,
      'expected an organisation name of letters, digits, _ and - (it becomes a URL path segment).',
    );
  }
  let limits: LimitsConfig | undefined;
  if (options.limits === true) limits = { ...DEFAULT_LIMITS };
  else if (options.limits && typeof options.limits === 'object') {
    limits = { ...DEFAULT_LIMITS };
    for (const [k, v] of Object.entries(options.limits)) {
      if (!(k in DEFAULT_LIMITS)) {
        const hint = closest(k, Object.keys(DEFAULT_LIMITS));
        throw new EmulatorOptionError(
          `limits.${k}`,
          v,
          `unknown limit${hint ? `; did you mean '${hint}'?` : '.'}`,
        );
      }
      (limits as unknown as Record<string, number>)[k] = positiveInt(`limits.${k}`, v);
    }
  } else if (options.limits !== undefined && options.limits !== false) {
    throw new EmulatorOptionError(
      'limits',
      options.limits,
      'expected true, false or an object of limit overrides.',
    );
  }
  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token === '' || /\s/.test(token))) {
    throw new EmulatorOptionError('token', token, 'expected a non-empty token without spaces.');
  }
  if (options.logger !== undefined && typeof options.logger !== 'function') {
    throw new EmulatorOptionError('logger', options.logger, 'expected a function (line: string) => void.');
  }
  const maxBodyBytes =
    options.maxBodyBytes === undefined ? 16 * 1024 * 1024 : positiveInt('maxBodyBytes', options.maxBodyBytes);
  const { oauth, ntlm } = options;
  const text = (v: unknown) => typeof v === 'string' && v !== '';
  if (oauth !== undefined) {
    if (!oauth || typeof oauth !== 'object' || !text(oauth.clientId)) {
      throw new EmulatorOptionError(
        'oauth.clientId',
        oauth?.clientId,
        'expected the application (client) id.',
      );
    }
    if (oauth.clientSecret === undefined && oauth.clientCertificate === undefined && !oauth.users) {
      throw new EmulatorOptionError(
        'oauth',
        '(object)',
        'give clientSecret, clientCertificate (PEM) or users.',
      );
    }
    if (oauth.tokenLifetimeSeconds !== undefined)
      positiveInt('oauth.tokenLifetimeSeconds', oauth.tokenLifetimeSeconds);
  }
  if (ntlm !== undefined && (!ntlm || !text(ntlm.user) || typeof ntlm.password !== 'string')) {
    throw new EmulatorOptionError(
      'ntlm',
      ntlm && { user: ntlm.user },
      "expected { user: 'DOMAIN\\user', password }.",
    );
  }
  const modes = [token !== undefined, oauth !== undefined, ntlm !== undefined].filter(Boolean).length;
  if (modes > 1) {
    throw new EmulatorOptionError('token/oauth/ntlm', '(several)', 'choose one authentication mode.');
  }
  if (
    options.privileges !== undefined &&
    (!Array.isArray(options.privileges) || !options.privileges.every(text))
  ) {
    throw new EmulatorOptionError(
      'privileges',
      options.privileges,
      "expected privilege names such as 'prvReadContact'.",
    );
  }
  const privileges = Object.freeze([
    ...(options.privileges ?? allPrivileges(ENTITIES.map((e) => e.schemaName))),
  ]);
  return Object.freeze({
    port,
    host,
    db,
    seed,
    org,
    limits,
    token,
    logger: options.logger,
    maxBodyBytes,
    oauth,
    ntlm,
    privileges,
  });
}

class Log implements RequestLog {
  private list: RequestLogEntry[] = [];
  /** Bounded so a long-running emulator does not grow without limit. */
  private static readonly MAX = 100_000;
  push(e: RequestLogEntry): void {
    this.list.push(e);
    if (this.list.length > Log.MAX) this.list.splice(0, this.list.length - Log.MAX);
  }
  entries(): readonly RequestLogEntry[] {
    return [...this.list];
  }
  clear(): void {
    this.list = [];
  }
  count(filter: { method?: string; path?: RegExp } = {}): number {
    return this.list.filter(
      (e) =>
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (!filter.path || filter.path.test(e.path)),
    ).length;
  }
}

class Faults implements FaultInjector {
  private list: { fault: Fault; left: number }[] = [];
  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times <= 0)
      throw new EmulatorOptionError('fault.times', times, 'expected a positive whole number.');
    if (!fault.respond && fault.delayMs === undefined && !fault.hang && !fault.resetConnection) {
      throw new EmulatorOptionError(
        'fault',
        fault,
        'a fault needs respond, delayMs, hang or resetConnection.',
      );
    }
    if (fault.delayMs !== undefined && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
      throw new EmulatorOptionError(
        'fault.delayMs',
        fault.delayMs,
        'expected a non-negative number of milliseconds.',
      );
    }
    this.list.push({ fault, left: times });
  }
  armed(): number {
    return this.list.reduce((sum, { left }) => sum + left, 0);
  }
  clear(): void {
    this.list = [];
  }
  /** The first armed fault matching the request, consuming one use. */
  take(method: string, path: string): Fault | undefined {
    const hit = this.list.find(
      ({ fault }) =>
        (!fault.match?.method || fault.match.method.toUpperCase() === method) &&
        (!fault.match?.path || fault.match.path.test(path)),
    );
    if (!hit) return undefined;
    hit.left -= 1;
    if (hit.left <= 0) this.list.splice(this.list.indexOf(hit), 1);
    return hit.fault;
  }
}

/** Resolves after `ms` (never when `ms` is Infinity), or as soon as `signal` aborts. */
function waitUnless(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    signal.addEventListener('abort', done);
  });
}

class BodyTooLarge extends Error {}

class ClientGone extends Error {}

/** The body, or `ClientGone` when the client disconnected before sending all of it. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    // A request whose client already left has no 'end' to come: waiting for it would never finish.
    if (req.destroyed && !req.readableEnded) {
      reject(new ClientGone());
      return;
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('close', () => {
      if (!req.readableEnded && !failed) {
        failed = true;
        reject(new ClientGone());
      }
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function faultBody(status: number): DataverseError {
  if (status === 429) {
    return new DataverseError(
      429,
      '0x80072322',
      'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
    );
  }
  if (status === 503)
    return new DataverseError(503, '0x80040216', 'The service is temporarily unavailable. Try again later.');
  return new DataverseError(500, '0x80040216', 'An unexpected error occurred.');
}

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const config = resolveOptions(options);
  const db: Db = openDatabase(config.db);
  const seeded = seedDatabase(db, config.seed);
  const engine = new Engine(db);
  const log = new Log();
  const faults = new Faults();
  const protection = config.limits ? new ServiceProtection(config.limits) : undefined;
  const prefix = config.org ? `/${config.org}` : '';
  const say = config.logger ?? (() => undefined);
  const oauth = config.oauth ? new OAuthMode(config.oauth) : undefined;
  const ntlm = config.ntlm ? new NtlmMode(config.ntlm) : undefined;
  if (seeded) say(`Seeded ${config.db} with the '${config.seed}' data set.`);

  const send = (res: ServerResponse, r: EmuResponse) => {
    const headers: Record<string, string> = { 'OData-Version': '4.0', REQ_ID: randomUUID(), ...r.headers };
    if (r.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(r.body));
    else if (r.status !== 304 && r.status !== 204) headers['Content-Length'] = '0';
    res.writeHead(r.status, headers);
    res.end(r.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const at = new Date();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    let status = 0;
    let release: (() => void) | undefined;
    // Aborts when the client disconnects before its answer: whatever the request waits for then
    // ends, and `finish` gives back its concurrency slot.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const finish = () => {
      release?.();
      const durationMs = performance.now() - started;
      log.push({ method, path: rawUrl, status, durationMs, at });
      say(`${method} ${rawUrl} ${status} ${durationMs.toFixed(1)}ms`);
    };
    const reply = (r: EmuResponse) => {
      status = r.status;
      send(res, r);
    };
    try {
      if (rawUrl.length > MAX_URL) {
        reply(
          errorResponse(
            new DataverseError(414, '0x80060888', `The request URL is longer than ${MAX_URL} characters.`),
          ),
        );
        return;
      }
      const qi = rawUrl.indexOf('?');
      const pathname = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
      const query = qi < 0 ? '' : rawUrl.slice(qi + 1);
      if (ntlm) {
        // IIS authenticates the whole site, before any routing.
        const refusal = ntlm.check(req);
        if (refusal) {
          reply(refusal);
          return;
        }
      }
      if (oauth?.isTokenPath(pathname)) {
        let form: string | undefined;
        try {
          form = await readBody(req, 65_536);
        } catch (e) {
          if (!(e instanceof BodyTooLarge)) throw e;
          res.setHeader('Connection', 'close');
          reply({ status: 413, headers: {} });
          return;
        }
        const tokenUrl = `http://${req.headers.host ?? ''}${pathname}`;
        reply(await oauth.token(method, String(req.headers['content-type'] ?? ''), form, tokenUrl));
        return;
      }
      const m = /^\/api\/data\/([^/]*)(?:\/(.*))?$/.exec(
        pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : '/',
      );
      if (!m) {
        reply(errorResponse(errors.noResource(`http://${req.headers.host ?? ''}${rawUrl}`)));
        return;
      }
      const version = m[1]!.replace(/^v/, '');
      if (!m[1]!.startsWith('v') || !VERSIONS.has(version)) {
        reply(errorResponse(errors.badVersion(m[1]!)));
        return;
      }
      if (config.token !== undefined) {
        const auth = req.headers['authorization'];
        if (auth !== `Bearer ${config.token}`) {
          // Dataverse answers an unauthenticated request with an empty 401 and a Bearer challenge.
          reply({
            status: 401,
            headers: {
              'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=http://${req.headers.host ?? ''}/`,
            },
          });
          return;
        }
      } else if (oauth) {
        const refusal = await oauth.verify(req.headers['authorization'], req.headers.host ?? '');
        if (refusal) {
          reply(refusal);
          return;
        }
      }
      const privilegeQuery =
        /^systemusers\(([0-9a-fA-F-]{36})\)\/Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges(?:\(\))?$/.exec(
          m[2] ?? '',
        );
      if (privilegeQuery && method === 'GET') {
        // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/retrieveuserprivileges
        const root = `http://${req.headers.host ?? ''}${prefix}/api/data/${m[1]}/`;
        const mine = privilegeQuery[1]!.toLowerCase() === DEMO_IDS.integrationUser;
        reply({
          status: 200,
          headers: { 'Content-Type': 'application/json; odata.metadata=minimal' },
          body: JSON.stringify({
            '@odata.context': `${root}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`,
            RolePrivileges: (mine ? config.privileges : []).map((name) => ({
              Depth: 'Global',
              PrivilegeId: nameGuid(`privilege:${name}`),
              BusinessUnitId: DEMO_IDS.businessUnit,
              PrivilegeName: name,
            })),
          }),
        });
        return;
      }
      if (protection) {
        const user = String(req.headers['authorization'] ?? 'anonymous');
        try {
          release = protection.admit(user);
        } catch (e) {
          if (e instanceof DataverseError) {
            reply(errorResponse(e));
            return;
          }
          throw e;
        }
      }
      // Faults act after admission, so an injected delay counts as execution time and concurrency.
      const fault = faults.take(method, rawUrl);
      if (fault?.hang) await waitUnless(gone.signal, Infinity);
      else if (fault?.delayMs) await waitUnless(gone.signal, fault.delayMs);
      if (gone.signal.aborted) return;
      if (fault?.resetConnection === 'beforeHandling') {
        req.socket.destroy();
        return;
      }
      if (fault?.respond) {
        const e = faultBody(fault.respond.status);
        if (fault.respond.retryAfterSeconds !== undefined)
          e.headers['Retry-After'] = String(fault.respond.retryAfterSeconds);
        reply(errorResponse(e));
        return;
      }
      let body: string | undefined;
      try {
        body = await readBody(req, config.maxBodyBytes);
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          res.setHeader('Connection', 'close');
          reply(errorResponse(errors.requestTooLarge(config.maxBodyBytes)));
          return;
        }
        if (e instanceof ClientGone) return;
        throw e;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const root = `http://${req.headers.host ?? `${config.host}:${config.port}`}${prefix}/api/data/${m[1]}/`;
      const result = engine.handle({ method, path: m[2] ?? '', query, headers, body, root });
      if (fault?.resetConnection === 'afterCommit') {
        // The write is committed; the client never hears about it.
        req.socket.destroy();
        return;
      }
      if (protection)
        Object.assign(
          result.headers,
          protection.headers(String(req.headers['authorization'] ?? 'anonymous')),
        );
      reply(result);
    } catch (e) {
      if (e instanceof ClientGone) return;
      say(
        `Unexpected error on ${method} ${rawUrl}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      if (!res.headersSent && !res.destroyed)
        reply(errorResponse(new DataverseError(500, '0x80040216', 'An unexpected error occurred.')));
    } finally {
      finish();
    }
  };

  // Dataverse accepts URLs up to 32,768 characters; Node's default header limit (16 KiB) would refuse them.
  const server = createServer({ maxHeaderSize: 96 * 1024 }, (req, res) => void handle(req, res));
  // Keep idle connections longer than clients do (undici: 4 s, Node's agent: 5 s), so a client never
  // reuses a socket the emulator is closing at that moment (which surfaces as ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${config.host}:${port}`;
  await oauth?.start(origin);
  let closed = false;
  return {
    url: `${origin}${prefix}/api/data/v9.2/`,
    origin,
    port,
    requestLog: log,
    faults,
    oauth: oauth?.control(),
    ntlmHandshakes: () => ntlm?.handshakes ?? 0,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
