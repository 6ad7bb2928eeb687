/**
 * Fault injection for tests: the next matching requests get a throttling or server error, a delay,
 * or a reset connection — before handling, or after the write committed.
 */
import { DataverseError } from './errors.js';
import { EmulatorOptionError } from './options.js';

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

export class Faults implements FaultInjector {
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

/** The error an injected `respond` fault answers with, as Dataverse words it for that status. */
export function faultError(status: number): DataverseError {
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
