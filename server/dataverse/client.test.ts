import { test } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { UpstreamClient, UpstreamError, parseRetryAfter, plainPath, withUpstreamBudget } from './client.js';
import { fakeUpstream } from '../testing/fake-upstream.js';

const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json; odata.metadata=minimal', ...headers });
  res.end(JSON.stringify(body));
};

test('keeps the on-premises org path and sends the OData headers and bearer token', async () => {
  let seen: http.IncomingHttpHeaders = {};
  let path = '';
  const up = await fakeUpstream((req, res) => {
    seen = req.headers;
    path = req.url ?? '';
    json(res, 200, { UserId: 'x' });
  });
  const client = new UpstreamClient({ baseUrl: up.url, tokenProvider: { getToken: async () => 'tok' } });
  const res = await client.request({ method: 'GET', path: 'WhoAmI' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { UserId: 'x' });
  assert.equal(path, '/ORG/api/data/v9.0/WhoAmI');
  assert.equal(seen.authorization, 'Bearer tok');
  assert.equal(seen['odata-version'], '4.0');
  await assert.rejects(client.request({ method: 'GET', path: '/etc/passwd' }), /relative/);
  client.close();
  await up.close();
});

test('a path sent without URL resolution is exactly the path URL resolution gives; others are resolved', async () => {
  const paths: string[] = [];
  const up = await fakeUpstream((req, res) => {
    paths.push(req.url ?? '');
    json(res, 200, {});
  });
  const client = new UpstreamClient({ baseUrl: up.url, tokenProvider: { getToken: async () => '' } });
  const samples = [
    'incidents(6f0e3a52-8a5d-4c1e-9a55-1f2f3e4d5c6b)?$select=title,_customerid_value',
    "incidents?$filter=contains(title,'a b')&$top=1",
    'incidents?$filter=title%20eq%20%27x%27&$orderby=modifiedon%20desc',
    'a/../b?x=1',
    './incidents',
    '%2e%2e/contacts',
    'q?x={y}#z',
  ];
  for (const path of samples) {
    await client.request({ method: 'GET', path });
    const resolved = new URL(path, up.url);
    assert.equal(paths.at(-1), `${resolved.pathname}${resolved.search}`, path);
  }
  assert.deepEqual(
    samples.map((p) => plainPath(p)),
    [true, false, true, false, false, false, false],
  );
  // A colon in the first segment would make URL resolution read a scheme: never sent as is.
  assert.equal(plainPath('a1:b'), false);
  client.close();
  await up.close();
});

test('never has more requests in flight than the concurrency cap', async () => {
  let active = 0;
  let peak = 0;
  const up = await fakeUpstream((_req, res) => {
    active += 1;
    peak = Math.max(peak, active);
    setTimeout(() => {
      active -= 1;
      json(res, 200, { value: [] });
    }, 15);
  });
  const client = new UpstreamClient({ baseUrl: up.url, concurrency: 3 });
  await Promise.all(Array.from({ length: 12 }, () => client.request({ method: 'GET', path: 'contacts' })));
  assert.equal(peak, 3);
  assert.equal(client.stats().sent, 12);
  client.close();
  await up.close();
});

test('retries a GET after 429 honouring Retry-After, then succeeds', async () => {
  let calls = 0;
  const times: number[] = [];
  const up = await fakeUpstream((_req, res) => {
    calls += 1;
    times.push(Date.now());
    if (calls <= 2)
      json(res, 429, { error: { code: '0x80072322', message: 'limit' } }, { 'Retry-After': '1' });
    else json(res, 200, { value: [1] });
  });
  const client = new UpstreamClient({ baseUrl: up.url, maxRetryWaitMs: 5000 });
  const res = await client.request({ method: 'GET', path: 'incidents' });
  assert.equal(res.status, 200);
  assert.equal(res.attempts, 3);
  assert.ok(times[1]! - times[0]! >= 950, 'waited Retry-After before the first retry');
  client.close();
  await up.close();
});

test('does not retry an unconditional POST on 503; reports busy with the advised wait', async () => {
  let calls = 0;
  const up = await fakeUpstream((_req, res) => {
    calls += 1;
    json(res, 503, { error: { code: '', message: 'busy' } }, { 'Retry-After': '7' });
  });
  const client = new UpstreamClient({ baseUrl: up.url });
  const error = await client
    .request({ method: 'POST', path: 'CloseIncident', body: {} })
    .catch((e: unknown) => e);
  assert.ok(error instanceof UpstreamError);
  assert.equal(error.kind, 'busy');
  assert.equal(error.retryAfterSeconds, 7);
  assert.equal(calls, 1);
  client.close();
  await up.close();
});

test('gives up when Retry-After exceeds the total wait budget', async () => {
  let calls = 0;
  const up = await fakeUpstream((_req, res) => {
    calls += 1;
    json(res, 429, { error: { code: '0x80072322', message: 'limit' } }, { 'Retry-After': '120' });
  });
  const client = new UpstreamClient({ baseUrl: up.url, maxRetryWaitMs: 2000 });
  const started = Date.now();
  const error = await client.request({ method: 'GET', path: 'incidents' }).catch((e: unknown) => e);
  assert.ok(error instanceof UpstreamError && error.kind === 'busy' && error.retryAfterSeconds === 120);
  assert.equal(calls, 1);
  assert.ok(Date.now() - started < 1000);
  client.close();
  await up.close();
});

test('a conditional PATCH is retried after a connection reset; an unconditional one is not', async () => {
  let calls = 0;
  const up = await fakeUpstream((req, res) => {
    calls += 1;
    if (calls === 1) {
      req.socket.destroy();
      return;
    }
    res.writeHead(204);
    res.end();
  });
  const client = new UpstreamClient({ baseUrl: up.url });
  const ok = await client.request({
    method: 'PATCH',
    path: 'incidents(c0000000-0000-4000-8000-000000000001)',
    headers: { 'If-None-Match': '*' },
    body: { title: 'x' },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.attempts, 2);
  calls = 0;
  const error = await client
    .request({
      method: 'PATCH',
      path: 'incidents(c0000000-0000-4000-8000-000000000001)',
      body: { title: 'x' },
    })
    .catch((e: unknown) => e);
  assert.ok(error instanceof UpstreamError && error.kind === 'network');
  assert.equal(calls, 1);
  client.close();
  await up.close();
});

test('times out a silent upstream and reports timeout', async () => {
  const up = await fakeUpstream(() => {
    /* never answers */
  });
  const client = new UpstreamClient({ baseUrl: up.url, timeoutMs: 150, maxRetries: 0 });
  const error = await client.request({ method: 'GET', path: 'incidents' }).catch((e: unknown) => e);
  assert.ok(error instanceof UpstreamError && error.kind === 'timeout', String(error));
  client.close();
  await up.close();
});

test('times out an upstream that stalls half-way through its body, and clears the timer on success', async () => {
  const stalled: http.ServerResponse[] = [];
  const up = await fakeUpstream((req, res) => {
    if (req.url?.includes('slow')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"value":[');
      stalled.push(res);
      return;
    }
    json(res, 200, { value: [] });
  });
  const client = new UpstreamClient({ baseUrl: up.url, timeoutMs: 150, maxRetries: 0 });
  const started = Date.now();
  const error = await client.request({ method: 'GET', path: 'slow' }).catch((e: unknown) => e);
  assert.ok(error instanceof UpstreamError && error.kind === 'timeout', String(error));
  assert.ok(Date.now() - started < 2000, 'the timeout fired on time');
  // A request that completes leaves no timer behind that could fail it later.
  const ok = await client.request({ method: 'GET', path: 'fast' });
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body, { value: [] });
  for (const res of stalled) res.destroy();
  client.close();
  await up.close();
});

/** An upstream that takes requests and never answers; counts what reached it. */
async function frozenUpstream() {
  const seen: string[] = [];
  const up = await fakeUpstream((req) => void seen.push(`${req.method} ${req.url}`));
  return { ...up, seen };
}

const settle = (work: Promise<unknown>, started: number) =>
  work.then(
    () => ({ error: undefined, ms: Date.now() - started }),
    (error: unknown) => ({ error: error as UpstreamError, ms: Date.now() - started }),
  );

test('one deadline bounds the slot wait and every attempt; a request that got no slot was never sent', async (t) => {
  const up = await frozenUpstream();
  const deadlineMs = 600;
  const client = new UpstreamClient({ baseUrl: up.url, concurrency: 2, timeoutMs: 400, deadlineMs });
  t.after(() => (client.close(), up.close()));
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => settle(client.request({ method: 'GET', path: `r${i}` }), started)),
  );
  for (const { error, ms } of results) {
    assert.ok(error instanceof UpstreamError, String(error));
    assert.ok(ms < deadlineMs + 300, `answered after ${ms} ms`);
  }
  // The first two time out at 400 ms and retry with what is left; two of the four waiting get the
  // freed slots until the deadline; the last two never get one.
  const sent = results.filter((r) => r.error!.kind === 'timeout');
  const neverSent = results.filter((r) => r.error!.kind === 'busy');
  assert.equal(sent.length + neverSent.length, 6);
  assert.ok(neverSent.length > 0, 'some waited the whole deadline for a slot');
  assert.equal(up.seen.length, client.stats().sent, 'every send reached the upstream');
  assert.ok(up.seen.length <= 4 + sent.length, `${up.seen.length} sends`);
  assert.deepEqual([client.stats().inFlight, client.stats().queued], [0, 0]);
});

