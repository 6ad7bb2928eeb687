/**
 * `npm run server` with PORTICO_WORKERS: refused clearly without Redis; with it, the workers share
 * one port and their limits, and SIGTERM lets a request in flight finish before every process has
 * gone. The server runs as `npm run server` does (server/stack/cli.ts in a process of its own).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import { AUDIENCE, ISSUER, JWT_SECRET, userToken } from '../testing/proxy-harness.js';
import { startRedisServer } from '../testing/redis-server.js';
import type { TestRedis } from '../testing/redis-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let redis: TestRedis;
let emulator: Emulator;
let dir: string;
const children: ChildProcess[] = [];

before(async () => {
  redis = await startRedisServer();
  emulator = await startEmulator({ port: 0, db: ':memory:', seed: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'portico-workers-'));
});
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await emulator?.close();
  await redis?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function server(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/stack/cli.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      PORTICO_PORT: '0',
      PORTICO_JWT_SECRET: JWT_SECRET,
      PORTICO_JWT_ISSUER: ISSUER,
      PORTICO_JWT_AUDIENCE: AUDIENCE,
      PORTICO_SIGNING_SECRET: 'signing-secret-for-tests-0123456789abcdef',
      PORTICO_AUDIT_LOG: join(dir, 'audit.log'),
      PORTICO_SCHEMA_DRIFT_CHECK: 'false',
      DATAVERSE_URL: emulator.url,
      ...env,
    },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** One request on a connection of its own (so the kernel hands each to the next worker). */
function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      })
      .once('error', reject);
  });
}

test('more than one worker without Redis is refused, naming what to set', { timeout: 30_000 }, async () => {
  const run = server({ PORTICO_WORKERS: '3' });
  assert.equal(await run.exited, 1);
  assert.match(run.err(), /Portico cannot start: PORTICO_WORKERS = 3 needs PORTICO_REDIS_URL/);
});

test(
  'workers share one port and their limits, and SIGTERM lets a request in flight finish',
  { timeout: 60_000 },
  async () => {
    const run = server({
      PORTICO_WORKERS: '2',
      PORTICO_REDIS_URL: redis.url,
      PORTICO_REDIS_PREFIX: 'workers:',
      PORTICO_RATE_LIMIT_PER_IP: '6',
    });
    const until = Date.now() + 45_000;
    let base: string | undefined;
    while (!base && Date.now() < until && run.child.exitCode === null) {
      base = /2 workers listening on (\S+)/.exec(run.err())?.[1];
      if (!base) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(base, `listening: ${run.err()}`);

    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push(await get(`${base}/healthz`));
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429], 'one limit over both workers');
    // Each worker's access lines reach this process through a pipe, after the answers they log: wait
    // for all eight (or the deadline) rather than read the pipe while they are on their way.
    const accessLines = () =>
      run
        .out()
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'));
    const logged = Date.now() + 10_000;
    while (accessLines().length < statuses.length && Date.now() < logged)
      await new Promise((r) => setTimeout(r, 20));
    const servedBy = new Set(accessLines().map((line) => (JSON.parse(line) as { pid: number }).pid));
    assert.equal(servedBy.size, 2, 'both workers answered on the one port');

    // The per-IP count is spent; emptied, so that the next request is let in.
    await redis.command('FLUSHALL');
    emulator.faults.inject({ match: { method: 'GET', path: /\/incidents\?/ }, times: 1, delayMs: 800 });
    const token = await userToken('alice');
    const inFlight = get(`${base}/api/v1/lists/my-cases/records`, { Authorization: `Bearer ${token}` });
    while (emulator.faults.armed() > 0) await new Promise((r) => setTimeout(r, 20));
    run.child.kill('SIGTERM');
    assert.equal(await inFlight, 200, 'answered, not cut');
    assert.equal(await run.exited, 0);
    for (const pid of servedBy) {
      assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} has gone`);
    }
  },
);
