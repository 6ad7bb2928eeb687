/**
 * The client with an identity budget (budget.ts), two clients sharing one in-memory budget standing
 * in for two instances sharing one in Redis (server/shared-state has the Redis side): the shared
 * cap, the pause after a 429, the window, and giving up at once when a refusal outlasts the deadline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { MemoryIdentityBudget } from './budget.js';
import { UpstreamClient, UpstreamError, withUpstreamBudget } from './client.js';
import { fakeUpstream } from '../testing/fake-upstream.js';

const ok = (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"value":[]}');
};

test('two clients sharing a budget never have more in flight together than its cap', async () => {
  let active = 0;
  let peak = 0;
  const up = await fakeUpstream((_req, res) => {
    active += 1;
    peak = Math.max(peak, active);
    setTimeout(() => {
      active -= 1;
      ok(res);
    }, 20);
  });
  const budget = new MemoryIdentityBudget({ concurrency: 3, windowRequests: 0, windowMs: 1000 });
  const clients = [1, 2].map(() => new UpstreamClient({ baseUrl: up.url, concurrency: 8, budget }));
  await Promise.all(
    Array.from({ length: 24 }, (_, i) => clients[i % 2]!.request({ method: 'GET', path: 'contacts' })),
  );
  assert.equal(peak, 3, 'the shared cap, not 2 × 8');
  assert.deepEqual(budget.usage().inFlight, 0, 'every lease released');
  for (const c of clients) c.close();
  await up.close();
});

test("a 429 seen by one client holds the other's requests until its Retry-After has passed", async () => {
  const arrivals: Array<{ at: number; path: string }> = [];
  let throttled = false;
  const up = await fakeUpstream((req, res) => {
    arrivals.push({ at: Date.now(), path: req.url ?? '' });
    if (!throttled && req.url?.endsWith('/first')) {
      throttled = true;
      res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"0x80072322","message":"limit"}}');
      return;
    }
    ok(res);
  });
  const budget = new MemoryIdentityBudget({ concurrency: 52, windowRequests: 0, windowMs: 1000 });
  const [a, b] = [1, 2].map(() => new UpstreamClient({ baseUrl: up.url, budget }));
  const first = a!.request({ method: 'GET', path: 'first' });
  while (arrivals.length === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  const second = await b!.request({ method: 'GET', path: 'second' });
  assert.equal(second.status, 200);
  assert.equal((await first).status, 200);
  const throttledAt = arrivals[0]!.at;
  const others = arrivals.slice(1);
  assert.equal(others.length, 2, 'the retry and the other client: nothing spent on refusals');
  for (const { at, path } of others) assert.ok(at - throttledAt >= 950, `${path} waited out Retry-After`);
  a!.close();
  b!.close();
  await up.close();
});

test('a pause or a spent window that outlasts the deadline is told at once, with when to come back, and sends nothing', async () => {
  let sent = 0;
  const up = await fakeUpstream((_req, res) => {
    sent += 1;
    ok(res);
  });
  const budget = new MemoryIdentityBudget({ concurrency: 52, windowRequests: 2, windowMs: 60_000 });
  const client = new UpstreamClient({ baseUrl: up.url, budget });
  await client.request({ method: 'GET', path: 'one' });
  await client.request({ method: 'GET', path: 'two' });
  const started = Date.now();
  const spent = await withUpstreamBudget({ deadline: Date.now() + 2000 }, () =>
    client.request({ method: 'GET', path: 'three' }).then(
      () => undefined,
      (error: unknown) => error,
    ),
  );
  assert.ok(spent instanceof UpstreamError);
  assert.equal(spent.kind, 'busy');
  assert.ok(
    spent.retryAfterSeconds !== undefined && spent.retryAfterSeconds >= 59,
    String(spent.retryAfterSeconds),
  );
  assert.match(spent.message, /request budget is spent/);
  assert.ok(Date.now() - started < 200, 'no wait that could not end in time');
  assert.equal(sent, 2);

  const paused = new MemoryIdentityBudget({ concurrency: 52, windowRequests: 0, windowMs: 1000 });
  await paused.pause(30_000);
  const other = new UpstreamClient({ baseUrl: up.url, budget: paused });
  const refused = await withUpstreamBudget({ deadline: Date.now() + 2000 }, () =>
    other.request({ method: 'POST', path: 'contacts', body: {} }).catch((e: unknown) => e),
  );
  assert.ok(refused instanceof UpstreamError);
  assert.equal(refused.kind, 'busy', 'nothing was sent, so nothing was written');
  assert.equal(refused.retryAfterSeconds, 30);
  assert.equal(sent, 2);
  client.close();
  other.close();
  await up.close();
});

test('a request waiting for a shared slot gives up by its deadline and leaves none held', async () => {
  const up = await fakeUpstream((_req, res) => setTimeout(() => ok(res), 400));
  const budget = new MemoryIdentityBudget({ concurrency: 1, windowRequests: 0, windowMs: 1000 });
  const [a, b] = [1, 2].map(() => new UpstreamClient({ baseUrl: up.url, budget }));
  const slow = a!.request({ method: 'GET', path: 'slow' });
  await new Promise((r) => setTimeout(r, 30));
  const waiting = await withUpstreamBudget({ deadline: Date.now() + 150 }, () =>
    b!.request({ method: 'GET', path: 'waits' }).catch((e: unknown) => e),
  );
  assert.ok(waiting instanceof UpstreamError);
  assert.equal(waiting.kind, 'busy');
  assert.equal((await slow).status, 200);
  assert.deepEqual(budget.usage().inFlight, 0);
  assert.equal((await b!.request({ method: 'GET', path: 'now' })).status, 200);
  a!.close();
  b!.close();
  await up.close();
});
