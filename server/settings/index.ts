/**
 * Server configuration: public options (each documented with its default) turned once, at start,
 * into a frozen, fully-defaulted `ServerSettings`. Sources, later ones winning: defaults, the JSON file
 * named by PORTICO_CONFIG_FILE (keys are the variable names), environment variables, and the
 * options passed to `createServer`. A bad value throws a `ServerConfigError` naming the variable (or
 * option), the value and a hint; a misspelt PORTICO_* variable gets "did you mean".
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { didYouMean } from '../shared/did-you-mean.js';
import { AUTH_SETTINGS, authSettingsProblem } from '../dataverse/auth/settings.js';
import type { UpstreamAuthConfig } from '../dataverse/auth/settings.js';
import { SCALE_SETTINGS, checkRedisUrl, redactRedisUrl, scaleSettings } from './scale.js';
import type { ScaleConfig } from './scale.js';

export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'PS256',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything configurable, camelCase. Every field is optional in `ServerOptions`. */
export interface ServerSettings extends UpstreamAuthConfig, ScaleConfig {
  schemaDriftCheck: boolean;
  port: number;
  host: string;
  publicUrl: string | undefined;
  schemasDir: string | undefined;
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  jwtAlgorithms: readonly JwtAlgorithm[];
  jwtClockSkewSeconds: number;
  contactClaim: string;
  emailClaim: string;
  roleClaim: string;
  createContacts: boolean;
  identityCacheSeconds: number;
  signingSecret: string;
  /** True when `signingSecret` was generated at start (tokens die with the process). */
  signingSecretGenerated: boolean;
  etagTtlSeconds: number;
  cursorTtlSeconds: number;
  allowedOrigins: readonly string[];
  rateLimitWindowSeconds: number;
  rateLimitPerUser: number;
  rateLimitPerIp: number;
  bodyLimitBytes: number;
  auditLog: string;
  adminToken: string | undefined;
  logLevel: LogLevel;
  trustProxy: number;
  shutdownTimeoutMs: number;
  emulatorDb: string;
  dataverseUrl: string | undefined;
  dataverseToken: string | undefined;
  upstreamConcurrency: number;
  upstreamTimeoutMs: number;
  upstreamMaxRetryWaitMs: number;
  upstreamMaxRetries: number;
  requestDeadlineMs: number;
}

export type ServerOptions = Partial<Omit<ServerSettings, 'signingSecretGenerated'>>;

type Kind = 'int' | 'bool' | 'string' | 'url' | 'secret' | 'origins' | 'algorithms' | 'loglevel' | 'redis';

interface Setting {
  env: string;
  kind: Kind;
  description: string;
  /** Shown in the README table; `undefined` = unset by default. */
  default?: string;
  min?: number;
  max?: number;
  /** Minimum length for strings and secrets. */
  minLength?: number;
}

