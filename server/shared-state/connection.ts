/**
 * The one Redis connection of an instance, set up to fail fast: a command is never queued while
 * the connection is down, and one that gets no answer gives up within `commandTimeoutMs`, so a
 * Redis outage costs a request a few milliseconds before it falls back to this instance's own
 * limits, never an error. A Redis that accepts connections but does not answer (frozen, or
 * overloaded) would cost every request the whole timeout, so after a failure Redis is not asked
 * for `RETRY_AFTER_FAILURE_MS`; then one command tries again. The connection keeps trying to come
 * back on its own; the outage is logged once when it starts and once when it ends.
 */
import { Redis } from 'ioredis';

/** After a failed command, how long the instance uses its own limits before asking Redis again. */
const RETRY_AFTER_FAILURE_MS = 1000;

/** What the shared state logs through (pino's logger fits). */
export interface SharedStateLogger {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

export interface ConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string;
  logger: SharedStateLogger;
  /** Longest wait for an answer to one command. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Longest wait for a connection to open. Default 1000 ms. */
  connectTimeoutMs?: number;
}

export class SharedConnection {
  readonly client: Redis;
  private readonly logger: SharedStateLogger;
  private down = false;
  private closed = false;
  private retryAt = 0;

  constructor(options: ConnectionOptions) {
    this.logger = options.logger;
    this.client = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 1000,
      commandTimeout: options.commandTimeoutMs ?? 500,
      // A command while disconnected fails at once instead of waiting for the connection: the
      // caller then uses this instance's own limits.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Reconnect for as long as the instance runs, at most 2 s apart.
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      connectionName: 'portico',
    });
    // Without a listener, an 'error' event would end the process; the outage is what matters.
    this.client.on('error', (error: Error) => this.failed(error));
    this.client.on('ready', () => this.succeeded());
    this.client.on('close', () => {
      if (!this.closed) this.failed(new Error('connection closed'));
    });
  }

  /** Connects, waiting at most the connect timeout; an unreachable Redis is an outage, not a failure to start. */
  async open(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      this.failed(error);
    }
  }

  /** Whether a command is worth sending now (connected and ready); false falls back at once. */
  usable(): boolean {
    return !this.closed && this.client.status === 'ready' && Date.now() >= this.retryAt;
  }

  /** A command answered: an outage, if one was under way, is over. */
  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({}, 'Redis is reachable again: rate limits and the Dataverse budget are shared again');
  }

  /** A command or the connection failed: the first failure of an outage is logged, the rest are not. */
  failed(error: unknown): void {
    this.retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
    if (this.down || this.closed) return;
    this.down = true;
    this.logger.warn(
      { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
      'Redis is unreachable: rate limits and the Dataverse budget fall back to this instance alone until it returns',
    );
  }

  /** Asks Redis now (readiness): true when it answers within the command timeout. */
  async ping(): Promise<boolean> {
    if (!this.usable()) return false;
    try {
      await this.client.ping();
      this.succeeded();
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // Fall through: a connection that cannot say goodbye is simply dropped.
      }
    }
    this.client.disconnect();
  }
}
