/**
 * Fault tests: the emulator injects 429 storms, 503s, slow answers and connection resets in the
 * middle of writes. Nothing may be duplicated, and no write Portico acknowledged may be lost.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS, startHarness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
before(async () => {
  h = await startHarness({ upstreamMaxRetryWaitMs: 5000 });
});
after(async () => {
  await h.close();
});

/** Rows straight from the emulator (bypassing Portico) matching a title. */
async function upstreamByTitle(title: string): Promise<Array<Record<string, unknown>>> {
  const filter = encodeURIComponent(`title eq '${title.replaceAll("'", "''")}'`);
  const res = await fetch(`${h.emulator.url}incidents?$select=incidentid,title,statecode&$filter=${filter}`);
  return ((await res.json()) as { value: Array<Record<string, unknown>> }).value;
}

async function upstreamCase(id: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${h.emulator.url}incidents(${id})?$select=title,statecode,_ownerid_value`);
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
}

async function freshCase(title: string): Promise<{ id: string; etag: string }> {
  const res = await h.call('POST', '/api/v1/forms/case-create/records', {
    as: 'vera',
    body: { values: { title } },
  });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

const PATCH_INCIDENT = { method: 'PATCH', path: /\/incidents\(/ };

describe('throttling', () => {
  test('a 429 storm on a list page is ridden out by honouring Retry-After', async () => {
    h.emulator.requestLog.clear();
    h.emulator.faults.inject({
      match: { method: 'GET', path: /\/incidents\?/ },
      times: 2,
      respond: { status: 429, retryAfterSeconds: 1 },
    });
    const started = Date.now();
    const res = await h.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.rows.length > 0);
    assert.ok(Date.now() - started >= 1900, 'waited the advised seconds');
    assert.equal(h.emulator.requestLog.count({ method: 'GET', path: /\/incidents\?/ }), 3);
  });

  test('throttling longer than the wait budget is a 503 with Retry-After, and nothing is written', async () => {
    const target = await freshCase('Throttled save');
    h.emulator.requestLog.clear();
    h.emulator.faults.inject({
      match: PATCH_INCIDENT,
      times: 1,
      respond: { status: 429, retryAfterSeconds: 60 },
    });
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${target.id}`, {
      as: 'vera',
      body: { values: { title: 'Should not be stored' } },
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 503);
    assert.equal(res.body.error.code, 'PORTICO_UPSTREAM_BUSY');
    assert.equal(res.headers.get('retry-after'), '60');
    assert.equal((await upstreamCase(target.id))?.title, 'Throttled save');
    const audit = h.audit().filter((e) => e.id === target.id && e.operation === 'update');
    assert.equal(audit.at(-1)?.outcome, 'busy');
    h.emulator.faults.clear();
  });

  test('a 503 on save is retried (If-Match makes it safe) and the write lands once', async () => {
    const target = await freshCase('Save through a 503');
    h.emulator.requestLog.clear();
    h.emulator.faults.inject({ match: PATCH_INCIDENT, times: 1, respond: { status: 503 } });
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${target.id}`, {
      as: 'vera',
      body: { values: { title: 'Saved after a 503' } },
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal((await upstreamCase(target.id))?.title, 'Saved after a 503');
    assert.equal(h.emulator.requestLog.count({ method: 'PATCH' }), 2);
  });

  test('a 503 on resolve (CloseIncident is not idempotent) is not retried and nothing changes', async () => {
    const target = await freshCase('Resolve through a 503');
    h.emulator.requestLog.clear();
    h.emulator.faults.inject({
      match: { method: 'POST', path: /CloseIncident/ },
      times: 1,
      respond: { status: 503 },
    });
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/resolve`, {
      as: 'vera',
      body: { resolution: 'Fixed' },
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 503);
    assert.equal(h.emulator.requestLog.count({ method: 'POST', path: /CloseIncident/ }), 1);
    assert.equal((await upstreamCase(target.id))?.statecode, 0);
  });

  test('ten concurrent creates through a 429 storm: every acknowledged create exists exactly once', async () => {
    h.emulator.faults.inject({
      match: PATCH_INCIDENT,
      times: 6,
      respond: { status: 429, retryAfterSeconds: 1 },
    });
    const titles = Array.from({ length: 10 }, (_, i) => `Storm case ${i}`);
    const results = await Promise.all(
      titles.map((title) =>
        h.call('POST', '/api/v1/forms/case-create/records', { as: 'alice', body: { values: { title } } }),
      ),
    );
    for (const [i, res] of results.entries()) {
      assert.equal(res.status, 201, res.text);
      const rows = await upstreamByTitle(titles[i]!);
      assert.equal(rows.length, 1, `${titles[i]} exists once`);
      assert.equal(rows[0]!.incidentid, res.body.id);
    }
  });
});

