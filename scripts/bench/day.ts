/**
 * `npm run bench:day` — a portal's busiest hour: N external users (default 1,000) each visit once,
 * arriving at random over the hour, and work through Portico against the emulator with
 * Dataverse-like latency and Dataverse's service-protection limits; once with one Portico process
 * and once with two workers sharing their limits through Redis; then a search for the largest N
 * that sees no 429 and no 5xx.
 *
 * The hour runs on a compressed clock, `--minutes` long (default 6: ten times as fast), and each
 * run is a slice of it (`--slice-seconds`, default 60: ten minutes of the hour). Visits arrive as
 * many times faster as the clock runs, and Dataverse's 5-minute window shrinks with the clock (6,000
 * requests per 30 s at 10×). Within a visit nothing is compressed: think times, the mix and each
 * call's latency are the model's (day/model.ts), and so is the limit of 52 concurrent requests — so
 * the compressed hour is harder on concurrency than the real one, and its figures are on the safe
 * side.
 *
 * Prints per action p50/p95/p99 as the user sees it, Dataverse calls per action (measured one at a
 * time after the run), 429s absorbed by Portico against those shown to users, and the targets at
 * 1,000 users: no user-facing 429/5xx, user p95 ≤ Dataverse p95 + 50 ms. The search runs shorter
 * slices at the same clock (`--probe-seconds`) while the time budget allows. Everything is on
 * 127.0.0.1, and every process it starts is stopped.
 *
 * Options: --users <n, default 1000> --minutes <the compressed hour, default 6>
 *          --slice-seconds <default 60> --probe-seconds <default 20> --workers <list, default 1,2>
 *          --generators <load processes, default 2> --budget-minutes <whole run, default 5>
 *          --no-search --json
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS } from '../../server/emulator/index.js';
import type { EmulatorConfig } from './day/emulator.js';
import { printSummary, summarize } from './day/report.js';
import type { Summary } from './day/report.js';
import { runDay } from './day/run.js';
import type { RunOptions } from './day/run.js';

const args = process.argv.slice(2);
function option(name: string, fallback: number, min: number, max: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < min || value > max)
    throw new TypeError(`--${name} must be a number from ${min} to ${max}`);
  return value;
}
const USERS = Math.round(option('users', 1000, 1, 20_000));
const MINUTES = option('minutes', 6, 0.25, 60);
const SLICE_SECONDS = option('slice-seconds', 60, 5, 3600);
const PROBE_SECONDS = option('probe-seconds', 20, 5, 3600);
const GENERATORS = Math.round(option('generators', 2, 1, 8));
const BUDGET_MS = option('budget-minutes', 5, 1, 600) * 60_000;
const WORKERS = (args.includes('--workers') ? args[args.indexOf('--workers') + 1]! : '1,2')
  .split(',')
  .map(Number);
if (WORKERS.some((w) => !Number.isInteger(w) || w < 1 || w > 8))
  throw new TypeError('--workers must list whole numbers from 1 to 8, e.g. 1,2');
const SEARCH = !args.includes('--no-search');
const JSON_OUTPUT = args.includes('--json');
const say = JSON_OUTPUT ? (line: string) => process.stderr.write(`${line}\n`) : console.log;
const began = Date.now();

/** The large seed (20,000 contacts, 100,000 cases), written once to a file each run copies. */
async function seedOnce(dir: string): Promise<string> {
  const db = join(dir, 'seed.sqlite');
  const config: EmulatorConfig = { db, seed: 'large', limits: { ...DEFAULT_LIMITS }, latencyScale: 0 };
  const child = fork(fileURLToPath(new URL('./day/emulator.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DAY_EMULATOR: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type?: string }) => m?.type === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`seeding the emulator failed (${code})`)));
  });
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return db;
}

/** A run of `users` users arriving over `seconds` of the compressed hour (all of it, or a slice). */
function runOptions(
  seededDb: string,
  hourUsers: number,
  workers: number,
  seconds: number,
  calibrate: boolean,
): RunOptions {
  const users = Math.max(1, Math.round((hourUsers * seconds) / (MINUTES * 60)));
  return {
    users,
    hourUsers,
    workers,
    seconds,
    compress: 60 / MINUTES,
    seededDb,
    generators: GENERATORS,
    thinkScale: 1,
    latencyScale: 1,
    tour: false,
    calibrate,
    seed: hourUsers * 31 + workers,
  };
}

/**
 * The largest N with no user-facing 429 or 5xx: doubling from the first run's N while clean (or
 * halving while not), then halving the interval, as long as the time budget allows another probe.
 */
async function searchUsers(
  seededDb: string,
  first: Summary,
  workers: number,
): Promise<{
  clean: number | undefined;
  failed: number | undefined;
  probes: Array<{ users: number; clean: boolean }>;
}> {
  let clean = first.clean ? first.users : undefined;
  let failed = first.clean ? undefined : first.users;
  const probes: Array<{ users: number; clean: boolean }> = [];
  const seconds = Math.min(MINUTES * 60, PROBE_SECONDS);
  // A probe costs its slice, the visits still under way after it, and starting and stopping the stack.
  const probeMs = (seconds + 50) * 1000;
  while (Date.now() - began + probeMs <= BUDGET_MS) {
    const next =
      failed === undefined
        ? clean! * 2
        : clean === undefined
          ? Math.max(1, Math.floor(failed / 2))
          : Math.round((clean + failed) / 2);
    if (
      next > 20_000 ||
      (clean !== undefined && failed !== undefined && failed - clean <= Math.max(25, clean * 0.1))
    )
      break;
    say(`  search: ${next} users in the hour, a ${seconds} s slice of it…`);
    const s = summarize(await runDay(runOptions(seededDb, next, workers, seconds, false)));
    probes.push({ users: next, clean: s.clean });
    if (s.clean) clean = next;
    else failed = next;
    if (clean === undefined && next === 1) break;
  }
  return { clean, failed, probes };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-day-seed-'));
  try {
    say(
      `Portal day: ${USERS} users in the peak hour, on a clock ${(60 / MINUTES).toFixed(1)}× as fast (${MINUTES} min for the hour); workers ${WORKERS.join(' and ')}; seeding the emulator…`,
    );
    const seededDb = await seedOnce(dir);
    const summaries: Summary[] = [];
    for (const workers of WORKERS) {
      const seconds = Math.min(SLICE_SECONDS, MINUTES * 60);
      const summary = summarize(await runDay(runOptions(seededDb, USERS, workers, seconds, true)));
      summaries.push(summary);
      if (!JSON_OUTPUT) printSummary(summary, say);
    }
    const search = SEARCH ? await searchUsers(seededDb, summaries.at(-1)!, WORKERS.at(-1)!) : undefined;
    if (search) {
      const bound = search.failed === undefined ? 'not reached' : `${search.failed} did not`;
      say(
        `\nLargest N with no user-facing 429/5xx (${WORKERS.at(-1)} worker${WORKERS.at(-1)! > 1 ? 's' : ''}): ` +
          `${search.clean ?? 'none found'} (clean); ${bound}; within ${(BUDGET_MS / 60_000).toFixed(0)} min`,
      );
    }
    say(`Done in ${((Date.now() - began) / 1000).toFixed(0)} s.`);
    if (JSON_OUTPUT) console.log(JSON.stringify({ runs: summaries, search }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
