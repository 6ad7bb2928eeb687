/** The emulator's record of the requests it answered, for tests that count upstream calls. */

export interface RequestLogEntry {
  method: string;
  /** Path and query as received. */
  path: string;
  /** HTTP status sent; 0 when the connection was reset without a response. */
  status: number;
  durationMs: number;
  at: Date;
}

export interface RequestLog {
  entries(): readonly RequestLogEntry[];
  clear(): void;
  count(filter?: { method?: string; path?: RegExp }): number;
}

export class Log implements RequestLog {
  private list: RequestLogEntry[] = [];
  /** Bounded so a long-running emulator does not grow without limit. */
  private static readonly MAX = 100_000;
  push(e: RequestLogEntry): void {
    this.list.push(e);
    if (this.list.length > Log.MAX) this.list.splice(0, this.list.length - Log.MAX);
  }
  entries(): readonly RequestLogEntry[] {
    return [...this.list];
  }
  clear(): void {
    this.list = [];
  }
  count(filter: { method?: string; path?: RegExp } = {}): number {
    return this.list.filter(
      (e) =>
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (!filter.path || filter.path.test(e.path)),
    ).length;
  }
}
