/**
 * The waits of the upstream client, each ended early by the request's deadline or by its caller
 * going away: `interruptible` (any wait), `within` (a promise) and the FIFO `Semaphore` of the
 * concurrency cap.
 */

/** Why a wait ended before its work: the deadline passed, or the caller went away. */
export class Interrupted extends Error {
  constructor(
    readonly reason: 'deadline' | 'cancelled',
    /** Why the deadline could not be met, when it is known in advance (the identity's budget). */
    readonly detail?: string,
    /** When asking again is worthwhile, when it is known. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? reason);
    this.name = 'Interrupted';
  }
}

/**
 * Ends `wait` early when the deadline passes or `signal` aborts. The timer exists only while the
 * wait does (a request that does not wait pays for nothing).
 */
export function interruptible(
  deadline: number,
  signal: AbortSignal | undefined,
  wait: (done: () => void) => () => void,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(new Interrupted('cancelled'));
  if (Date.now() >= deadline) return Promise.reject(new Interrupted('deadline'));
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Interrupted) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        stop();
        reject(error);
      } else resolve();
    };
    const onAbort = () => finish(new Interrupted('cancelled'));
    const timer = setTimeout(() => finish(new Interrupted('deadline')), deadline - Date.now());
    signal?.addEventListener('abort', onAbort);
    const stop = wait(() => finish());
  });
}

/** `work`'s result, unless the deadline passes or `signal` aborts first (`Interrupted`). */
export async function within<T>(
  work: Promise<T>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  let outcome: { value: T } | { error: unknown } | undefined;
  await interruptible(deadline, signal, (done) => {
    work.then(
      (value) => {
        outcome = { value };
        done();
      },
      (error: unknown) => {
        outcome = { error };
        done();
      },
    );
    return () => undefined;
  });
  if (outcome && 'value' in outcome) return outcome.value;
  throw (outcome as { error: unknown }).error;
}

/** FIFO counting semaphore: the concurrency cap. A waiter that gives up leaves the queue. */
export class Semaphore {
  private active = 0;
  // A Set keeps insertion order (FIFO) and lets a waiter that gives up leave from the middle.
  private readonly waiters = new Set<() => void>();
  constructor(private readonly limit: number) {}
  get inFlight(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiters.size;
  }
  /** A slot now, if one is free and the caller has not gone away; false otherwise (then `acquire`). */
  tryAcquire(signal: AbortSignal | undefined): boolean {
    if (signal?.aborted || this.active >= this.limit) return false;
    this.active += 1;
    return true;
  }
  /** A slot, or `Interrupted` when none came free by `deadline` or `signal` aborted. */
  acquire(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new Interrupted('cancelled'));
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return interruptible(deadline, signal, (granted) => {
      this.waiters.add(granted);
      return () => this.waiters.delete(granted);
    });
  }
  release(): void {
    const next = this.waiters.values().next();
    if (next.done) {
      this.active -= 1;
      return;
    }
    // The slot passes straight to the next waiter: `active` stays the same.
    this.waiters.delete(next.value);
    next.value();
  }
}
