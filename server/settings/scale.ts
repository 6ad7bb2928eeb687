/**
 * The settings of running more than one Portico process: Redis, which the instances share their
 * limits through, the integration identity's Dataverse budget they spend together, and the number
 * of worker processes on one machine. Merged into the server's SETTINGS table like the
 * authentication rows, so they are parsed, documented and misspelling-checked like every other
 * variable; `scaleSettings` completes and checks them once, at start.
 *
 * Dataverse online's limits per user, application users included, per web server: 6,000 requests
 * in a sliding 5 minutes and 52 concurrent requests
 * (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits). On-premises
 * Dynamics has no such limits unless its administrator set some, so with `adfs` or `ntlm` the
 * window is off by default.
 */
import type { AuthMode } from '../dataverse/auth/settings.js';

export interface ScaleConfig {
  redisUrl: string | undefined;
  redisPrefix: string;
  redisLeaseMs: number;
  identityConcurrency: number;
  upstreamWindowRequests: number;
  upstreamWindowSeconds: number;
  workers: number;
}

/** SETTINGS rows (same shape as the server's table). */
export const SCALE_SETTINGS = {
  redisUrl: {
    env: 'PORTICO_REDIS_URL',
    kind: 'redis',
    description:
      'Redis shared by every instance (`redis://[user:password@]host:6379[/db]`, `rediss://` for TLS): rate limits per user and per IP, and the Dataverse budget below, hold across all instances. Unset: each process keeps its own limits (one process, no Redis). While Redis is unreachable each instance falls back to its own limits and `/readyz` says `degraded`.',
  },
  redisPrefix: {
    env: 'PORTICO_REDIS_PREFIX',
    kind: 'string',
    minLength: 1,
    default: 'portico:',
    description: 'Put before every Redis key, so that several deployments can share one Redis.',
  },
  redisLeaseMs: {
    env: 'PORTICO_REDIS_LEASE_MS',
    kind: 'int',
    min: 1000,
    max: 600_000,
    default: '15000',
    description:
      'How long an upstream concurrency slot stays taken after the instance holding it died (renewed every third of it while its request runs).',
  },
  identityConcurrency: {
    env: 'DATAVERSE_IDENTITY_CONCURRENCY',
    kind: 'int',
    min: 1,
    max: 52,
    default: '52',
    description:
      'With PORTICO_REDIS_URL: most concurrent upstream requests of all instances together (Dataverse allows 52 per user). Each instance also keeps to DATAVERSE_MAX_CONCURRENCY.',
  },
  upstreamWindowRequests: {
    env: 'DATAVERSE_WINDOW_REQUESTS',
    kind: 'int',
    min: 0,
    max: 1_000_000,
    default: '6000; 0 with `adfs` or `ntlm`',
    description:
      'With PORTICO_REDIS_URL: most upstream requests of all instances together per DATAVERSE_WINDOW_SECONDS (Dataverse online allows 6,000 per 5 minutes); past it a request waits or gets `PORTICO_UPSTREAM_BUSY` instead of spending a 429. 0 = no such limit (on-premises has none unless configured).',
  },
  upstreamWindowSeconds: {
    env: 'DATAVERSE_WINDOW_SECONDS',
    kind: 'int',
    min: 1,
    max: 86_400,
    default: '300',
    description: 'The sliding window of DATAVERSE_WINDOW_REQUESTS.',
  },
  workers: {
    env: 'PORTICO_WORKERS',
    kind: 'int',
    min: 1,
    max: 64,
    default: '1',
    description:
      '`npm run server`: worker processes sharing the port (node:cluster). More than 1 needs PORTICO_REDIS_URL, so that their limits are shared.',
  },
} as const;

/** A Redis URL as given, or the reason it is not one. */
export function checkRedisUrl(raw: unknown): { url: string } | { problem: string } {
  if (typeof raw !== 'string') return { problem: 'expected a redis:// or rediss:// URL.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'expected a URL such as redis://127.0.0.1:6379.' };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return { problem: 'expected a redis:// or rediss:// URL (rediss for TLS).' };
  if (!url.hostname) return { problem: 'the URL names no host.' };
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname))
    return { problem: 'the path may only name a database number, e.g. redis://host:6379/2.' };
  return { url: raw };
}

/** A Redis URL fit for a message: the password is never shown. */
export function redactRedisUrl(raw: unknown): string {
  if (typeof raw !== 'string') return JSON.stringify(raw);
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return '(not a URL)';
  }
}

/** The scale settings completed with their defaults, or a `problem` naming what to change. */
export function scaleSettings(
  o: Partial<Record<keyof ScaleConfig, unknown>> & { dataverseAuth?: AuthMode | undefined },
): ScaleConfig | { problem: string } {
  const int = (key: keyof typeof SCALE_SETTINGS, fallback: number) =>
    (o[key] as number | undefined) ?? fallback;
  const onPremises = o.dataverseAuth === 'adfs' || o.dataverseAuth === 'ntlm';
  const config: ScaleConfig = {
    redisUrl: o.redisUrl as string | undefined,
    redisPrefix: (o.redisPrefix as string | undefined) ?? SCALE_SETTINGS.redisPrefix.default,
    redisLeaseMs: int('redisLeaseMs', 15_000),
    identityConcurrency: int('identityConcurrency', 52),
    upstreamWindowRequests: int('upstreamWindowRequests', onPremises ? 0 : 6000),
    upstreamWindowSeconds: int('upstreamWindowSeconds', 300),
    workers: int('workers', 1),
  };
  if (config.workers > 1 && config.redisUrl === undefined) {
    return {
      problem: `PORTICO_WORKERS = ${config.workers} needs PORTICO_REDIS_URL: without a shared Redis every worker would keep its own rate limits and its own Dataverse budget, so users would get ${config.workers} times their limit. Set PORTICO_REDIS_URL, or PORTICO_WORKERS=1.`,
    };
  }
  return config;
}
