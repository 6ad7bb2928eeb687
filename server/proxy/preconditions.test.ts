/**
 * Action preconditions, enforced by the server: every Case action × every Case state × every role,
 * each asserting the answer and that nothing was written when the action was refused. The widget
 * offers an action only while its precondition holds, but an attacker calls the route directly, so
 * these requests go straight to the API with a version token read in each state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRegistry } from '../config/index.js';
import { copySchemas } from '../testing/schema-copies.js';
import { DEMO_IDS, startHarness } from '../testing/proxy-harness.js';
import type { Harness } from '../testing/proxy-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

type User = 'alice' | 'vera';
type Action = 'save' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen';

/** Case states as Dynamics has them: the state and one of its status reasons. */
const STATES = [
  { name: 'active, in progress', statecode: 0, statuscode: 1 },
  { name: 'active, on hold', statecode: 0, statuscode: 2 },
  { name: 'active, waiting for details', statecode: 0, statuscode: 3 },
  { name: 'resolved', statecode: 1, statuscode: 5 },
  { name: 'cancelled', statecode: 2, statuscode: 6 },
] as const;

const ACTIONS: Action[] = ['save', 'delete', 'assign', 'resolve', 'cancel', 'reopen'];

/** What each role may do at all (schemas/access.json), independent of state. */
const PRIVILEGED: Record<User, ReadonlySet<Action>> = {
  alice: new Set(['save', 'cancel', 'reopen']),
  vera: new Set(ACTIONS),
};

/** Dynamics' Case state model: what each action needs. */
const STATE_ALLOWS: Record<Action, (statecode: number) => boolean> = {
  save: (s) => s === 0,
  assign: (s) => s === 0,
  resolve: (s) => s === 0,
  cancel: (s) => s === 0,
  reopen: (s) => s !== 0,
  delete: () => true,
};

