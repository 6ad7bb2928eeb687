/**
 * Several Portico instances sharing one real redis-server (server/testing/redis-server.ts) in front
 * of one emulator, as behind a load balancer: a user's limit holds in total, the integration
 * identity's concurrency never exceeds its cap, a 429 seen by one instance pauses the others, an
 * instance killed outright gives its slots back, and Redis stopping mid-traffic costs no request
 * an error while readiness says `degraded`, until it returns.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import { AUDIENCE, ISSUER, JWT_SECRET, demoRegistry, userToken } from '../testing/proxy-harness.js';
import { startRedisServer } from '../testing/redis-server.js';
import type { TestRedis } from '../testing/redis-server.js';
import { createServer } from './index.js';
import type { CreateServerOptions, PorticoServer } from './index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIST = '/api/v1/lists/my-cases/records';
const INCIDENT_QUERY = { method: 'GET', path: /\/incidents\?/ };

let redis: TestRedis;
let emulator: Emulator;
let dir: string;
const started: PorticoServer[] = [];

before(async () => {
  redis = await startRedisServer();
  emulator = await startEmulator({ port: 0, db: ':memory:', seed: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'portico-scale-'));
});
after(async () => {
  for (const server of started.splice(0)) await server.close();
  await emulator?.close();
  await redis?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Instance {
  server: PorticoServer;
  base: string;
  call(path: string, as?: 'alice' | 'bob'): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

let groups = 0;
/** `count` instances of one deployment; `redis: false` leaves them each on their own. */
async function instances(
  count: number,
  options: CreateServerOptions & { redis?: boolean; dataverse?: Emulator } = {},
): Promise<Instance[]> {
  const { redis: shared = true, dataverse = emulator, ...rest } = options;
  const registry = await demoRegistry();
  const group = (groups += 1);
  const made: Instance[] = [];
  for (let i = 0; i < count; i += 1) {
    const server = await createServer({
      jwtSecret: JWT_SECRET,
      jwtIssuer: ISSUER,
      jwtAudience: AUDIENCE,
      dataverseUrl: dataverse.url,
      auditLog: join(dir, `audit-${group}-${i}.log`),
      signingSecret: 'signing-secret-for-tests-0123456789abcdef',
      logger: false,
      registry: { current: () => registry },
      ...(shared ? { redisUrl: redis.url, redisPrefix: `group${group}:` } : {}),
      ...rest,
    });
    started.push(server);
    const base = await server.listen(0, '127.0.0.1');
    made.push({
      server,
      base,
      async call(path, as) {
        const headers: Record<string, string> = as ? { Authorization: `Bearer ${await userToken(as)}` } : {};
        const res = await fetch(`${base}${path}`, { headers });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      },
    });
  }
  return made;
}

async function closeAll(group: Instance[]): Promise<void> {
  for (const { server } of group) {
    await server.close();
    started.splice(started.indexOf(server), 1);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits across instances', () => {
  test(
    "a user's limit holds in total, whichever instance each request reaches",
    { timeout: 30_000 },
    async () => {
      const group = await instances(3, { rateLimitPerUser: 4 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 9; i += 1) statuses.push((await group[i % 3]!.call(LIST, 'alice')).status);
        assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429, 429, 429, 429]);
        assert.equal((await group[1]!.call(LIST, 'bob')).status, 200, 'another user has a count of his own');
      } finally {
        await closeAll(group);
      }
    },
  );

  test('the per-IP limit holds in total too', { timeout: 30_000 }, async () => {
    const group = await instances(3, { rateLimitPerIp: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) statuses.push((await group[i % 3]!.call('/healthz')).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await closeAll(group);
    }
  });

  test('without Redis each instance counts alone (what sharing prevents)', { timeout: 30_000 }, async () => {
    const group = await instances(3, { rateLimitPerUser: 4, redis: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 9; i += 1) statuses.push((await group[i % 3]!.call(LIST, 'alice')).status);
      assert.deepEqual(statuses, Array(9).fill(200), 'three times the limit');
    } finally {
      await closeAll(group);
    }
  });
});

