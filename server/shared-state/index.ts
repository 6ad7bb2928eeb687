/**
 * What the instances of one Portico deployment share through Redis when `PORTICO_REDIS_URL` is set:
 * the rate-limit counts (per user, per IP) and the integration identity's Dataverse budget
 * (concurrency leases, the request window, the pause after a 429). Everything else an instance
 * keeps is either carried by the request itself (signed versions and cursors, derived create ids)
 * or a cache short enough that instances disagreeing is harmless (ARCHITECTURE.md, "Scaling out").
 *
 * This layer imports only `dataverse` (the budget's interface) and `shared`; the server
 * (server/proxy) loads it only when Redis is configured, so a single process never loads a Redis
 * client.
 */
import type { Store } from 'express-rate-limit';
import type { IdentityBudget, IdentityLimits } from '../dataverse/budget.js';
import { RedisIdentityBudget } from './budget.js';
import { SharedConnection } from './connection.js';
import type { SharedStateLogger } from './connection.js';
import { SharedRateLimitStore } from './rate-limit-store.js';

export type { SharedStateLogger } from './connection.js';

export interface SharedStateOptions {
  /** `redis://…` or `rediss://…`. */
  url: string;
  /** Put before every key, so deployments can share one Redis. */
  prefix: string;
  /** Names the integration identity (a hash: no secret reaches Redis); its instances share one budget. */
  identity: string;
  limits: IdentityLimits;
  /** How long a concurrency lease outlives an instance that died holding it. */
  leaseMs: number;
  logger: SharedStateLogger;
  /** Longest wait for one Redis answer before falling back. Default 500 ms. */
  commandTimeoutMs?: number;
}

export interface SharedState {
  readonly budget: IdentityBudget;
  /** A new store for one express-rate-limit limiter (`name` keeps limiters' counts apart). */
  rateLimitStore(name: string): Store;
  /** Whether Redis answers now (readiness). */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** Connects to Redis (an unreachable one is an outage to ride out, not an error) and builds what is shared. */
export async function connectSharedState(options: SharedStateOptions): Promise<SharedState> {
  const connection = new SharedConnection({
    url: options.url,
    logger: options.logger,
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
  });
  await connection.open();
  const budget = new RedisIdentityBudget(connection, {
    prefix: `${options.prefix}upstream:${options.identity}:`,
    limits: options.limits,
    leaseMs: options.leaseMs,
  });
  const stores: SharedRateLimitStore[] = [];
  return {
    budget,
    rateLimitStore(name) {
      const store = new SharedRateLimitStore(connection, `${options.prefix}rl:${name}:`);
      stores.push(store);
      return store;
    },
    reachable: () => connection.ping(),
    async close() {
      budget.close();
      for (const store of stores) store.shutdown();
      await connection.close();
    },
  };
}
