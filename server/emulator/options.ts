/**
 * `startEmulator` options: the public `EmulatorOptions`, each documented with its default, checked
 * once and turned into a frozen, fully defaulted `EmulatorConfig`. A bad value throws
 * `EmulatorOptionError` naming the option, the value and what was expected, with "did you mean"
 * for a likely typo.
 */
import { didYouMean } from '../shared/did-you-mean.js';
import { allPrivileges, type EmulatorNtlmOptions, type EmulatorOAuthOptions } from './auth.js';
import { DEFAULT_LIMITS, type LimitsConfig } from './limits.js';
import { ENTITIES } from './metadata/entities.js';
import {
  DEFAULT_ORGANIZATION,
  MAX_UPLOAD_FILE_SIZE_CEILING,
  blockedExtensions,
  type OrganizationSettings,
} from './organization.js';
import type { SeedName } from './seed.js';

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
  /**
   * The organisation row's attachment settings, written at every start. `maxUploadFileSize`:
   * largest note attachment in characters of Base64, 1 to 131,072,000, default 5,242,880 (5 MB).
   * `blockedAttachments`: refused file extensions, semicolon-separated, default Dataverse's list
   * (`ade;adp;app;…;exe;…;svg`); `''` blocks none.
   */
  organization?: { maxUploadFileSize?: number; blockedAttachments?: string };
}

/** Thrown by `startEmulator` for a bad option; `code` is stable. */
export class EmulatorOptionError extends Error {
  readonly code = 'PORTICO_EMULATOR_BAD_OPTION';
  constructor(option: string, value: unknown, hint: string) {
    super(`Emulator option '${option}' has the invalid value ${JSON.stringify(value)}: ${hint}`);
    this.name = 'EmulatorOptionError';
  }
}

/** The options with every default applied. */
export interface EmulatorConfig {
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
  organization: OrganizationSettings;
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
  'organization',
];

function positiveInt(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new EmulatorOptionError(option, value, 'expected a positive whole number.');
  }
  return value;
}

const text = (v: unknown) => typeof v === 'string' && v !== '';

/** Validates options once and returns a frozen, fully defaulted configuration. */
export function resolveOptions(options: EmulatorOptions = {}): Readonly<EmulatorConfig> {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      const hint = didYouMean(key, KNOWN_OPTIONS);
      throw new EmulatorOptionError(
        key,
        (options as Record<string, unknown>)[key],
        `unknown option${hint ? `; did you mean '${hint}'?` : '.'}`,
      );
    }
  }
  const { port, host, db, seed, org } = resolvePlace(options);
  const limits = resolveLimits(options.limits);
  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token === '' || /\s/.test(token))) {
    throw new EmulatorOptionError('token', token, 'expected a non-empty token without spaces.');
  }
  if (options.logger !== undefined && typeof options.logger !== 'function') {
    throw new EmulatorOptionError('logger', options.logger, 'expected a function (line: string) => void.');
  }
  const maxBodyBytes =
    options.maxBodyBytes === undefined ? 16 * 1024 * 1024 : positiveInt('maxBodyBytes', options.maxBodyBytes);
  checkAuthentication(options);
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
    oauth: options.oauth,
    ntlm: options.ntlm,
    privileges,
    organization: resolveOrganization(options.organization, maxBodyBytes),
  });
}

const ORGANIZATION_KEYS = ['maxUploadFileSize', 'blockedAttachments'];

/** The organisation settings, defaulted; a limit the request body size would undercut is refused. */
function resolveOrganization(
  option: EmulatorOptions['organization'],
  maxBodyBytes: number,
): OrganizationSettings {
  if (option === undefined) return DEFAULT_ORGANIZATION;
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw new EmulatorOptionError(
      'organization',
      option,
      'expected an object such as { maxUploadFileSize: 5242880, blockedAttachments: "exe;js" }.',
    );
  }
  for (const [k, v] of Object.entries(option)) {
    if (!ORGANIZATION_KEYS.includes(k)) {
      const hint = didYouMean(k, ORGANIZATION_KEYS);
      throw new EmulatorOptionError(
        `organization.${k}`,
        v,
        `unknown setting${hint ? `; did you mean '${hint}'?` : '.'}`,
      );
    }
  }
  const { maxUploadFileSize = DEFAULT_ORGANIZATION.maxUploadFileSize, blockedAttachments } = option;
  if (
    !Number.isInteger(maxUploadFileSize) ||
    maxUploadFileSize < 1 ||
    maxUploadFileSize > MAX_UPLOAD_FILE_SIZE_CEILING
  ) {
    throw new EmulatorOptionError(
      'organization.maxUploadFileSize',
      maxUploadFileSize,
      `expected a whole number of bytes from 1 to ${MAX_UPLOAD_FILE_SIZE_CEILING} (Dataverse's ceiling, 128 MB).`,
    );
  }
  if (option.maxUploadFileSize !== undefined && maxUploadFileSize >= maxBodyBytes) {
    throw new EmulatorOptionError(
      'organization.maxUploadFileSize',
      maxUploadFileSize,
      `a note at this limit would not fit in a request body of maxBodyBytes (${maxBodyBytes}); raise maxBodyBytes too.`,
    );
  }
  if (
    blockedAttachments !== undefined &&
    (typeof blockedAttachments !== 'string' ||
      !blockedAttachments.split(';').every((e) => /^\s*\.?[A-Za-z0-9_-]*\s*$/.test(e)))
  ) {
    throw new EmulatorOptionError(
      'organization.blockedAttachments',
      blockedAttachments,
      "expected file extensions separated by ';', such as 'exe;js;vbs' ('' blocks none).",
    );
  }
  return Object.freeze({
    maxUploadFileSize,
    blockedAttachments:
      blockedAttachments === undefined
        ? DEFAULT_ORGANIZATION.blockedAttachments
        : [...blockedExtensions(blockedAttachments)].join(';'),
  });
}

/** Where the emulator listens, what it stores where, and its URL layout. */
function resolvePlace(
  options: EmulatorOptions,
): Pick<EmulatorConfig, 'port' | 'host' | 'db' | 'seed' | 'org'> {
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
    const hint = typeof seed === 'string' ? didYouMean(seed, SEEDS) : undefined;
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
  return { port, host, db, seed, org };
}

function resolveLimits(option: EmulatorOptions['limits']): LimitsConfig | undefined {
  if (option === true) return { ...DEFAULT_LIMITS };
  if (option && typeof option === 'object') {
    const limits = { ...DEFAULT_LIMITS };
    for (const [k, v] of Object.entries(option)) {
      if (!(k in DEFAULT_LIMITS)) {
        const hint = didYouMean(k, Object.keys(DEFAULT_LIMITS));
        throw new EmulatorOptionError(
          `limits.${k}`,
          v,
          `unknown limit${hint ? `; did you mean '${hint}'?` : '.'}`,
        );
      }
      (limits as unknown as Record<string, number>)[k] = positiveInt(`limits.${k}`, v);
    }
    return limits;
  }
  if (option !== undefined && option !== false) {
    throw new EmulatorOptionError('limits', option, 'expected true, false or an object of limit overrides.');
  }
  return undefined;
}

/** OAuth and NTLM settings, and at most one authentication mode of the three. */
function checkAuthentication(options: EmulatorOptions): void {
  const { token, oauth, ntlm } = options;
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
}