async function emulator(method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${h.emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(
    `${h.emulator.url}incidents(${id})?$select=title,statecode,statuscode,_ownerid_value`,
  );
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
}

/** A case of `user`'s, put into `state` directly in the emulator (as an agent in Dynamics would). */
async function caseIn(user: User, state: (typeof STATES)[number], title: string): Promise<string> {
  const created = await h.call('POST', '/api/v1/forms/case-create/records', {
    as: user,
    body: { values: { title } },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  if (state.statecode === 1) {
    const closed = await emulator('POST', 'CloseIncident', {
      IncidentResolution: { subject: 'Closed by staff', 'incidentid@odata.bind': `/incidents(${id})` },
      Status: state.statuscode,
    });
    assert.equal(closed, 204);
  } else if (state.statecode !== 0 || state.statuscode !== 1) {
    const patched = await emulator('PATCH', `incidents(${id})`, {
      statecode: state.statecode,
      statuscode: state.statuscode,
    });
    assert.equal(patched, 204);
  }
  return id;
}

function request(action: Action, id: string): { method: string; path: string; body?: unknown } {
  const record = `/api/v1/forms/case-edit/records/${id}`;
  switch (action) {
    case 'save':
      return { method: 'PATCH', path: record, body: { values: { title: 'Changed by the portal' } } };
    case 'delete':
      return { method: 'DELETE', path: record };
    case 'assign':
      return {
        method: 'POST',
        path: `${record}/actions/assign`,
        body: { owner: { id: DEMO_IDS.teams.escalations, type: 'team' } },
      };
    case 'resolve':
      return { method: 'POST', path: `${record}/actions/resolve`, body: { resolution: 'Fixed remotely' } };
    default:
      return { method: 'POST', path: `${record}/actions/${action}`, body: {} };
  }
}

describe('every Case action in every Case state for every role', () => {
  for (const user of ['alice', 'vera'] as const) {
    for (const state of STATES) {
      for (const action of ACTIONS) {
        const privileged = PRIVILEGED[user].has(action);
        const allowed = STATE_ALLOWS[action](state.statecode);
        const expected = !privileged ? 'refused by role' : allowed ? 'done' : 'refused by state';
        test(`${user}: ${action} on a case that is ${state.name} is ${expected}`, async () => {
          const id = await caseIn(user, state, `${action} when ${state.name}`);
          const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: user });
          assert.equal(read.status, 200, read.text);
          const before = await stored(id);
          const { method, path, body } = request(action, id);
          h.emulator.requestLog.clear();
          const res = await h.call(method, path, { as: user, body, headers: { 'If-Match': read.body.etag } });
          if (expected === 'done') {
            assert.ok(res.status === 200 || res.status === 204, `${res.status} ${res.text}`);
            assert.ok(h.upstreamWrites() >= 1, 'the write reached Dataverse');
            return;
          }
          if (expected === 'refused by role') {
            assert.equal(res.status, 403, res.text);
            assert.equal(res.body.error.code, 'PORTICO_ACCESS_DENIED');
          } else {
            assert.equal(res.status, 409, res.text);
            assert.equal(res.body.error.code, 'PORTICO_RECORD_STATE');
            assert.doesNotMatch(res.body.error.message, /Dynamics|statecode|statuscode/);
            // The record as it is now comes back, so the widget can show it and what it still offers.
            assert.equal(res.body.error.current.id, id);
            assert.notEqual(res.body.error.current.etag, undefined);
          }
          assert.equal(h.upstreamWrites(), 0, 'nothing was written');
          assert.deepEqual(await stored(id), before);
        });
      }
    }
  }
});

describe('what a refusal says', () => {
  test('a customer reopening a case on hold: the status reason the agent set is kept', async () => {
    const id = await caseIn('alice', STATES[1], 'On hold, not to be reopened');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'alice' });
    h.emulator.requestLog.clear();
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${id}/actions/reopen`, {
      as: 'alice',
      body: {},
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.message, 'This case is already open.');
    assert.equal(h.emulator.requestLog.count({ method: 'PATCH' }), 0);
    assert.equal((await stored(id))?.statuscode, 2);
  });

  test('saving a closed case names the state and the way out, for a role that may reopen', async () => {
    const id = await caseIn('vera', STATES[3], 'Resolved, then edited');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'vera' });
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${id}`, {
      as: 'vera',
      body: { values: { title: 'Too late' } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.message, 'This case is resolved. Reopen it first.');
    assert.equal(res.body.error.current.values.statecode, 1);
  });

  test('the audit line records the refused attempt', async () => {
    const id = await caseIn('vera', STATES[4], 'Cancelled, then assigned');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'vera' });
    await h.call('POST', `/api/v1/forms/case-edit/records/${id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.escalations, type: 'team' } },
      headers: { 'If-Match': read.body.etag },
    });
    const lines = h.audit().filter((e) => e.id === id && e.operation === 'assign');
    assert.equal(lines.at(-1)?.code, 'PORTICO_RECORD_STATE');
    assert.equal(lines.at(-1)?.status, 409);
  });
});

describe('the state a version token pins', () => {
  test('a state changed since the read is a conflict, never a write over it', async () => {
    const id = await caseIn('alice', STATES[0], 'Resolved behind her back');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'alice' });
    await emulator('POST', 'CloseIncident', {
      IncidentResolution: { subject: 'Closed by staff', 'incidentid@odata.bind': `/incidents(${id})` },
      Status: 5,
    });
    h.emulator.requestLog.clear();
    // Her token says "active", where cancel is allowed; If-Match carries that version, so the write
    // cannot land on the resolved case.
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${id}/actions/cancel`, {
      as: 'alice',
      body: {},
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(res.status, 412, res.text);
    assert.equal(res.body.error.code, 'PORTICO_RECORD_CONFLICT');
    assert.equal(res.body.error.current.values.statecode, 1);
    assert.equal((await stored(id))?.statecode, 1);
  });

  test('an action refused on what the user saw, now allowed after a change, is a conflict that shows the change', async () => {
    const id = await caseIn('alice', STATES[0], 'Cancelled behind her back');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'alice' });
    await emulator('PATCH', `incidents(${id})`, { statecode: 2, statuscode: 6 });
    h.emulator.requestLog.clear();
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${id}/actions/reopen`, {
      as: 'alice',
      body: {},
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(res.status, 412, res.text);
    assert.equal(res.body.error.code, 'PORTICO_RECORD_CONFLICT');
    assert.equal(res.body.error.current.values.statecode, 2);
    assert.equal(h.upstreamWrites(), 0);
  });

  test('a precondition costs no upstream call when it holds: a save is still one call', async () => {
    const id = await caseIn('vera', STATES[0], 'One call');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'vera' });
    h.emulator.requestLog.clear();
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${id}`, {
      as: 'vera',
      body: { values: { title: 'Still one call' } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(h.emulator.requestLog.entries().length, 1);
  });

  test('a token read through a list carries the state too: list rows act without another read', async () => {
    const id = await caseIn('vera', STATES[3], 'Resolved in the list');
    const page = await h.call(
      'GET',
      `/api/v1/lists/account-cases/records?search=${encodeURIComponent('Resolved in the list')}`,
      {
        as: 'vera',
      },
    );
    const row = (page.body.rows as Array<{ id: string; etag: string }>).find((r) => r.id === id);
    assert.ok(row, page.text);
    h.emulator.requestLog.clear();
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${id}/actions/cancel`, {
      as: 'vera',
      body: {},
      headers: { 'If-Match': row.etag },
    });
    assert.equal(res.status, 409, res.text);
    assert.equal(h.upstreamWrites(), 0);
  });
});

describe("a form's own precondition", () => {
  test('an inactive contact is read-only on the agent form (declared `when` on save)', async () => {
    const created = await h.call('POST', '/api/v1/forms/contact-agent/records', {
      as: 'vera',
      body: {
        values: { firstname: 'Ina', lastname: 'Active', emailaddress1: 'ina.active@fabrikam.example' },
      },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal(await emulator('PATCH', `contacts(${id})`, { statecode: 1, statuscode: 2 }), 204);
    const read = await h.call('GET', `/api/v1/forms/contact-agent/records/${id}`, { as: 'vera' });
    h.emulator.requestLog.clear();
    const res = await h.call('PATCH', `/api/v1/forms/contact-agent/records/${id}`, {
      as: 'vera',
      body: { values: { jobtitle: 'Gone' } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(res.status, 409, res.text);
    assert.equal(res.body.error.code, 'PORTICO_RECORD_STATE');
    assert.equal(res.body.error.message, 'This contact cannot be changed while its status is Inactive.');
    assert.equal(h.upstreamWrites(), 0);
    // Delete declares no precondition: an inactive contact can still be deleted.
    const deleted = await h.call('DELETE', `/api/v1/forms/contact-agent/records/${id}`, {
      as: 'vera',
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(deleted.status, 204, deleted.text);
  });
});

describe('a precondition the admin forgot is not a hole', () => {
  test("with every `when` removed from the case forms, Dynamics' Case state model still holds", async () => {
    const dir = await copySchemas();
    for (const form of ['case-edit', 'case-view']) {
      const file = join(dir, 'forms', `${form}.json`);
      const raw = JSON.parse(await readFile(file, 'utf8')) as { actions: Array<Record<string, unknown>> };
      for (const action of raw.actions) delete action.when;
      await writeFile(file, JSON.stringify(raw));
    }
    const loaded = await loadRegistry(dir);
    assert.ok(loaded.ok);
    const registry = loaded.registry;
    const bare = await startHarness({
      registry: {
        current: () => registry,
        status: () => ({ version: registry.version, files: registry.files }),
      },
    });
    try {
      const created = await bare.call('POST', '/api/v1/forms/case-create/records', {
        as: 'alice',
        body: { values: { title: 'No declared preconditions' } },
      });
      const id = created.body.id as string;
      const read = await bare.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'alice' });
      bare.emulator.requestLog.clear();
      const reopen = await bare.call('POST', `/api/v1/forms/case-edit/records/${id}/actions/reopen`, {
        as: 'alice',
        body: {},
        headers: { 'If-Match': read.body.etag },
      });
      assert.equal(reopen.status, 409, reopen.text);
      assert.equal(reopen.body.error.code, 'PORTICO_RECORD_STATE');
      assert.equal(bare.upstreamWrites(), 0);
      // The widget is still told what to offer: the built-in rule reaches the definition.
      const definition = await bare.call('GET', '/api/v1/forms/case-edit', { as: 'alice' });
      const offered = Object.fromEntries(
        (definition.body.actions as Array<{ id: string; when?: unknown }>).map((a) => [a.id, a.when]),
      );
      assert.deepEqual(offered.reopen, { field: 'statecode', notEquals: 0 });
      assert.deepEqual(offered.cancel, { field: 'statecode', equals: 0 });
    } finally {
      await bare.close();
    }
  });
});
