/**
 * The integration identity's Dataverse budget shared through Redis by every instance of that
 * identity (the interface and its meaning: server/dataverse/budget.ts). Three keys per identity:
 * - `leases`: a sorted set of lease ids scored by expiry. Taking a slot drops the expired leases
 *   and adds one if fewer than the cap remain; a held lease is renewed every third of its life,
 *   and released when its attempt ends. An instance that dies holding leases stops renewing them,
 *   so they expire after `leaseMs`: a dead instance never keeps the identity's slots.
 * - `window`: a sorted set of the requests started in the last window, scored by start time (a
 *   sliding log, like Dataverse's sliding 5 minutes).
 * - `paused`: until when Dataverse asked this identity to wait (a 429's `Retry-After`).
 * Every step is one Lua script, so two instances never both take the last slot, and every script
 * reads Redis's own clock (`TIME`), so the instances' clocks need not agree.
 *
 * When Redis cannot be asked (down, or no answer within the command timeout) the instance uses its
 * own in-memory budget with the same limits until Redis answers again (`SharedConnection` logs the
 * outage once). A pause is always kept in memory too, so an outage does not forget it.
 */
import { randomUUID } from 'node:crypto';
import { MemoryIdentityBudget } from '../dataverse/budget.js';
import type {
  BudgetGrant,
  BudgetLease,
  BudgetRefusal,
  IdentityBudget,
  IdentityLimits,
} from '../dataverse/budget.js';
import type { SharedConnection } from './connection.js';

// Redis's clock in milliseconds, the same for every instance.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: leases, window, paused. ARGV: lease id, concurrency, window requests (0 = none), window ms, lease ms. */
const TAKE = `${NOW}
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return {0, 'paused', paused - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return {0, 'concurrency', 10} end
local limit = tonumber(ARGV[3])
if limit > 0 then
  local windowMs = tonumber(ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
  if redis.call('ZCARD', KEYS[2]) >= limit then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return {0, 'window', math.max(1, tonumber(oldest[2]) + windowMs - now)}
  end
  redis.call('ZADD', KEYS[2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], windowMs)
end
local leaseMs = tonumber(ARGV[5])
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[1])
redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
return {1}`;

/** KEYS: leases. ARGV: lease id, lease ms. A lease that has already expired stays gone. */
const RENEW = `${NOW}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1`;

/** KEYS: paused. ARGV: ms. A later end than the one in force wins. */
const PAUSE = `${NOW}
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untilMs, 'PX', math.max(1, tonumber(ARGV[1])))
end
return untilMs`;

type Script = (...args: Array<string | number>) => Promise<unknown>;

export interface RedisBudgetOptions {
  /** Key prefix naming this identity, e.g. `portico:upstream:<hash>:`. */
  prefix: string;
  limits: IdentityLimits;
  /** How long a lease outlives an instance that stopped renewing it. */
  leaseMs: number;
}

export class RedisIdentityBudget implements IdentityBudget {
  /** This instance's own budget, used while Redis cannot be asked. */
  readonly fallback: MemoryIdentityBudget;
  private readonly keys: { leases: string; window: string; paused: string };
  private readonly held = new Set<ReturnType<typeof setInterval>>();

  constructor(
    private readonly connection: SharedConnection,
    private readonly options: RedisBudgetOptions,
  ) {
    this.fallback = new MemoryIdentityBudget(options.limits);
    this.keys = {
      leases: `${options.prefix}leases`,
      window: `${options.prefix}window`,
      paused: `${options.prefix}paused`,
    };
    // EVALSHA, and EVAL once when Redis has not seen the script (a restart empties its cache).
    const client = connection.client;
    client.defineCommand('porticoTake', { numberOfKeys: 3, lua: TAKE });
    client.defineCommand('porticoRenew', { numberOfKeys: 1, lua: RENEW });
    client.defineCommand('porticoPause', { numberOfKeys: 1, lua: PAUSE });
  }

  async take(): Promise<BudgetGrant> {
    if (!this.connection.usable()) return this.fallback.takeNow();
    const id = randomUUID();
    const { limits, leaseMs } = this.options;
    let reply: unknown;
    try {
      reply = await this.script('porticoTake')(
        this.keys.leases,
        this.keys.window,
        this.keys.paused,
        id,
        limits.concurrency,
        limits.windowRequests,
        limits.windowMs,
        leaseMs,
      );
    } catch (error) {
      this.connection.failed(error);
      return this.fallback.takeNow();
    }
    this.connection.succeeded();
    const [granted, reason, retryInMs] = reply as [number, BudgetRefusal?, number?];
    if (granted === 1) return { granted: true, lease: this.lease(id) };
    return {
      granted: false,
      reason: reason ?? 'concurrency',
      retryInMs: Math.max(1, Number(retryInMs ?? 10)),
    };
  }

  async pause(ms: number): Promise<void> {
    this.fallback.pauseNow(ms);
    if (!this.connection.usable()) return;
    try {
      await this.script('porticoPause')(this.keys.paused, Math.ceil(ms));
      this.connection.succeeded();
    } catch (error) {
      this.connection.failed(error);
    }
  }

  /** Leases still held stop being renewed (they expire in Redis); the connection is closed by its owner. */
  close(): void {
    for (const timer of this.held) clearInterval(timer);
    this.held.clear();
  }

  /** A lease held in Redis: renewed while its attempt runs, removed when it ends. */
  private lease(id: string): BudgetLease {
    const { leaseMs } = this.options;
    const renew = setInterval(
      () => {
        if (!this.connection.usable()) return;
        // A renewal that fails leaves the lease to expire: never worse than an instance that died.
        this.script('porticoRenew')(this.keys.leases, id, leaseMs).catch(() => undefined);
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    renew.unref();
    this.held.add(renew);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        this.held.delete(renew);
        if (!this.connection.usable()) return;
        this.connection.client.zrem(this.keys.leases, id).catch(() => undefined);
      },
    };
  }

  private script(name: 'porticoTake' | 'porticoRenew' | 'porticoPause'): Script {
    const command = (this.connection.client as unknown as Record<string, Script>)[name]!;
    return command.bind(this.connection.client);
  }
}
