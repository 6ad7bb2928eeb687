/**
 * One run of `npm run bench:day`: a fresh emulator (limits and latency on), Redis when the run has
 * more than one worker, the Portico server as `npm run server` starts it (PORTICO_WORKERS), and
 * the load generators; then the upstream calls each action costs, measured one action at a time on
 * warm caches. Everything is on 127.0.0.1 and everything started is stopped, whatever happens.
 */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS } from '../../../server/emulator/index.js';
import { DEMO_IDS } from '../../../server/emulator/demo-ids.js';
import { freePort, startRedisServer } from '../../../server/testing/redis-server.js';
import type { TestRedis } from '../../../server/testing/redis-server.js';
import type { EmulatorConfig, EmulatorMessage, UpstreamStats } from './emulator.js';
import { ACTIONS, AGENT_SHARE, seeded } from './model.js';
import type { Action } from './model.js';
import { emptyResult } from './users.js';
import type { LoadPlan, LoadResult, VirtualUser } from './users.js';

export interface RunOptions {
  /** Virtual users this run simulates. */
  users: number;
  /** Users of the whole peak hour this run stands for (more than `users` for a slice of it). */
  hourUsers: number;
  workers: number;
  /** Over how many seconds the users arrive (the compressed hour, or a slice of it). */
  seconds: number;
  /** Real seconds per simulated second: Dataverse's request budget is raised by as much. */
  compress: number;
  /** A seeded copy of the emulator's database, or undefined for the demo seed in memory. */
  seededDb: string | undefined;
  /** Load-generator processes. */
  generators: number;
  thinkScale: number;
  latencyScale: number;
  tour: boolean;
  /** Measure upstream calls per action after the run. */
  calibrate: boolean;
  seed: number;
}

export interface RunResult {
  options: RunOptions;
  actions: LoadResult;
  upstream: UpstreamStats;
  /** Dataverse calls one action costs on warm caches (undefined: not measured). */
  callsPerAction: Partial<Record<Action, number>>;
  limits: { requests: number; windowSeconds: number };
}

/** How long after the last arrival visits may still go on. */
const SESSION_TAIL_SECONDS = 30;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JWT = {
  secret: 'portal-day-secret-0123456789-abcdefghij',
  issuer: 'https://day.local',
  audience: 'portico-day',
};
const OWNERS = [
  ...Object.values(DEMO_IDS.teams).map((id) => ({ id, type: 'team' as const })),
  { id: DEMO_IDS.users.supportAgent1, type: 'systemuser' as const },
];

