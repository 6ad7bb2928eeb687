/**
 * Fault tests: the emulator injects 429 storms, 503s, slow answers, a frozen Dataverse and
 * connection resets in the middle of writes. Nothing may be duplicated, no write Portico
 * acknowledged may be lost, every answer comes within the request deadline, and a process that
 * dies with a write out leaves its audit intent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIENCE, DEMO_IDS, ISSUER, JWT_SECRET, startHarness } from '../testing/proxy-harness.js';
import type { Harness } from '../testing/proxy-harness.js';

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

  test('a frozen Dynamics and twice as many users as the upstream cap: every answer comes within the deadline', async () => {
    const cap = 3;
    const frozen = await startHarness({ upstreamConcurrency: cap, upstreamTimeoutMs: 400 });
    try {
      const deadlineMs = frozen.server.config.requestDeadlineMs;
      assert.equal(deadlineMs, 800, 'the default deadline is twice the upstream timeout');
      // Versions to save with, and the agent's account look-up cached, while Dynamics still answers.
      const editable = [];
      const listOf = { alice: 'my-cases', bob: 'my-cases', vera: 'account-cases' } as const;
      for (const as of ['alice', 'bob', 'vera'] as const) {
        const list = await frozen.call('GET', `/api/v1/lists/${listOf[as]}/records`, { as });
        assert.equal(list.status, 200, list.text);
        const read = await frozen.call('GET', `/api/v1/forms/case-edit/records/${list.body.rows[0].id}`, {
          as,
        });
        editable.push({ as, id: read.body.id as string, etag: read.body.etag as string });
      }
      frozen.emulator.faults.inject({ hang: true, times: 1000 });
      const users = [
        ...editable.map(
          ({ as }) =>
            () =>
              frozen.call('GET', `/api/v1/lists/${listOf[as]}/records`, { as }),
        ),
        ...editable.map(
          ({ as, id, etag }) =>
            () =>
              frozen.call('PATCH', `/api/v1/forms/case-edit/records/${id}`, {
                as,
                body: { values: { title: 'Saved into a frozen Dynamics' } },
                headers: { 'If-Match': etag },
              }),
        ),
      ];
      assert.equal(users.length, 2 * cap);
      const answers = await Promise.all(
        users.map(async (send) => {
          const started = Date.now();
          const res = await send();
          return { res, ms: Date.now() - started };
        }),
      );
      // Generous: the machine may be busy; without the deadline the last answers took four timeouts.
      const margin = 600;
      for (const { res, ms } of answers) {
        assert.ok(ms <= deadlineMs + margin, `answered after ${ms} ms (deadline ${deadlineMs} ms)`);
        const expected = { 503: 'PORTICO_UPSTREAM_BUSY', 504: 'PORTICO_UPSTREAM_TIMEOUT' }[
          res.status as 503 | 504
        ];
        assert.ok(expected, `status ${res.status}: ${res.text}`);
        assert.equal(res.body.error.code, expected);
        if (res.status === 503) assert.ok(Number(res.headers.get('retry-after')) >= 1);
      }
      // Every save that was attempted is on record, intent and outcome.
      const saves = answers.slice(cap).map(({ res }) => res.body.error.requestId as string);
      for (const phase of ['intent', 'outcome'] as const) {
        const ids = frozen.audit(phase).map((line) => line.requestId);
        for (const id of saves) assert.ok(ids.includes(id), `${phase} line for ${id}`);
      }
      frozen.emulator.faults.clear();
      const thawed = await frozen.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' });
      assert.equal(thawed.status, 200, 'no upstream slot was left behind');
    } finally {
      await frozen.close();
    }
  });
});

/** Starts `npm run server` (the CLI) in its own process against the harness's emulator. */
async function serverProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/stack/cli.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORTICO_JWT_SECRET: JWT_SECRET,
      PORTICO_JWT_ISSUER: ISSUER,
      PORTICO_JWT_AUDIENCE: AUDIENCE,
      PORTICO_SIGNING_SECRET: 'signing-secret-for-tests-0123456789abcdef',
      PORTICO_PORT: '0',
      PORTICO_SCHEMA_DRIFT_CHECK: 'false',
      DATAVERSE_URL: h.emulator.url,
      ...env,
    },
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${out}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)","msg":"Portico server listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${out}`)));
  });
  return { child, url };
}

describe('audit across a crash', () => {
  test('a write out when the process dies leaves its intent line; a finished one has intent and outcome', async () => {
    const auditFile = join(mkdtempSync(join(tmpdir(), 'portico-crash-')), 'audit.log');
    const { child, url } = await serverProcess({ PORTICO_AUDIT_LOG: auditFile });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const headers = {
        Authorization: `Bearer ${await h.token('vera')}`,
        'Content-Type': 'application/json',
      };
      const created = await fetch(`${url}/api/v1/forms/case-create/records`, {
        method: 'POST',
        headers: { ...headers, 'X-Request-Id': 'crash-test-create-0001' },
        body: JSON.stringify({ values: { title: 'Written before the crash', description: 'Private' } }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const record = (await created.json()) as { id: string; etag: string };

      h.emulator.faults.inject({ match: PATCH_INCIDENT, hang: true });
      const lost = fetch(`${url}/api/v1/forms/case-edit/records/${record.id}`, {
        method: 'PATCH',
        headers: { ...headers, 'X-Request-Id': 'crash-test-update-0001', 'If-Match': record.etag },
        body: JSON.stringify({ values: { title: 'Sent when the process died' } }),
      }).catch(() => 'no answer');
      // The update has reached Dynamics (which holds it) when the process is killed.
      for (let i = 0; i < 200 && h.emulator.faults.armed() > 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(h.emulator.faults.armed(), 0, 'the update reached Dynamics');
      child.kill('SIGKILL');
      await exited;
      assert.equal(await lost, 'no answer');

      const lines = readFileSync(auditFile, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const of = (requestId: string) => lines.filter((line) => line.requestId === requestId);
      assert.deepEqual(
        of('crash-test-create-0001').map((line) => [line.phase, line.operation, line.id, line.outcome]),
        [
          ['intent', 'create', record.id, undefined],
          ['outcome', 'create', record.id, 'success'],
        ],
      );
      const [intent, ...rest] = of('crash-test-update-0001');
      assert.deepEqual(rest, [], 'no outcome: the process died first');
      assert.deepEqual(
        [intent?.phase, intent?.operation, intent?.entity, intent?.form, intent?.id, intent?.fields],
        ['intent', 'update', 'incident', 'case-edit', record.id, ['title']],
      );
      assert.deepEqual(intent?.user, {
        sub: 'site-user-vera',
        contactId: DEMO_IDS.contacts.vera,
        role: 'agent',
      });
      const text = readFileSync(auditFile, 'utf8');
      for (const value of ['Sent when the process died', 'Written before the crash', 'Private'])
        assert.ok(!text.includes(value), 'the audit log never holds values');
    } finally {
      child.kill('SIGKILL');
      h.emulator.faults.clear();
      assert.ok(existsSync(auditFile));
    }
  });
});
