/**
 * The shared budget and rate-limit store against a real redis-server (server/testing/redis-server.ts),
 * two "instances" being two connections with their own budgets: the cap holds in total, a pause
 * reaches the other, the window is shared, leases of an instance that stopped renewing expire, and
 * an outage falls back at once and comes back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Options } from 'express-rate-limit';
import type { BudgetGrant, BudgetLease, IdentityLimits } from '../dataverse/budget.js';
import { startRedisServer } from '../testing/redis-server.js';
import type { TestRedis } from '../testing/redis-server.js';
import { RedisIdentityBudget } from './budget.js';
import { SharedConnection } from './connection.js';
import { SharedRateLimitStore } from './rate-limit-store.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis?.dispose();
});

interface Logged {
  level: 'warn' | 'info';
  message: string;
}

function logger(lines: Logged[]) {
  return {
    warn: (_o: object, message: string) => lines.push({ level: 'warn', message }),
    info: (_o: object, message: string) => lines.push({ level: 'info', message }),
  };
}

let prefixes = 0;
/** `count` instances of one identity, each with its own connection; closed by the returned function. */
async function instances(count: number, limits: IdentityLimits, leaseMs = 10_000, lines: Logged[] = []) {
  const prefix = `test${(prefixes += 1)}:upstream:id:`;
  const made: Array<{ connection: SharedConnection; budget: RedisIdentityBudget }> = [];
  for (let i = 0; i < count; i += 1) {
    const connection = new SharedConnection({ url: redis.url, logger: logger(lines) });
    await connection.open();
    made.push({ connection, budget: new RedisIdentityBudget(connection, { prefix, limits, leaseMs }) });
  }
  return {
    prefix,
    list: made,
    async close() {
      for (const { connection, budget } of made) {
        budget.close();
        await connection.close();
      }
    },
  };
}

const leaseOf = (grant: BudgetGrant): BudgetLease => {
  assert.ok(grant.granted, `expected a grant, got ${JSON.stringify(grant)}`);
  return grant.lease;
};