/** The single table of settings: parsing, validation, defaults and the README's configuration table. */
export const SETTINGS = {
  port: {
    env: 'PORTICO_PORT',
    kind: 'int',
    min: 0,
    max: 65535,
    default: '8080',
    description: 'TCP port (0 = any free port).',
  },
  host: {
    env: 'PORTICO_HOST',
    kind: 'string',
    default: '127.0.0.1',
    description: 'Interface to listen on; `0.0.0.0` for all.',
  },
  publicUrl: {
    env: 'PORTICO_PUBLIC_URL',
    kind: 'url',
    description:
      "Address the browser uses to reach this server, with a base path when a reverse proxy mounts it under one. Every absolute URL the server writes (validator modules, OpenAPI `servers`, `Location`) starts with it, never with the request's Host or X-Forwarded-*. Default: the listening address (set it when listening on 0.0.0.0).",
  },
  schemasDir: {
    env: 'PORTICO_SCHEMAS_DIR',
    kind: 'string',
    default: 'schemas/',
    description: 'Directory of the admin JSON (watched; edits apply without restart).',
  },
  jwtSecret: {
    env: 'PORTICO_JWT_SECRET',
    kind: 'secret',
    minLength: 32,
    description:
      'HS256 secret shared with the host site (at least 32 characters). Exactly one of this and PORTICO_JWKS_URL.',
  },
  jwksUrl: {
    env: 'PORTICO_JWKS_URL',
    kind: 'url',
    description: 'JWKS URL of an OpenID Connect provider (RS256/ES256).',
  },
  jwtIssuer: {
    env: 'PORTICO_JWT_ISSUER',
    kind: 'string',
    minLength: 1,
    description: 'Required `iss` of user tokens.',
  },
  jwtAudience: {
    env: 'PORTICO_JWT_AUDIENCE',
    kind: 'string',
    minLength: 1,
    description: 'Required `aud` of user tokens.',
  },
  jwtAlgorithms: {
    env: 'PORTICO_JWT_ALGORITHMS',
    kind: 'algorithms',
    default: 'HS256 (secret) / RS256,ES256 (JWKS)',
    description: 'Accepted `alg` values, comma-separated; `none` is never accepted.',
  },
  jwtClockSkewSeconds: {
    env: 'PORTICO_JWT_CLOCK_SKEW_SECONDS',
    kind: 'int',
    min: 0,
    max: 300,
    default: '30',
    description: 'Allowed clock skew for `exp`/`nbf`.',
  },
  contactClaim: {
    env: 'PORTICO_CONTACT_CLAIM',
    kind: 'string',
    minLength: 1,
    default: 'contactid',
    description: 'Claim carrying the Dynamics contact id.',
  },
  emailClaim: {
    env: 'PORTICO_EMAIL_CLAIM',
    kind: 'string',
    minLength: 1,
    default: 'email',
    description: 'Claim looked up on `emailaddress1` when the contact id claim is absent.',
  },
  roleClaim: {
    env: 'PORTICO_ROLE_CLAIM',
    kind: 'string',
    minLength: 1,
    default: 'portico_role',
    description: 'Claim naming the role in `access.json`.',
  },
  createContacts: {
    env: 'PORTICO_CREATE_CONTACTS',
    kind: 'bool',
    default: 'false',
    description: 'Create a contact on first sign-in when the email matches none.',
  },
  identityCacheSeconds: {
    env: 'PORTICO_IDENTITY_CACHE_SECONDS',
    kind: 'int',
    min: 0,
    max: 86400,
    default: '300',
    description: 'How long email → contact and contact → account look-ups are cached.',
  },
  signingSecret: {
    env: 'PORTICO_SIGNING_SECRET',
    kind: 'secret',
    minLength: 32,
    default: 'embedded emulator: kept beside its database; else random per start',
    description:
      'Signs record version tokens and page cursors, and derives idempotent create ids. Set it against Dynamics, the same on every instance.',
  },
  etagTtlSeconds: {
    env: 'PORTICO_ETAG_TTL_SECONDS',
    kind: 'int',
    min: 60,
    max: 86400,
    default: '3600',
    description: 'Lifetime of a record version token (`etag`).',
  },
  cursorTtlSeconds: {
    env: 'PORTICO_CURSOR_TTL_SECONDS',
    kind: 'int',
    min: 60,
    max: 86400,
    default: '900',
    description: 'Lifetime of a list page cursor.',
  },
  allowedOrigins: {
    env: 'PORTICO_ALLOWED_ORIGINS',
    kind: 'origins',
    default: '(none)',
    description: 'Comma-separated origins of the pages that embed the widgets (CORS allow-list).',
  },
  rateLimitWindowSeconds: {
    env: 'PORTICO_RATE_LIMIT_WINDOW_SECONDS',
    kind: 'int',
    min: 1,
    max: 3600,
    default: '60',
    description: 'Rate-limit window.',
  },
  rateLimitPerUser: {
    env: 'PORTICO_RATE_LIMIT_PER_USER',
    kind: 'int',
    min: 1,
    max: 1_000_000,
    default: '300',
    description: 'Requests per window per signed-in user.',
  },
  rateLimitPerIp: {
    env: 'PORTICO_RATE_LIMIT_PER_IP',
    kind: 'int',
    min: 1,
    max: 1_000_000,
    default: '1200',
    description: 'Requests per window per client IP address.',
  },
  bodyLimitBytes: {
    env: 'PORTICO_BODY_LIMIT_BYTES',
    kind: 'int',
    min: 1024,
    max: 10_485_760,
    default: '65536',
    description: 'Largest accepted request body.',
  },
  auditLog: {
    env: 'PORTICO_AUDIT_LOG',
    kind: 'string',
    minLength: 1,
    default: 'data/audit.log',
    description: 'Append-only JSON-lines audit log of every write.',
  },
  adminToken: {
    env: 'PORTICO_ADMIN_TOKEN',
    kind: 'secret',
    minLength: 16,
    description: 'Bearer token for `GET /api/v1/admin/config-status`; the endpoint is 404 when unset.',
  },
  logLevel: { env: 'PORTICO_LOG_LEVEL', kind: 'loglevel', default: 'info', description: 'pino log level.' },
  trustProxy: {
    env: 'PORTICO_TRUST_PROXY',
    kind: 'int',
    min: 0,
    max: 10,
    default: '0',
    description:
      'Number of reverse proxies in front, for client IPs in rate limits only: forwarded host and protocol never choose a URL.',
  },
  shutdownTimeoutMs: {
    env: 'PORTICO_SHUTDOWN_TIMEOUT_MS',
    kind: 'int',
    min: 0,
    max: 600_000,
    default: '10000',
    description: 'How long shutdown waits for in-flight requests.',
  },
  emulatorDb: {
    env: 'PORTICO_EMULATOR_DB',
    kind: 'string',
    minLength: 1,
    default: 'data/emulator.sqlite',
    description: 'Database of the embedded emulator (used when DATAVERSE_URL is unset).',
  },
  dataverseUrl: {
    env: 'DATAVERSE_URL',
    kind: 'url',
    description:
      'Web API root, e.g. `https://org.crm.dynamics.com/api/data/v9.2/` or on-premises `https://server/ORG/api/data/v9.0/`. Unset: embedded emulator.',
  },
  dataverseToken: {
    env: 'DATAVERSE_TOKEN',
    kind: 'secret',
    minLength: 1,
    description: 'Static bearer token for the integration identity.',
  },
  upstreamConcurrency: {
    env: 'DATAVERSE_MAX_CONCURRENCY',
    kind: 'int',
    min: 1,
    max: 52,
    default: '16',
    description: 'Most concurrent upstream requests (Dataverse allows 52 per user).',
  },
  upstreamTimeoutMs: {
    env: 'DATAVERSE_TIMEOUT_MS',
    kind: 'int',
    min: 100,
    max: 600_000,
    default: '30000',
    description: 'Timeout of one upstream attempt.',
  },
  upstreamMaxRetryWaitMs: {
    env: 'DATAVERSE_MAX_RETRY_WAIT_MS',
    kind: 'int',
    min: 0,
    max: 600_000,
    default: '20000',
    description: 'Most total time spent waiting on `Retry-After` for one request.',
  },
  upstreamMaxRetries: {
    env: 'DATAVERSE_MAX_RETRIES',
    kind: 'int',
    min: 0,
    max: 10,
    default: '4',
    description: 'Most retries of one retry-safe upstream request.',
  },
  requestDeadlineMs: {
    env: 'PORTICO_REQUEST_DEADLINE_MS',
    kind: 'int',
    min: 100,
    max: 1_200_000,
    default: 'twice DATAVERSE_TIMEOUT_MS (60000)',
    description:
      'Longest one request may wait on Dynamics in all: for a free upstream connection, every attempt and every `Retry-After` wait. Past it the user gets `PORTICO_UPSTREAM_BUSY` (nothing was sent) or `PORTICO_UPSTREAM_TIMEOUT` (something may have been).',
  },
  // Authentication strategy (server/dataverse/auth/settings.ts).
  ...AUTH_SETTINGS,
  // Several instances: Redis, the identity's shared budget, workers (scale.ts).
  ...SCALE_SETTINGS,
  schemaDriftCheck: {
    env: 'PORTICO_SCHEMA_DRIFT_CHECK',
    kind: 'bool',
    default: 'true',
    description:
      'Compare the entity schemas with the live Dynamics metadata at start and log what differs (never stops the server).',
  },
} as const satisfies Record<keyof ServerOptions, Setting>;