test('a timed-out attempt is retried only within the deadline of the first', async (t) => {
  const up = await frozenUpstream();
  const client = new UpstreamClient({ baseUrl: up.url, timeoutMs: 400, deadlineMs: 600 });
  t.after(() => (client.close(), up.close()));
  const { error, ms } = await settle(client.request({ method: 'GET', path: 'incidents' }), Date.now());
  assert.ok(error instanceof UpstreamError && error.kind === 'timeout', String(error));
  assert.equal(error.attempts, 2, 'the retry was sent, and cut short by the deadline');
  assert.equal(up.seen.length, 2);
  // Two full timeouts and the back-off between them would be 900 ms.
  assert.ok(ms >= 590 && ms < 850, `gave up after ${ms} ms`);
});

test('a Retry-After wait that would end past the deadline is not started', async () => {
  let calls = 0;
  const up = await fakeUpstream((_req, res) => {
    calls += 1;
    json(res, 429, { error: { code: '0x80072322', message: 'limit' } }, { 'Retry-After': '2' });
  });
  const client = new UpstreamClient({ baseUrl: up.url, maxRetryWaitMs: 20_000, deadlineMs: 1000 });
  const { error, ms } = await settle(client.request({ method: 'GET', path: 'incidents' }), Date.now());
  assert.ok(error instanceof UpstreamError && error.kind === 'busy', String(error));
  assert.equal(error.retryAfterSeconds, 2);
  assert.equal(calls, 1);
  assert.ok(ms < 500, `answered after ${ms} ms`);
  client.close();
  await up.close();
});

