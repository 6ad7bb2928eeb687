/**
 * The integration identity's budget at Dataverse, which every Portico instance of that identity
 * spends together. Dataverse's service protection limits count per user (application users
 * included) per web server: 6,000 requests in a sliding 5 minutes and 52 concurrent requests, and a
 * 429 with `Retry-After` past them; sending more while refused only lengthens the wait
 * (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits). So before each
 * attempt the client asks the budget for:
 * - a concurrency slot, held by a lease until released (an implementation shared between processes
 *   lets a lease expire, so an instance that dies holding slots does not keep them);
 * - one request of the window;
 * - no pause in force: a 429's `Retry-After` seen by anyone stops everyone until it has passed.
 *
 * `MemoryIdentityBudget` is the budget of one process (the default, and what an instance falls
 * back to when the shared store is unreachable). A budget shared between instances lives outside
 * this folder (server/shared-state), since this client imports nothing of Portico's.
 */

/** Why a request may not be sent yet. */
export type BudgetRefusal = 'paused' | 'window' | 'concurrency';

export type BudgetGrant =
  | { granted: true; lease: BudgetLease }
  | {
      granted: false;
      reason: BudgetRefusal;
      /** How long until asking again can succeed: exact for `paused` and `window`, a hint for `concurrency`. */
      retryInMs: number;
    };

/** One held concurrency slot. Released once, when the attempt has ended (a second call does nothing). */
export interface BudgetLease {
  release(): void;
}

export interface IdentityBudget {
  /** Takes a slot and one request of the window when both are free and no pause is in force; never waits. */
  take(): Promise<BudgetGrant>;
  /** Dataverse answered 429 with `Retry-After: ms`: nobody of this identity sends until it has passed. */
  pause(ms: number): Promise<void>;
  close?(): Promise<void> | void;
}

/** The identity's limits, as the settings give them. */
export interface IdentityLimits {
  /** Most requests in flight at once. */
  concurrency: number;
  /** Most requests started within any `windowMs`; 0 = no such limit (on-premises has none by default). */
  windowRequests: number;
  windowMs: number;
}

/** Dataverse online's documented limits for one user (the page cited above). */
export const DATAVERSE_ONLINE_LIMITS: Readonly<IdentityLimits> = Object.freeze({
  concurrency: 52,
  windowRequests: 6000,
  windowMs: 5 * 60_000,
});

/** How soon to ask again for a slot held by another request of this process: they end in milliseconds. */
const LOCAL_SLOT_RETRY_MS = 5;

/** The budget of one process: counters, a log of request times and a pause, all in memory. */
export class MemoryIdentityBudget implements IdentityBudget {
  private inFlight = 0;
  // Start times of the window's requests, oldest first; `head` skips the expired ones so taking
  // one costs no array shift.
  private stamps: number[] = [];
  private head = 0;
  private pausedUntil = 0;

  constructor(
    private readonly limits: IdentityLimits,
    private readonly now: () => number = Date.now,
  ) {}

  take(): Promise<BudgetGrant> {
    return Promise.resolve(this.takeNow());
  }

  /** `take` without the promise, for a caller that needs the answer in the same tick. */
  takeNow(): BudgetGrant {
    const now = this.now();
    if (this.pausedUntil > now)
      return { granted: false, reason: 'paused', retryInMs: this.pausedUntil - now };
    if (this.inFlight >= this.limits.concurrency) {
      return { granted: false, reason: 'concurrency', retryInMs: LOCAL_SLOT_RETRY_MS };
    }
    if (this.limits.windowRequests > 0) {
      this.forget(now);
      if (this.stamps.length - this.head >= this.limits.windowRequests) {
        return {
          granted: false,
          reason: 'window',
          retryInMs: Math.max(1, this.stamps[this.head]! + this.limits.windowMs - now),
        };
      }
      this.stamps.push(now);
    }
    this.inFlight += 1;
    let held = true;
    return {
      granted: true,
      lease: {
        release: () => {
          if (!held) return;
          held = false;
          this.inFlight -= 1;
        },
      },
    };
  }

  pause(ms: number): Promise<void> {
    this.pauseNow(ms);
    return Promise.resolve();
  }

  /** A pause known to this process; a later end than the one in force wins, an earlier one changes nothing. */
  pauseNow(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(0, ms));
  }

  /** What is held now: for tests and for a shared budget's own bookkeeping. */
  usage(): { inFlight: number; windowUsed: number; pausedForMs: number } {
    const now = this.now();
    this.forget(now);
    return {
      inFlight: this.inFlight,
      windowUsed: this.stamps.length - this.head,
      pausedForMs: Math.max(0, this.pausedUntil - now),
    };
  }

  private forget(now: number): void {
    const since = now - this.limits.windowMs;
    while (this.head < this.stamps.length && this.stamps[this.head]! <= since) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }
}
