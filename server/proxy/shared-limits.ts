/**
 * An instance's part in what the instances share when PORTICO_REDIS_URL is set: the rate-limit
 * counts and the integration identity's Dataverse budget (server/shared-state). The Redis client is
 * loaded only then, so a single process without Redis never loads it.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServerSettings } from '../settings/index.js';
import type { SharedState } from '../shared-state/index.js';

/**
 * The budget is the identity's: every instance talking to the same Web API root as the same
 * principal shares it. The key is a hash, so neither the URL nor the principal is written to Redis.
 */
export function identityKey(config: Readonly<ServerSettings>, upstreamUrl: string): string {
  const principal = config.dataverseClientId ?? config.dataverseUsername ?? '';
  return createHash('sha256').update(`${upstreamUrl}\n${principal}`).digest('hex').slice(0, 16);
}

/** The shared state, or undefined when each process keeps its own limits. Never fails for an unreachable Redis. */
export async function sharedLimits(
  config: Readonly<ServerSettings>,
  upstreamUrl: string,
  logger: Logger,
): Promise<SharedState | undefined> {
  if (!config.redisUrl) return undefined;
  const { connectSharedState } = await import('../shared-state/index.js');
  const identity = identityKey(config, upstreamUrl);
  const shared = await connectSharedState({
    url: config.redisUrl,
    prefix: config.redisPrefix,
    identity,
    limits: {
      concurrency: config.identityConcurrency,
      windowRequests: config.upstreamWindowRequests,
      windowMs: config.upstreamWindowSeconds * 1000,
    },
    leaseMs: config.redisLeaseMs,
    logger,
  });
  logger.info(
    {
      identity,
      concurrency: config.identityConcurrency,
      window:
        config.upstreamWindowRequests > 0
          ? `${config.upstreamWindowRequests} per ${config.upstreamWindowSeconds} s`
          : 'none',
    },
    'rate limits and the Dataverse budget are shared through Redis',
  );
  return shared;
}