describe("the integration identity's budget across instances", () => {
  /** An emulator that, like Dataverse, answers 429 past 3 concurrent requests of the identity. */
  async function limitedDataverse(): Promise<Emulator> {
    return startEmulator({ port: 0, db: ':memory:', seed: 'demo', limits: { concurrent: 3 } });
  }

  /** 30 list pages at once over the instances, each held 100 ms upstream; the answers and the upstream 429s. */
  async function burst(
    group: Instance[],
    dataverse: Emulator,
  ): Promise<{ statuses: number[]; throttled: number; ms: number }> {
    for (const instance of group) assert.equal((await instance.call(LIST, 'alice')).status, 200);
    dataverse.requestLog.clear();
    dataverse.faults.inject({ match: INCIDENT_QUERY, times: 30, delayMs: 100 });
    const t0 = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => group[i % group.length]!.call(LIST, 'alice')),
    );
    const ms = Date.now() - t0;
    dataverse.faults.clear();
    return {
      statuses: answers.map((a) => a.status),
      throttled: dataverse.requestLog.entries().filter((e) => e.status === 429).length,
      ms,
    };
  }

  test('the shared concurrency never exceeds the identity cap', { timeout: 60_000 }, async () => {
    const dataverse = await limitedDataverse();
    const group = await instances(3, { dataverse, identityConcurrency: 3 });
    try {
      const { statuses, throttled, ms } = await burst(group, dataverse);
      assert.deepEqual(statuses, Array(30).fill(200));
      assert.equal(throttled, 0, 'Dataverse never refused a request for concurrency');
      assert.equal(dataverse.requestLog.count(INCIDENT_QUERY), 30, 'each page one upstream call, no retry');
      assert.ok(ms >= 900, `30 × 100 ms, three at a time, takes a second at least (${ms} ms)`);
    } finally {
      await closeAll(group);
      await dataverse.close();
    }
  });

  test(
    'without Redis the same traffic overruns the identity (what sharing prevents)',
    { timeout: 60_000 },
    async () => {
      const dataverse = await limitedDataverse();
      const group = await instances(3, { dataverse, redis: false });
      try {
        const { throttled } = await burst(group, dataverse);
        // Each instance keeps its own cap of 16: together they send more than Dataverse's 3, and
        // spend requests on refusals (some users may even get a busy answer).
        assert.ok(throttled > 0, 'Dataverse refused some for concurrency');
      } finally {
        await closeAll(group);
        await dataverse.close();
      }
    },
  );

  test('a 429 seen by one instance pauses the others for its Retry-After', { timeout: 30_000 }, async () => {
    const [a, b] = await instances(2);
    try {
      for (const instance of [a!, b!]) assert.equal((await instance.call(LIST, 'alice')).status, 200);
      emulator.requestLog.clear();
      emulator.faults.inject({
        match: INCIDENT_QUERY,
        times: 1,
        respond: { status: 429, retryAfterSeconds: 2 },
      });
      const first = a!.call(LIST, 'alice');
      const throttled = async () => emulator.requestLog.entries().find((e) => e.status === 429);
      for (let i = 0; i < 100 && !(await throttled()); i += 1) await sleep(20);
      const refusal = await throttled();
      assert.ok(refusal, 'the first instance met the 429');
      await sleep(100);
      const second = await b!.call(LIST, 'bob');
      assert.equal(second.status, 200);
      assert.equal((await first).status, 200, 'the first instance retried after the pause');
      const after429 = emulator.requestLog
        .entries()
        .filter((e) => e.at.getTime() >= refusal.at.getTime() && e !== refusal);
      assert.equal(after429.length, 2, 'the retry and the other instance: nothing spent on refusals');
      for (const entry of after429) {
        assert.equal(entry.status, 200);
        const waited = entry.at.getTime() - refusal.at.getTime();
        assert.ok(
          waited >= 1900,
          `${entry.path} was sent ${waited} ms after the 429, not before its Retry-After`,
        );
      }
    } finally {
      await closeAll([a!, b!]);
    }
  });

  test('killing an instance releases its leases after the lease time', { timeout: 60_000 }, async () => {
    const shared = {
      redisUrl: redis.url,
      redisPrefix: 'killed:',
      identityConcurrency: 2,
      redisLeaseMs: 1500,
    };
    let child: ChildProcess | undefined;
    try {
      const { process: proc, base } = await startChild({
        ...shared,
        dataverseUrl: emulator.url,
        auditLog: join(dir, 'audit-child.log'),
      });
      child = proc;
      const [survivor] = await instances(1, shared);
      const token = await userToken('alice');
      const childCall = () => fetch(`${base}${LIST}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal((await childCall()).status, 200);
      assert.equal((await survivor!.call(LIST, 'alice')).status, 200);

      // The child's two requests hang upstream, holding the identity's two slots.
      emulator.faults.inject({ match: INCIDENT_QUERY, times: 2, hang: true });
      const hanging = [childCall(), childCall()].map((p) => p.catch(() => undefined));
      const leases = async () => {
        const [key] = (await redis.command('KEYS', 'killed:upstream:*:leases')).match(/killed:\S+/) ?? [];
        return key ? Number((await redis.command('ZCARD', key)).slice(1)) : 0;
      };
      for (let i = 0; i < 200 && (await leases()) < 2; i += 1) await sleep(25);
      assert.equal(await leases(), 2, "the child holds the identity's two slots");

      let answered = false;
      const waiting = survivor!.call(LIST, 'alice').finally(() => (answered = true));
      await sleep(800);
      assert.equal(answered, false, 'no slot while the child lives and renews its leases');
      const killedAt = Date.now();
      proc.kill('SIGKILL');
      const res = await waiting;
      const after = Date.now() - killedAt;
      assert.equal(res.status, 200);
      assert.ok(after >= 700 && after <= 3000, `freed when the leases expired, ${after} ms after the kill`);
      await Promise.all(hanging);
      await closeAll([survivor!]);
    } finally {
      emulator.faults.clear();
      child?.kill('SIGKILL');
    }
  });
});

/** A Portico instance in a process of its own (server/testing/scale-instance.ts). */
async function startChild(
  options: Record<string, unknown>,
): Promise<{ process: ChildProcess; base: string }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/testing/scale-instance.ts', JSON.stringify(options)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the child instance did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /listening (\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the child instance exited (${code}) before listening: ${out}`));
    });
  });
  return { process: proc, base };
}