/** Every process and directory a run started, stopped in reverse order. */
class Started {
  readonly #stops: Array<() => Promise<void> | void> = [];
  add(stop: () => Promise<void> | void): void {
    this.#stops.push(stop);
  }
  async stopAll(): Promise<void> {
    for (const stop of this.#stops.splice(0).reverse()) await Promise.resolve(stop()).catch(() => undefined);
  }
}

/** Ends a child and waits for it, SIGKILL if it lingers. */
function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Children killed if this process exits before stopping them (one listener for all). */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
function watch(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function forkTs(file: string, env: Record<string, string>): ChildProcess {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return watch(child);
}

function nextMessage<T extends { type: string }>(
  child: ChildProcess,
  type: T['type'],
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${type}" from a bench process within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: T) => {
      if (message?.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`a bench process exited (${code}) before sending "${type}"`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Dataverse's limits on the compressed clock: the 5-minute window shrinks with time (at least a
 * second; the budget grows with it when rounding lengthens it), the 6,000 requests and 20 minutes
 * of execution time per window stay, and so does the 52-request concurrency limit.
 */
export function scaledLimits(compress: number): EmulatorConfig['limits'] {
  const exact = DEFAULT_LIMITS.windowSeconds / compress;
  const windowSeconds = Math.max(1, Math.round(exact));
  const share = windowSeconds / exact;
  return {
    ...DEFAULT_LIMITS,
    windowSeconds,
    requests: Math.round(DEFAULT_LIMITS.requests * share),
    executionTimeMs: Math.round(DEFAULT_LIMITS.executionTimeMs * share),
  };
}

async function startEmulator(options: RunOptions, dir: string, started: Started) {
  let db = ':memory:';
  if (options.seededDb) {
    db = join(dir, 'emulator.sqlite');
    copyFileSync(options.seededDb, db);
  }
  const limits = scaledLimits(options.compress);
  const config: EmulatorConfig = {
    db,
    seed: options.seededDb ? 'large' : 'demo',
    limits,
    latencyScale: options.latencyScale,
  };
  const child = forkTs('./emulator.ts', { DAY_EMULATOR: JSON.stringify(config) });
  started.add(() => stopChild(child));
  const { url } = await nextMessage<Extract<EmulatorMessage, { type: 'ready' }>>(child, 'ready', 120_000);
  const ask = <T extends EmulatorMessage>(type: T['type']) => {
    const answer = nextMessage<T>(child, type, 30_000);
    child.send({ type });
    return answer;
  };
  const stats = async () => (await ask<Extract<EmulatorMessage, { type: 'stats' }>>('stats')).stats;
  const calls = async () => (await ask<Extract<EmulatorMessage, { type: 'count' }>>('count')).calls;
  return { url, limits, stats, calls };
}

async function startPortico(
  options: RunOptions,
  upstream: string,
  limits: EmulatorConfig['limits'],
  dir: string,
  started: Started,
): Promise<string> {
  let redis: TestRedis | undefined;
  if (options.workers > 1) {
    redis = await startRedisServer();
    started.add(() => redis!.dispose());
  }
  const port = await freePort();
  const env: Record<string, string> = {
    DATAVERSE_URL: upstream,
    PORTICO_PORT: String(port),
    PORTICO_HOST: '127.0.0.1',
    PORTICO_WORKERS: String(options.workers),
    PORTICO_JWT_SECRET: JWT.secret,
    PORTICO_JWT_ISSUER: JWT.issuer,
    PORTICO_JWT_AUDIENCE: JWT.audience,
    PORTICO_SIGNING_SECRET: 'portal-day-signing-secret-0123456789-abcdef',
    // Every virtual user comes from 127.0.0.1; real visitors have addresses of their own.
    PORTICO_RATE_LIMIT_PER_IP: '1000000',
    PORTICO_AUDIT_LOG: join(dir, 'audit.log'),
    PORTICO_SCHEMA_DRIFT_CHECK: 'false',
    DATAVERSE_WINDOW_REQUESTS: String(limits.requests),
    DATAVERSE_WINDOW_SECONDS: String(limits.windowSeconds),
    ...(redis ? { PORTICO_REDIS_URL: redis.url } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/stack/cli.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // Access logs are written as in a deployment, to nowhere.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  watch(child);
  started.add(() => stopChild(child, 20_000));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return base;
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`the Portico server did not become ready: ${stderr.trim() || 'no output'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The virtual users: distinct contacts of the seed, one in ten a vendor agent of its account. */
async function virtualUsers(upstream: string, count: number, demo: boolean): Promise<VirtualUser[]> {
  const random = seeded(7);
  if (demo) {
    const customers = [DEMO_IDS.contacts.alice, DEMO_IDS.contacts.bob];
    return Array.from({ length: count }, (_, i) => {
      const agent = i % Math.round(1 / AGENT_SHARE) === 0 || (count < 10 && i % 2 === 0);
      return {
        sub: `day-user-${i}`,
        role: agent ? 'agent' : 'customer',
        contactId: agent ? DEMO_IDS.contacts.vera : customers[i % customers.length]!,
      };
    });
  }
  const res = await fetch(
    `${upstream}contacts?$select=contactid&$filter=${encodeURIComponent('_parentcustomerid_value ne null')}&$top=${count}`,
    { headers: { Accept: 'application/json' } },
  );
  const rows = ((await res.json()) as { value: Array<{ contactid: string }> }).value;
  if (rows.length < count)
    throw new Error(`the seed has ${rows.length} contacts with an account; --users ${count} needs as many`);
  return rows.map((row, i) => ({
    sub: `day-user-${i}`,
    role: random() < AGENT_SHARE ? 'agent' : 'customer',
    contactId: row.contactid,
  }));
}

async function generate(
  options: RunOptions,
  base: string,
  users: VirtualUser[],
  started: Started,
): Promise<LoadResult> {
  const startAt = Date.now() + 1000;
  const plans: LoadPlan[] = Array.from({ length: options.generators }, (_, g) => ({
    base,
    users: users.filter((_, i) => i % options.generators === g),
    jwt: JWT,
    startAt,
    arrivalMs: options.seconds * 1000,
    // Visits that began late may run on past the hour for a while, not indefinitely.
    stopAt: startAt + (options.seconds + SESSION_TAIL_SECONDS) * 1000,
    thinkScale: options.thinkScale,
    tour: options.tour,
    owners: OWNERS,
    seed: options.seed + g,
  }));
  const results = await Promise.all(
    plans.map(async (plan) => {
      const child = forkTs('./users.ts', {});
      started.add(() => stopChild(child));
      const done = nextMessage<{ type: 'result'; result: LoadResult }>(
        child,
        'result',
        (options.seconds + SESSION_TAIL_SECONDS + 180) * 1000,
      );
      child.send({ type: 'start', plan });
      return (await done).result;
    }),
  );
  const merged = emptyResult();
  for (const result of results)
    for (const action of ACTIONS) {
      const into = merged[action];
      const from = result[action];
      into.ms.push(...from.ms);
      for (const [k, v] of Object.entries(from.statuses)) into.statuses[k] = (into.statuses[k] ?? 0) + v;
      for (const [k, v] of Object.entries(from.codes)) into.codes[k] = (into.codes[k] ?? 0) + v;
    }
  return merged;
}

/**
 * Upstream calls per action on warm caches: one agent (who may do every action) does each action
 * alone, one at a time, and the emulator's count of calls is read around each. A first round warms
 * the caches (identity, account, owner names) and is not counted.
 */
async function calibrate(
  base: string,
  users: VirtualUser[],
  calls: () => Promise<number>,
  started: Started,
): Promise<Partial<Record<Action, number>>> {
  const agent = users.find((u) => u.role === 'agent');
  if (!agent) return {};
  const child = forkTs('./users.ts', {});
  started.add(() => stopChild(child));
  const plan: LoadPlan = {
    base,
    users: [{ ...agent, sub: `${agent.sub}-calibration` }],
    jwt: JWT,
    startAt: 0,
    arrivalMs: 0,
    stopAt: Number.MAX_SAFE_INTEGER,
    thinkScale: 0,
    tour: false,
    owners: OWNERS,
    seed: 99,
  };
  const totals: Partial<Record<Action, { calls: number; times: number }>> = {};
  const order: Action[] = [
    'open list',
    'next page',
    'open case',
    'add a note',
    'save',
    'assign',
    'resolve',
    'search',
    'create',
  ];
  // The first cycle warms the caches and is not counted; an action whose prerequisite was missing
  // did the prerequisite instead, and is counted as that, so cycles go on until each was done twice.
  for (let cycle = 0; cycle < 8; cycle += 1) {
    for (const action of order) {
      const before = await calls();
      const stepped = nextMessage<{ type: 'stepped'; done: Action }>(child, 'stepped', 60_000);
      child.send({ type: 'step', plan, action });
      const { done } = await stepped;
      const spent = (await calls()) - before;
      if (cycle === 0) continue;
      const t = (totals[done] ??= { calls: 0, times: 0 });
      t.calls += spent;
      t.times += 1;
    }
    if (order.every((a) => (totals[a]?.times ?? 0) >= 2)) break;
  }
  return Object.fromEntries(
    Object.entries(totals).map(([action, t]) => [action, t.calls / t.times]),
  ) as Partial<Record<Action, number>>;
}

export async function runDay(options: RunOptions): Promise<RunResult> {
  const started = new Started();
  const dir = mkdtempSync(join(tmpdir(), 'portico-day-'));
  started.add(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const emulator = await startEmulator(options, dir, started);
    const base = await startPortico(options, emulator.url, emulator.limits, dir, started);
    const users = await virtualUsers(emulator.url, options.users, options.seededDb === undefined);
    const actions = await generate(options, base, users, started);
    const upstream = await emulator.stats();
    const callsPerAction = options.calibrate ? await calibrate(base, users, emulator.calls, started) : {};
    return {
      options,
      actions,
      upstream,
      callsPerAction,
      limits: { requests: emulator.limits.requests, windowSeconds: emulator.limits.windowSeconds },
    };
  } finally {
    await started.stopAll();
  }
}
