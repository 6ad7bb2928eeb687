/**
 * express-rate-limit's store for one limiter when Redis is configured: the counts live in Redis
 * (rate-limit-redis), so a user's limit holds across every instance, and while Redis cannot be
 * asked they live in this instance's memory (express-rate-limit's own MemoryStore) instead: limits
 * then hold per instance, and no request fails because of the outage.
 * https://github.com/express-rate-limit/rate-limit-redis (`sendCommand` with ioredis' `call`).
 */
import { MemoryStore } from 'express-rate-limit';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { RedisReply } from 'rate-limit-redis';
import type { SharedConnection } from './connection.js';

export class SharedRateLimitStore implements Store {
  /** Counts are not this process's alone (express-rate-limit's checks read this). */
  readonly localKeys = false;
  readonly prefix: string;
  private readonly redis: RedisStore;
  private readonly memory = new MemoryStore();
  private options: Options | undefined;
  // rate-limit-redis loads its scripts in `init`; a load that failed (Redis down at start) is
  // retried before the next command, once Redis answers.
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly connection: SharedConnection,
    prefix: string,
  ) {
    this.prefix = prefix;
    this.redis = new RedisStore({
      prefix,
      sendCommand: (command: string, ...args: string[]) =>
        connection.client.call(command, ...args) as Promise<RedisReply>,
    });
  }

  init(options: Options): void {
    this.options = options;
    this.memory.init(options);
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.shared(
      () => this.redis.increment(key),
      () => this.memory.increment(key),
    );
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.shared(
      () => this.redis.get(key),
      () => this.memory.get(key),
    );
  }

  async decrement(key: string): Promise<void> {
    await this.shared(
      () => this.redis.decrement(key),
      () => this.memory.decrement(key),
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.memory.resetKey(key);
    await this.shared(
      () => this.redis.resetKey(key),
      () => undefined,
    );
  }

  shutdown(): void {
    void this.memory.shutdown();
  }

  private async shared<T>(inRedis: () => Promise<T>, inMemory: () => Promise<T> | T): Promise<T> {
    if (!this.options || !this.connection.usable()) return inMemory();
    try {
      this.loaded ??= this.redis.init(this.options);
      await this.loaded;
      const result = await inRedis();
      this.connection.succeeded();
      return result;
    } catch (error) {
      this.loaded = undefined;
      this.connection.failed(error);
      return inMemory();
    }
  }
}
