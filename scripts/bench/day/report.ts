/** What a run of `npm run bench:day` says: per action as the user sees it, and what Dataverse saw. */
import { ACTIONS, MAIN_CALL, UPSTREAM_KINDS, percentile } from './model.js';
import type { Action, UpstreamKind } from './model.js';
import type { RunResult } from './run.js';

export interface ActionLine {
  action: Action;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  /** Dataverse calls the action costs on warm caches. */
  calls: number | undefined;
  /** p95 of the Dataverse call that stands for the action (model.ts MAIN_CALL). */
  upstreamP95: number;
  ok: number;
  /** 409 and 412: the record changed or closed meanwhile (the user is told, not failed). */
  conflicts: number;
  tooMany: number;
  serverErrors: number;
  /** Any other refusal, by `<status> <code>` (none expected). */
  refused: Record<string, number>;
  /** 429s and 5xx, by `<status> <code>`. */
  failures: Record<string, number>;
}

export interface Summary {
  /** Users of the hour the run stands for, and the visits it simulated. */
  users: number;
  simulated: number;
  workers: number;
  seconds: number;
  actions: ActionLine[];
  total: number;
  tooMany: number;
  serverErrors: number;
  upstream: {
    calls: number;
    refused429: number;
    byKind: Array<{ kind: UpstreamKind; count: number; p50: number; p95: number }>;
  };
  limits: RunResult['limits'];
  /** No user-facing 429 and no 5xx. */
  clean: boolean;
  /** Every one-call action (with enough samples) within its Dataverse call's p95 + 50 ms at p95. */
  latencyTarget: boolean;
}

export const LATENCY_ALLOWANCE_MS = 50;
/** Fewer samples than this say nothing about a 95th percentile; such actions are not judged. */
export const MIN_SAMPLES = 20;

export function summarize(run: RunResult): Summary {
  const upstreamP95 = new Map<UpstreamKind, number>();
  const byKind = UPSTREAM_KINDS.map((kind) => {
    const ms = [...run.upstream.byKind[kind].ms].sort((a, b) => a - b);
    upstreamP95.set(kind, percentile(ms, 95));
    return { kind, count: run.upstream.byKind[kind].count, p50: percentile(ms, 50), p95: percentile(ms, 95) };
  });
  const actions = ACTIONS.map((action): ActionLine => {
    const samples = run.actions[action];
    const ms = [...samples.ms].sort((a, b) => a - b);
    const by = (test: (status: number) => boolean) =>
      Object.entries(samples.statuses).reduce((sum, [s, n]) => sum + (test(Number(s)) ? n : 0), 0);
    const refused: Record<string, number> = {};
    const failures: Record<string, number> = {};
    for (const [code, n] of Object.entries(samples.codes)) {
      const status = Number(code.split(' ')[0]);
      if (status >= 400 && status < 500 && status !== 409 && status !== 412 && status !== 429)
        refused[code] = n;
      if (status === 429 || status >= 500 || status === 0) failures[code] = n;
    }
    return {
      action,
      count: ms.length,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
      calls: run.callsPerAction[action],
      upstreamP95: upstreamP95.get(MAIN_CALL[action]) ?? 0,
      ok: by((s) => s >= 200 && s < 300),
      conflicts: by((s) => s === 409 || s === 412),
      tooMany: by((s) => s === 429),
      // A transport failure (status 0) is as much a failure as a 5xx.
      serverErrors: by((s) => s >= 500 || s === 0),
      refused,
      failures,
    };
  });
  const tooMany = actions.reduce((sum, a) => sum + a.tooMany, 0);
  const serverErrors = actions.reduce((sum, a) => sum + a.serverErrors, 0);
  return {
    users: run.options.hourUsers,
    simulated: run.options.users,
    workers: run.options.workers,
    seconds: run.options.seconds,
    actions,
    total: actions.reduce((sum, a) => sum + a.count, 0),
    tooMany,
    serverErrors,
    upstream: { calls: run.upstream.calls, refused429: run.upstream.refused429, byKind },
    limits: run.limits,
    clean: tooMany === 0 && serverErrors === 0,
    latencyTarget: actions.every(
      (a) => a.count < MIN_SAMPLES || a.calls !== 1 || a.p95 <= a.upstreamP95 + LATENCY_ALLOWANCE_MS,
    ),
  };
}

const n = (v: number, width: number, digits = 0) => v.toFixed(digits).padStart(width);

export function printSummary(s: Summary, say: (line: string) => void = console.log): void {
  say(
    `\n${s.users} users in the hour, ${s.workers} worker${s.workers > 1 ? 's on Redis' : ''}; a slice of ${s.simulated} visits arriving over ${s.seconds} s; ` +
      `Dataverse limits ${s.limits.requests} requests per ${s.limits.windowSeconds} s, 52 concurrent`,
  );
  say('action          count   p50 ms   p95 ms   p99 ms  calls  Dataverse p95  conflicts  429  5xx');
  for (const a of s.actions) {
    say(
      `${a.action.padEnd(14)} ${n(a.count, 6)} ${n(a.p50, 8)} ${n(a.p95, 8)} ${n(a.p99, 8)} ${a.calls === undefined ? '     -' : n(a.calls, 6, 1)} ${n(a.upstreamP95, 14)} ${n(a.conflicts, 10)} ${n(a.tooMany, 4)} ${n(a.serverErrors, 4)}` +
        (Object.keys(a.refused).length ? `  refused: ${JSON.stringify(a.refused)}` : '') +
        (Object.keys(a.failures).length ? `  failed: ${JSON.stringify(a.failures)}` : ''),
    );
  }
  say(
    `Dataverse: ${s.upstream.calls} calls, ${s.upstream.refused429} answered 429 (absorbed by Portico: ${Math.max(0, s.upstream.refused429 - s.tooMany)}; ` +
      `shown to users: ${s.tooMany} × 429, ${s.serverErrors} × 5xx)`,
  );
  say(
    `  by kind (p50/p95 ms): ${s.upstream.byKind
      .filter((k) => k.count > 0)
      .map((k) => `${k.kind} ${k.count} (${k.p50.toFixed(0)}/${k.p95.toFixed(0)})`)
      .join(', ')}`,
  );
  say(
    `Targets: no user-facing 429/5xx ${s.clean ? 'met' : 'MISSED'}; user p95 ≤ Dataverse p95 + ${LATENCY_ALLOWANCE_MS} ms (one-call actions, ${MIN_SAMPLES}+ samples) ${s.latencyTarget ? 'met' : 'MISSED'}`,
  );
}