export const CONFIG_FILE_ENV = 'PORTICO_CONFIG_FILE';

export class ServerConfigError extends Error {
  readonly code = 'PORTICO_SERVER_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

const KNOWN_ENV = new Set<string>([...Object.values(SETTINGS).map((s) => s.env), CONFIG_FILE_ENV]);

/** The closest known variable name, when one is close enough to be a typo. */
export function suggestEnvName(name: string): string | undefined {
  return didYouMean(name, KNOWN_ENV);
}

function describe(value: unknown, kind?: Kind): string {
  if (kind === 'secret') return '(a secret, not shown)';
  if (kind === 'redis') return JSON.stringify(redactRedisUrl(value));
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function fail(source: string, value: unknown, kind: Kind | undefined, hint: string): never {
  throw new ServerConfigError(`${source} = ${describe(value, kind)} is not valid: ${hint}`);
}

function parseSetting(key: keyof ServerOptions, raw: unknown, source: string): unknown {
  const setting: Setting = SETTINGS[key];
  switch (setting.kind) {
    case 'int': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)
            ? Number(raw)
            : NaN;
      if (!Number.isInteger(n))
        fail(source, raw, 'int', `expected a whole number between ${setting.min} and ${setting.max}.`);
      if (n < (setting.min ?? -Infinity) || n > (setting.max ?? Infinity)) {
        fail(source, raw, 'int', `expected a whole number between ${setting.min} and ${setting.max}.`);
      }
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const text = String(raw).trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(text)) return true;
      if (['false', '0', 'no', 'off', ''].includes(text)) return false;
      return fail(source, raw, 'bool', 'expected true or false.');
    }
    case 'string':
    case 'secret': {
      if (typeof raw !== 'string') return fail(source, raw, setting.kind, 'expected a string.');
      if (raw.length < (setting.minLength ?? 0)) {
        return fail(source, raw, setting.kind, `expected at least ${setting.minLength} characters.`);
      }
      return raw;
    }
    case 'url': {
      if (typeof raw !== 'string') return fail(source, raw, 'url', 'expected an absolute http(s) URL.');
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail(source, raw, 'url', 'expected an absolute http(s) URL, e.g. https://example.com/.');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return fail(source, raw, 'url', 'expected an http: or https: URL.');
      }
      if (key === 'dataverseUrl') {
        if (!/\/api\/data\/v\d+\.\d+\/?$/.test(url.pathname)) {
          return fail(
            source,
            raw,
            'url',
            'expected the Web API root ending in /api/data/v9.x/ (on-premises: https://server/ORG/api/data/v9.0/).',
          );
        }
        return url.href.endsWith('/') ? url.href : `${url.href}/`;
      }
      if (key === 'publicUrl') {
        // A base path is kept: Portico may sit under the host site's own origin behind its reverse
        // proxy (https://www.example.com/portico), where no request needs a CORS preflight.
        if (url.search || url.hash || url.username || url.password)
          return fail(
            source,
            raw,
            'url',
            'expected an origin with an optional base path (no credentials, query or fragment), e.g. https://www.example.com/portico.',
          );
        return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
      }
      return url.href;
    }
    case 'origins': {
      const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
      if (!list) return fail(source, raw, 'origins', 'expected a comma-separated list of origins.');
      const out: string[] = [];
      for (const item of list) {
        const text = String(item).trim();
        if (text === '') continue;
        let origin: string;
        try {
          origin = new URL(text).origin;
        } catch {
          return fail(source, raw, 'origins', `"${text}" is not an origin like https://www.example.com.`);
        }
        if (origin === 'null' || origin !== text.replace(/\/$/, '')) {
          return fail(
            source,
            raw,
            'origins',
            `"${text}" must be a bare origin (scheme://host[:port]) with no path or wildcard.`,
          );
        }
        out.push(origin);
      }
      return Object.freeze(out);
    }
    case 'algorithms': {
      const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
      if (!list || list.length === 0)
        return fail(source, raw, 'algorithms', 'expected a comma-separated list like RS256,ES256.');
      const out: JwtAlgorithm[] = [];
      for (const item of list) {
        const alg = String(item).trim();
        if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
          return fail(
            source,
            raw,
            'algorithms',
            `"${alg}" is not supported; use some of ${JWT_ALGORITHMS.join(', ')}.`,
          );
        }
        out.push(alg as JwtAlgorithm);
      }
      return Object.freeze(out);
    }
    case 'redis': {
      const checked = checkRedisUrl(raw);
      return 'url' in checked ? checked.url : fail(source, raw, 'redis', checked.problem);
    }
    case 'loglevel': {
      if (typeof raw !== 'string' || !(LOG_LEVELS as readonly string[]).includes(raw)) {
        return fail(source, raw, 'loglevel', `expected one of ${LOG_LEVELS.join(', ')}.`);
      }
      return raw;
    }
  }
}

