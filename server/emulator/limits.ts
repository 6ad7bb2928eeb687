/**
 * Service protection API limits, as Dataverse enforces them per user and web server
 * (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits): the number of
 * requests and the combined execution time in a sliding 5-minute window, and concurrent requests.
 * Exceeding one answers 429 with `Retry-After` and the documented error code and message.
 */
import { DataverseError } from './errors.js';

export interface LimitsConfig {
  /** Requests per user per window. Default 6,000. */
  requests: number;
  /** Combined execution time per user per window, in milliseconds. Default 1,200,000 (20 minutes). */
  executionTimeMs: number;
  /** Sliding window length in seconds. Default 300. */
  windowSeconds: number;
  /** Concurrent requests per user. Default 52. */
  concurrent: number;
}

export const DEFAULT_LIMITS: Readonly<LimitsConfig> = Object.freeze({
  requests: 6000,
  executionTimeMs: 1_200_000,
  windowSeconds: 300,
  concurrent: 52,
});

interface UserState {
  /** Start times (ms) of admitted requests inside the window. */
  starts: number[];
  /** [end time, duration] of completed requests inside the window. */
  durations: [number, number][];
  inFlight: number;
}

const fmt = new Intl.NumberFormat('en-US');

export class ServiceProtection {
  private readonly users = new Map<string, UserState>();
  constructor(private readonly config: LimitsConfig) {}

  private state(user: string): UserState {
    let s = this.users.get(user);
    if (!s) {
      s = { starts: [], durations: [], inFlight: 0 };
      this.users.set(user, s);
    }
    return s;
  }

  /**
   * Admits a request or throws the 429 error. The caller must call the returned function when the
   * request finishes, so execution time and concurrency are tracked.
   */
  admit(user: string, now = Date.now()): () => void {
    const c = this.config;
    const s = this.state(user);
    const windowMs = c.windowSeconds * 1000;
    while (s.starts.length > 0 && s.starts[0]! <= now - windowMs) s.starts.shift();
    while (s.durations.length > 0 && s.durations[0]![0] <= now - windowMs) s.durations.shift();
    if (s.inFlight >= c.concurrent) {
      // The concurrency limit trips immediately; a second is the smallest Retry-After.
      throw tooMany('0x80072326', `Number of concurrent requests exceeded the limit of ${c.concurrent}.`, 1);
    }
    if (s.starts.length >= c.requests) {
      const retry = Math.max(1, Math.ceil((s.starts[0]! + windowMs - now) / 1000));
      throw tooMany(
        '0x80072322',
        `Number of requests exceeded the limit of ${c.requests} over time window of ${c.windowSeconds} seconds.`,
        retry,
      );
    }
    const used = s.durations.reduce((sum, [, d]) => sum + d, 0);
    if (used > c.executionTimeMs) {
      const retry = Math.max(1, Math.ceil((s.durations[0]![0] + windowMs - now) / 1000));
      throw tooMany(
        '0x80072321',
        `Combined execution time of incoming requests exceeded limit of ${fmt.format(c.executionTimeMs)} milliseconds over time window of ${c.windowSeconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
        retry,
      );
    }
    s.starts.push(now);
    s.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      s.inFlight -= 1;
      const end = Date.now();
      s.durations.push([end, end - now]);
    };
  }

  /** Debug headers Dataverse adds (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits#rate-limit-headers). */
  headers(user: string): Record<string, string> {
    const s = this.state(user);
    const used = s.durations.reduce((sum, [, d]) => sum + d, 0);
    return {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(
        Math.max(0, this.config.requests - s.starts.length),
      ),
      'x-ms-ratelimit-time-remaining-xrm-requests': String(Math.max(0, this.config.executionTimeMs - used)),
    };
  }
}

function tooMany(code: string, message: string, retryAfter: number): DataverseError {
  return new DataverseError(429, code, message, { 'Retry-After': String(retryAfter) });
}