describe('connection resets in the middle of a write', () => {
  test('create: the answer is lost after the commit; the retry gets 412 and reads it back — one record, 201', async () => {
    const title = `Reset create ${Date.now()}`;
    h.emulator.requestLog.clear();
    h.emulator.faults.inject({ match: PATCH_INCIDENT, times: 1, resetConnection: 'afterCommit' });
    const res = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'bob',
      body: { values: { title } },
    });
    assert.equal(res.status, 201, res.text);
    const rows = await upstreamByTitle(title);
    assert.equal(rows.length, 1, 'no duplicate');
    assert.equal(rows[0]!.incidentid, res.body.id);
    assert.equal(h.emulator.requestLog.count({ method: 'PATCH' }), 2, 'one retry');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${res.body.id}`, { as: 'bob' });
    assert.equal(read.body.values.customerid.id, DEMO_IDS.contacts.bob);
  });

  test('update: the answer is lost after the commit; the retry recognises its own write — acknowledged and stored', async () => {
    const target = await freshCase('Reset update');
    h.emulator.faults.inject({ match: PATCH_INCIDENT, times: 1, resetConnection: 'afterCommit' });
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${target.id}`, {
      as: 'vera',
      body: { values: { title: 'Stored despite the reset' } },
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.values.title, 'Stored despite the reset');
    assert.equal((await upstreamCase(target.id))?.title, 'Stored despite the reset');
    // The new version token works for the next save.
    const next = await h.call('PATCH', `/api/v1/forms/case-edit/records/${target.id}`, {
      as: 'vera',
      body: { values: { title: 'And again' } },
      headers: { 'If-Match': res.body.etag },
    });
    assert.equal(next.status, 200, next.text);
  });

  test('update: a reset before the upstream handled it is retried and stored once', async () => {
    const target = await freshCase('Reset before handling');
    h.emulator.requestLog.clear();
    h.emulator.faults.inject({ match: PATCH_INCIDENT, times: 1, resetConnection: 'beforeHandling' });
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${target.id}`, {
      as: 'vera',
      body: { values: { title: 'Retried' } },
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal((await upstreamCase(target.id))?.title, 'Retried');
  });

  test('assign: the answer is lost after the commit; acknowledged, and the owner is set', async () => {
    const target = await freshCase('Reset assign');
    h.emulator.faults.inject({ match: PATCH_INCIDENT, times: 1, resetConnection: 'afterCommit' });
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.fieldService, type: 'team' } },
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.values.ownerid.id, DEMO_IDS.teams.fieldService);
    assert.equal((await upstreamCase(target.id))?._ownerid_value, DEMO_IDS.teams.fieldService);
  });

  test('delete: the answer is lost after the commit; the retry finds it gone — 204', async () => {
    const target = await freshCase('Reset delete');
    h.emulator.faults.inject({
      match: { method: 'DELETE', path: /\/incidents\(/ },
      times: 1,
      resetConnection: 'afterCommit',
    });
    const res = await h.call('DELETE', `/api/v1/forms/case-edit/records/${target.id}`, {
      as: 'vera',
      headers: { 'If-Match': target.etag },
    });
    assert.equal(res.status, 204, res.text);
    assert.equal(await upstreamCase(target.id), undefined);
  });
});

describe('timeouts', () => {
  test('a slow upstream gives 504 PORTICO_UPSTREAM_TIMEOUT within the bound, and the server stays healthy', async () => {
    const slow = await startHarness({ upstreamTimeoutMs: 300 });
    try {
      slow.emulator.faults.inject({
        match: { method: 'GET', path: /\/incidents\?/ },
        times: 2,
        delayMs: 1500,
      });
      const started = Date.now();
      const res = await slow.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' });
      assert.equal(res.status, 504);
      assert.equal(res.body.error.code, 'PORTICO_UPSTREAM_TIMEOUT');
      assert.ok(Date.now() - started < 1400, 'gave up before the upstream answered');
      assert.equal(slow.upstreamWrites(), 0);
      const after = await slow.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' });
      assert.equal(after.status, 200);
    } finally {
      await slow.close();
    }
  });
});