/**
 * Reads PORTICO_* / DATAVERSE_* variables (and the optional PORTICO_CONFIG_FILE) into options.
 * Unknown PORTICO_* variables are errors with a did-you-mean, because a misspelt security setting
 * silently falling back to its default is worse than refusing to start.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const raw = new Map<string, { value: unknown; source: string }>();
  const file = env[CONFIG_FILE_ENV];
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ServerConfigError(
        `${CONFIG_FILE_ENV} = ${JSON.stringify(file)} could not be read as JSON: ${(error as Error).message}`,
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ServerConfigError(
        `${CONFIG_FILE_ENV} = ${JSON.stringify(file)} must hold a JSON object of VARIABLE: value.`,
      );
    }
    for (const [name, value] of Object.entries(parsed)) {
      if (!KNOWN_ENV.has(name) || name === CONFIG_FILE_ENV) {
        const guess = suggestEnvName(name);
        throw new ServerConfigError(
          `${file}: unknown setting "${name}".${guess ? ` Did you mean ${guess}?` : ' See the configuration table in the README.'}`,
        );
      }
      raw.set(name, { value, source: `${name} (in ${file})` });
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (name.startsWith('PORTICO_') && !KNOWN_ENV.has(name)) {
      const guess = suggestEnvName(name);
      throw new ServerConfigError(
        `Unknown environment variable ${name}.${guess ? ` Did you mean ${guess}?` : ' See the configuration table in the README.'}`,
      );
    }
    if (KNOWN_ENV.has(name) && name !== CONFIG_FILE_ENV) raw.set(name, { value, source: name });
  }
  const options: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as Array<[keyof ServerOptions, Setting]>) {
    const entry = raw.get(setting.env);
    if (entry === undefined) continue;
    options[key] = parseSetting(key, entry.value, entry.source);
  }
  return options as ServerOptions;
}

/** Fills defaults, checks combinations and freezes. Throws `ServerConfigError`. */
export function resolveSettings(options: ServerOptions): Readonly<ServerSettings> {
  const o: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(key in SETTINGS)) {
      const guess = didYouMean(key, Object.keys(SETTINGS));
      throw new ServerConfigError(
        `createServer: unknown option "${key}".${guess ? ` Did you mean "${guess}"?` : ''}`,
      );
    }
    const k = key as keyof ServerOptions;
    // Programmatic options pass through the same parser as the environment, so both fail alike.
    const value2 =
      SETTINGS[k].kind === 'origins' || SETTINGS[k].kind === 'algorithms'
        ? parseSetting(k, Array.isArray(value) ? value : String(value), `option ${key}`)
        : parseSetting(k, value, `option ${key}`);
    o[k] = value2;
  }
  const jwtSecret = o.jwtSecret as string | undefined;
  const jwksUrl = o.jwksUrl as string | undefined;
  if ((jwtSecret === undefined) === (jwksUrl === undefined)) {
    throw new ServerConfigError(
      jwtSecret
        ? 'PORTICO_JWT_SECRET and PORTICO_JWKS_URL are both set: choose one way to verify user tokens.'
        : 'Neither PORTICO_JWT_SECRET (HS256 shared with the host site) nor PORTICO_JWKS_URL (OpenID Connect) is set: Portico cannot verify user tokens.',
    );
  }
  for (const key of ['jwtIssuer', 'jwtAudience'] as const) {
    if (o[key] === undefined) {
      throw new ServerConfigError(`${SETTINGS[key].env} is required: ${SETTINGS[key].description}`);
    }
  }
  const defaultAlgorithms: readonly JwtAlgorithm[] = jwtSecret ? ['HS256'] : ['RS256', 'ES256'];
  const jwtAlgorithms = (o.jwtAlgorithms as readonly JwtAlgorithm[] | undefined) ?? defaultAlgorithms;
  const symmetric = jwtAlgorithms.filter((a) => a.startsWith('HS'));
  if (jwtSecret && symmetric.length !== jwtAlgorithms.length) {
    throw new ServerConfigError(
      `PORTICO_JWT_ALGORITHMS = "${jwtAlgorithms.join(',')}" is not valid with PORTICO_JWT_SECRET: a shared secret verifies only HS256/HS384/HS512.`,
    );
  }
  if (jwksUrl && symmetric.length > 0) {
    throw new ServerConfigError(
      `PORTICO_JWT_ALGORITHMS = "${jwtAlgorithms.join(',')}" is not valid with PORTICO_JWKS_URL: a JWKS carries public keys (RS*/ES*/PS*), never HS*.`,
    );
  }
  if (o.dataverseUrl === undefined && o.dataverseToken !== undefined) {
    throw new ServerConfigError(
      'DATAVERSE_TOKEN is set but DATAVERSE_URL is not: set both, or neither to use the embedded emulator.',
    );
  }
  const authProblem = authSettingsProblem(o as Parameters<typeof authSettingsProblem>[0]);
  if (authProblem) throw new ServerConfigError(authProblem);
  const scale = scaleSettings(o);
  if ('problem' in scale) throw new ServerConfigError(scale.problem);
  const signingSecret = (o.signingSecret as string | undefined) ?? randomBytes(32).toString('base64url');
  const int = (key: keyof ServerOptions): number =>
    (o[key] as number | undefined) ?? Number((SETTINGS[key] as Setting).default);
  const str = (key: keyof ServerOptions): string =>
    (o[key] as string | undefined) ?? String((SETTINGS[key] as Setting).default);
  const config: ServerSettings = {
    port: int('port'),
    host: str('host'),
    publicUrl: o.publicUrl as string | undefined,
    schemasDir: o.schemasDir as string | undefined,
    jwtSecret,
    jwksUrl,
    jwtIssuer: o.jwtIssuer as string,
    jwtAudience: o.jwtAudience as string,
    jwtAlgorithms: Object.freeze([...jwtAlgorithms]),
    jwtClockSkewSeconds: int('jwtClockSkewSeconds'),
    contactClaim: str('contactClaim'),
    emailClaim: str('emailClaim'),
    roleClaim: str('roleClaim'),
    createContacts: (o.createContacts as boolean | undefined) ?? false,
    identityCacheSeconds: int('identityCacheSeconds'),
    signingSecret,
    signingSecretGenerated: o.signingSecret === undefined,
    etagTtlSeconds: int('etagTtlSeconds'),
    cursorTtlSeconds: int('cursorTtlSeconds'),
    allowedOrigins: (o.allowedOrigins as readonly string[] | undefined) ?? Object.freeze([]),
    rateLimitWindowSeconds: int('rateLimitWindowSeconds'),
    rateLimitPerUser: int('rateLimitPerUser'),
    rateLimitPerIp: int('rateLimitPerIp'),
    bodyLimitBytes: int('bodyLimitBytes'),
    auditLog: str('auditLog'),
    adminToken: o.adminToken as string | undefined,
    logLevel: (o.logLevel as LogLevel | undefined) ?? 'info',
    trustProxy: int('trustProxy'),
    shutdownTimeoutMs: int('shutdownTimeoutMs'),
    emulatorDb: str('emulatorDb'),
    dataverseUrl: o.dataverseUrl as string | undefined,
    dataverseToken: o.dataverseToken as string | undefined,
    upstreamConcurrency: int('upstreamConcurrency'),
    upstreamTimeoutMs: int('upstreamTimeoutMs'),
    upstreamMaxRetryWaitMs: int('upstreamMaxRetryWaitMs'),
    upstreamMaxRetries: int('upstreamMaxRetries'),
    // One attempt that times out and one more, or a wait for a connection and then a full attempt.
    requestDeadlineMs: (o.requestDeadlineMs as number | undefined) ?? 2 * int('upstreamTimeoutMs'),
    // The authentication settings as given (authSettingsProblem checked them; the strategy applies
    // DATAVERSE_AUTH's default).
    ...(Object.fromEntries(
      Object.keys(AUTH_SETTINGS).map((k) => [k, o[k as keyof ServerOptions]]),
    ) as unknown as UpstreamAuthConfig),
    schemaDriftCheck: (o.schemaDriftCheck as boolean | undefined) ?? true,
    ...scale,
  };
  return Object.freeze(config);
}