describe('Redis stopping mid-traffic', () => {
  test(
    'no request gets a 5xx, readiness says degraded, and sharing resumes when it returns',
    { timeout: 60_000 },
    async () => {
      const logs: Array<Array<{ level: number; msg: string }>> = [[], [], []];
      const group: Instance[] = [];
      for (const lines of logs) {
        const logger = pino(
          { level: 'info' },
          { write: (line: string) => void lines.push(JSON.parse(line)) },
        );
        group.push(...(await instances(1, { logger, redisPrefix: 'outage:' })));
      }
      try {
        const statuses: number[] = [];
        const round = async (n: number) => {
          const answers = await Promise.all(group.map((g, i) => g.call(LIST, (n + i) % 2 ? 'alice' : 'bob')));
          statuses.push(...answers.map((a) => a.status));
        };
        for (let n = 0; n < 4; n += 1) await round(n);

        const during = round(4);
        await redis.stop();
        await during;
        for (let n = 5; n < 10; n += 1) await round(n);
        for (const instance of group) {
          const ready = await instance.call('/readyz');
          assert.equal(ready.status, 200, 'a Redis outage takes no instance out of the load balancer');
          assert.deepEqual([ready.body.status, ready.body.limits], ['degraded', 'fallback']);
        }

        await redis.start();
        const until = Date.now() + 10_000;
        const states = async () => Promise.all(group.map(async (g) => (await g.call('/readyz')).body.limits));
        while ((await states()).some((s) => s !== 'shared') && Date.now() < until) await sleep(100);
        assert.deepEqual(await states(), ['shared', 'shared', 'shared'], 'every instance back on Redis');
        for (const instance of group) assert.equal((await instance.call('/readyz')).body.status, 'ready');
        for (let n = 10; n < 14; n += 1) await round(n);

        assert.equal(statuses.length, 42);
        assert.deepEqual(
          statuses.filter((s) => s !== 200),
          [],
          'every request answered normally through the outage',
        );
        for (const lines of logs) {
          const warned = lines.filter((l) => l.level === 40 && /Redis is unreachable/.test(l.msg));
          assert.equal(warned.length, 1, 'the outage logged once per instance');
          assert.ok(lines.some((l) => /Redis is reachable again/.test(l.msg)));
        }
        const counted = await redis.command('KEYS', 'outage:rl:user:*');
        assert.match(counted, /outage:rl:user:/, 'the user counts are in Redis again (it restarted empty)');
      } finally {
        await closeAll(group);
      }
    },
  );
});