describe('the identity budget in Redis', () => {
  test('the concurrency cap holds over all instances together, and a release frees a slot for any of them', async () => {
    const three = await instances(3, { concurrency: 4, windowRequests: 0, windowMs: 1000 });
    try {
      const grants = await Promise.all(Array.from({ length: 9 }, (_, i) => three.list[i % 3]!.budget.take()));
      const held = grants.filter((g) => g.granted);
      assert.equal(held.length, 4, 'exactly the cap, whichever instance asked');
      for (const refused of grants.filter((g) => !g.granted)) assert.equal(refused.reason, 'concurrency');
      assert.equal(await redis.command('ZCARD', `${three.prefix}leases`), ':4\r\n');
      const [first] = held;
      if (first?.granted) first.lease.release();
      // The release is sent without waiting for it: ask until it has landed.
      let again: BudgetGrant | undefined;
      for (let i = 0; i < 50 && !again?.granted; i += 1) {
        again = await three.list[2]!.budget.take();
        if (!again.granted) await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(again?.granted, 'the freed slot went to another instance');
    } finally {
      await three.close();
    }
  });

  test("a 429's pause taken by one instance refuses the others until it has passed", async () => {
    const two = await instances(2, { concurrency: 10, windowRequests: 0, windowMs: 1000 });
    try {
      await two.list[0]!.budget.pause(1500);
      const refused = await two.list[1]!.budget.take();
      assert.equal(refused.granted, false);
      assert.equal(!refused.granted && refused.reason, 'paused');
      assert.ok(
        !refused.granted && refused.retryInMs > 1200 && refused.retryInMs <= 1500,
        JSON.stringify(refused),
      );
      // An earlier end does not shorten the pause in force.
      await two.list[1]!.budget.pause(100);
      const still = await two.list[0]!.budget.take();
      assert.ok(!still.granted && still.reason === 'paused' && still.retryInMs > 1000);
      await new Promise((r) => setTimeout(r, 1600));
      leaseOf(await two.list[1]!.budget.take()).release();
    } finally {
      await two.close();
    }
  });

  test('the request window is shared: the requests of all instances together are counted', async () => {
    const two = await instances(2, { concurrency: 10, windowRequests: 5, windowMs: 1200 });
    try {
      for (let i = 0; i < 5; i += 1) leaseOf(await two.list[i % 2]!.budget.take()).release();
      const refused = await two.list[0]!.budget.take();
      assert.ok(!refused.granted && refused.reason === 'window', JSON.stringify(refused));
      assert.ok(refused.retryInMs > 0 && refused.retryInMs <= 1200);
      await new Promise((r) => setTimeout(r, refused.retryInMs + 50));
      leaseOf(await two.list[1]!.budget.take()).release();
    } finally {
      await two.close();
    }
  });

  test('leases of an instance that stopped renewing them expire after the lease time', async () => {
    const two = await instances(2, { concurrency: 2, windowRequests: 0, windowMs: 1000 }, 1000);
    try {
      const [gone, alive] = two.list;
      leaseOf(await gone!.budget.take());
      leaseOf(await gone!.budget.take());
      // As if the process died: no release, no renewal, the connection dropped.
      gone!.budget.close();
      gone!.connection.client.disconnect();
      const started = Date.now();
      const refused = await alive!.budget.take();
      assert.ok(!refused.granted && refused.reason === 'concurrency');
      let grant: BudgetGrant = refused;
      while (!grant.granted && Date.now() - started < 3000) {
        await new Promise((r) => setTimeout(r, 50));
        grant = await alive!.budget.take();
      }
      const waited = Date.now() - started;
      assert.ok(grant.granted, 'a slot came free');
      assert.ok(waited >= 800 && waited < 2000, `freed by expiry after ~1 s (${waited} ms)`);
      grant.lease.release();
    } finally {
      await two.close();
    }
  });

  test('a lease held longer than its lease time is renewed, not lost', async () => {
    const two = await instances(2, { concurrency: 1, windowRequests: 0, windowMs: 1000 }, 1000);
    try {
      const lease = leaseOf(await two.list[0]!.budget.take());
      await new Promise((r) => setTimeout(r, 1800));
      const refused = await two.list[1]!.budget.take();
      assert.ok(
        !refused.granted && refused.reason === 'concurrency',
        'still held at almost twice its lease time',
      );
      lease.release();
    } finally {
      await two.close();
    }
  });
});

describe('an outage of Redis', () => {
  test('falls back to per-instance limits at once, logs once, and shares again when Redis returns', async () => {
    const lines: Logged[] = [];
    const two = await instances(2, { concurrency: 2, windowRequests: 0, windowMs: 1000 }, 10_000, lines);
    const store = new SharedRateLimitStore(two.list[0]!.connection, 'test:rl:outage:');
    store.init({ windowMs: 60_000 } as Options);
    try {
      assert.equal((await store.increment('alice')).totalHits, 1);
      assert.equal((await store.increment('alice')).totalHits, 2);
      await redis.stop();
      const started = Date.now();
      // Each instance now has its own two slots.
      const a = [await two.list[0]!.budget.take(), await two.list[0]!.budget.take()];
      const b = [await two.list[1]!.budget.take(), await two.list[1]!.budget.take()];
      assert.ok(
        [...a, ...b].every((g) => g.granted),
        'every instance serves on its own',
      );
      assert.equal((await two.list[0]!.budget.take()).granted, false, 'within its own cap');
      // The rate-limit counts go on in memory: never an error.
      assert.equal((await store.increment('alice')).totalHits, 1);
      assert.ok(Date.now() - started < 500, `fell back without waiting (${Date.now() - started} ms)`);
      for (const g of [...a, ...b]) if (g.granted) g.lease.release();
      assert.equal(lines.filter((l) => l.level === 'warn').length, 2, 'one warning per instance and outage');

      await redis.start();
      const until = Date.now() + 6000;
      while (!(two.list[0]!.connection.usable() && two.list[1]!.connection.usable()) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      assert.ok(await two.list[0]!.connection.ping(), 'reconnected on its own');
      const shared = await Promise.all([1, 2, 3].map((i) => two.list[i % 2]!.budget.take()));
      assert.equal(shared.filter((g) => g.granted).length, 2, 'the cap is shared again');
      for (const g of shared) if (g.granted) g.lease.release();
      assert.equal(
        (await store.increment('alice')).totalHits,
        1,
        'counting again in Redis (emptied by its restart)',
      );
      assert.equal((await store.increment('alice')).totalHits, 2);
      assert.equal(lines.filter((l) => l.level === 'info').length, 2, 'one recovery note per instance');
      assert.equal(lines.filter((l) => l.level === 'warn').length, 2, 'still one warning per outage');
    } finally {
      store.shutdown();
      await two.close();
    }
  });

  test('a Redis that stops answering costs one command timeout, then nothing until it answers again', async () => {
    const lines: Logged[] = [];
    const one = await instances(1, { concurrency: 5, windowRequests: 0, windowMs: 1000 }, 10_000, lines);
    const { budget, connection } = one.list[0]!;
    try {
      leaseOf(await budget.take()).release();
      redis.freeze();
      let started = Date.now();
      leaseOf(await budget.take()).release();
      const first = Date.now() - started;
      assert.ok(first >= 400 && first < 1000, `the first waited for the command timeout (${first} ms)`);
      started = Date.now();
      for (let i = 0; i < 5; i += 1) leaseOf(await budget.take()).release();
      assert.ok(Date.now() - started < 50, 'the next ones did not wait');
      assert.equal(await connection.ping(), false, 'readiness sees it');
      assert.equal(lines.filter((l) => l.level === 'warn').length, 1);
      redis.thaw();
      const until = Date.now() + 5000;
      while (!(await connection.ping()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.ok(await connection.ping(), 'back once it answers');
      leaseOf(await budget.take());
      assert.match(await redis.command('ZCARD', `${one.prefix}leases`), /^:[1-9]/, 'taken in Redis again');
    } finally {
      redis.thaw();
      await one.close();
    }
  });

  test('an instance whose Redis is down at start serves on its own, and joins when it comes up', async () => {
    await redis.stop();
    const lines: Logged[] = [];
    const connection = new SharedConnection({ url: redis.url, logger: logger(lines) });
    const started = Date.now();
    await connection.open();
    assert.ok(Date.now() - started < 1500, 'the start is not held up');
    const budget = new RedisIdentityBudget(connection, {
      prefix: 'test:down-at-start:',
      limits: { concurrency: 1, windowRequests: 0, windowMs: 1000 },
      leaseMs: 5000,
    });
    try {
      leaseOf(await budget.take()).release();
      assert.equal(lines.filter((l) => l.level === 'warn').length, 1);
      await redis.start();
      const until = Date.now() + 6000;
      while (!connection.usable() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.ok(connection.usable(), 'connected once Redis came up');
      leaseOf(await budget.take());
      assert.equal(await redis.command('ZCARD', 'test:down-at-start:leases'), ':1\r\n');
    } finally {
      budget.close();
      await connection.close();
    }
  });
});