test('calls under one budget share its deadline, and its signal ends their waits unsent', async (t) => {
  const up = await frozenUpstream();
  const client = new UpstreamClient({ baseUrl: up.url, concurrency: 1, timeoutMs: 10_000 });
  t.after(() => (client.close(), up.close()));
  const gone = new AbortController();
  const started = Date.now();
  const [holding, waiting] = withUpstreamBudget({ deadline: Date.now() + 5000, signal: gone.signal }, () => [
    settle(client.request({ method: 'GET', path: 'first' }), started),
    settle(client.request({ method: 'GET', path: 'second' }), started),
  ]);
  await new Promise((r) => setTimeout(r, 150));
  assert.deepEqual([client.stats().inFlight, client.stats().queued], [1, 1]);
  gone.abort();
  const [a, b] = await Promise.all([holding!, waiting!]);
  assert.ok(a.ms < 1000 && b.ms < 1000, 'both stopped when the caller went away');
  assert.equal(a.error?.kind, 'timeout', 'a read that was out may have been seen');
  assert.equal(b.error?.kind, 'busy', 'a request that never got a slot did nothing');
  assert.deepEqual(up.seen, ['GET /ORG/api/data/v9.0/first']);
  assert.deepEqual([client.stats().inFlight, client.stats().queued], [0, 0]);

  const budget = { deadline: Date.now() + 300 };
  const late = await settle(
    withUpstreamBudget(budget, () => client.request({ method: 'GET', path: 'third' })),
    Date.now(),
  );
  assert.equal(late.error?.kind, 'timeout');
  assert.ok(late.ms < 800, `the budget's 300 ms bound the call, not timeoutMs (${late.ms} ms)`);
});

test('after a write of the same budget went out, giving up says timeout, never "nothing was written"', async () => {
  const up = await fakeUpstream((req, res) => {
    if (req.method === 'POST') {
      res.writeHead(204);
      res.end();
    } else json(res, 429, { error: { code: '0x80072322', message: 'limit' } }, { 'Retry-After': '60' });
  });
  const client = new UpstreamClient({ baseUrl: up.url });
  const alone = await settle(client.request({ method: 'GET', path: 'incidents' }), Date.now());
  assert.equal(alone.error?.kind, 'busy');
  const afterWrite = await settle(
    withUpstreamBudget({ deadline: Date.now() + 5000 }, async () => {
      await client.request({ method: 'POST', path: 'CloseIncident', body: {} });
      return client.request({ method: 'GET', path: 'incidents' });
    }),
    Date.now(),
  );
  assert.equal(afterWrite.error?.kind, 'timeout');
  client.close();
  await up.close();
});

test('refreshes the token once on 401', async () => {
  let calls = 0;
  let invalidated = 0;
  const up = await fakeUpstream((req, res) => {
    calls += 1;
    if (req.headers.authorization === 'Bearer old')
      json(res, 401, { error: { code: '', message: 'expired' } });
    else json(res, 200, {});
  });
  let token = 'old';
  const client = new UpstreamClient({
    baseUrl: up.url,
    tokenProvider: { getToken: async () => token, invalidate: () => ((token = 'new'), (invalidated += 1)) },
  });
  const res = await client.request({ method: 'GET', path: 'WhoAmI' });
  assert.equal(res.status, 200);
  assert.equal(invalidated, 1);
  assert.equal(calls, 2);
  client.close();
  await up.close();
});

test('options are validated with the option name', () => {
  assert.throws(() => new UpstreamClient({ baseUrl: 'nope' }), /baseUrl "nope"/);
  assert.throws(() => new UpstreamClient({ baseUrl: 'http://x/', concurrency: 99 }), /concurrency = 99/);
  assert.throws(() => new UpstreamClient({ baseUrl: 'http://x/', deadlineMs: 0 }), /deadlineMs = 0/);
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(undefined), undefined);
});
