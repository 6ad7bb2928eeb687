/**
 * Upstream economy: how many Dataverse calls each user action costs on warm caches, counted from
 * the emulator's request log. The budgets are the published figures (README); this test fails if
 * any action starts spending more.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS, startHarness } from '../testing/proxy-harness.js';
import type { Harness } from '../testing/proxy-harness.js';

/** Published budget per action (upstream calls, warm caches). */
export const UPSTREAM_BUDGET = {
  'open a form definition': 0,
  'open an edit form (read the record)': 1,
  'save an edit form': 1,
  'create a record': 1,
  'list a page': 1,
  'list the next page': 1,
  'delete a record': 1,
  'assign a case': 1,
  'cancel a case': 1,
  'reopen a case': 1,
  'resolve a case': 3,
  'list assignable owners': 0,
  'load the validator module': 0,
  'conflict on save (returns the current record)': 2,
  'list a page through a scope chain': 1,
  'open a record held through a scope chain': 1,
  'save a record held only through another record (scope re-read)': 2,
  'create a record for a chosen contact (one check read)': 2,
  'assign a contact': 1,
  'lookup candidates for one target table': 1,
  'lookup candidates for a customer (account and contacts)': 2,
  'open a case with its first page of notes': 1,
  'add a note (with the record etag)': 1,
  'add a note with two files (one change set)': 1,
  'load older notes': 1,
  'download an attachment': 1,
} as const;

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

async function count(action: () => Promise<void>): Promise<number> {
  h.emulator.requestLog.clear();
  await action();
  return h.emulator.requestLog.count();
}

/** The notes actions on Alice's case `id`, read with version `etag`. */
async function measureNotes(id: string, etag: string, measured: Record<string, number>): Promise<void> {
  const notesPath = `/api/v1/forms/case-edit/records/${id}/notes`;
  let key = 0;
  const addNote = (files: number) => {
    const form = new FormData();
    form.append('text', `Economy note ${key}`);
    for (let i = 0; i < files; i += 1)
      form.append('files', new Blob([`file ${i}\n`], { type: 'text/plain' }), `economy-${i}.txt`);
    key += 1;
    return h.call('POST', notesPath, {
      as: 'alice',
      form,
      headers: { 'Idempotency-Key': `economy-note-key-${String(key).padStart(4, '0')}`, 'If-Match': etag },
    });
  };
  // Warm-up: the author's name, then enough notes for an older page.
  for (let i = 0; i < 11; i += 1) assert.equal((await addNote(0)).status, 201);
  let older = '';
  measured['open a case with its first page of notes'] = await count(async () => {
    const res = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'alice' });
    assert.equal(res.status, 200);
    assert.equal(res.body.notes.value.length, 10);
    older = res.body.notes.next;
  });
  measured['add a note (with the record etag)'] = await count(async () => {
    const res = await addNote(0);
    assert.equal(res.status, 201, res.text);
  });
  let attachment = '';
  measured['add a note with two files (one change set)'] = await count(async () => {
    const res = await addNote(2);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.value.length, 2);
    attachment = res.body.value[1].id;
  });
  measured['load older notes'] = await count(async () => {
    const res = await h.call('GET', `${notesPath}?before=${encodeURIComponent(older)}`, { as: 'alice' });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.value.length > 0);
  });
  measured['download an attachment'] = await count(async () => {
    const res = await h.call('GET', `${notesPath}/${attachment}/attachment`, { as: 'alice' });
    assert.equal(res.status, 200, res.text);
  });
}

test('each user action stays within its published upstream-call budget (warm caches)', async () => {
  const measured: Record<string, number> = {};
  // Warm-up: account look-up for vera, owner names, entity sets.
  await h.call('GET', '/api/v1/lists/account-cases/records', { as: 'vera' });
  await h.call('GET', '/api/v1/forms/case-edit/owners', { as: 'vera' });

  measured['open a form definition'] = await count(async () => {
    assert.equal((await h.call('GET', '/api/v1/forms/case-edit', { as: 'vera' })).status, 200);
  });
  let page: { rows: Array<{ id: string }>; nextPage?: string } = { rows: [] };
  measured['list a page'] = await count(async () => {
    const res = await h.call('GET', '/api/v1/lists/my-cases/records?sort=title', { as: 'alice' });
    assert.equal(res.status, 200);
    page = res.body;
  });
  // A second page needs more rows than one page holds: add a few of Alice's own.
  for (let i = 0; i < 12; i += 1) {
    await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'alice',
      body: { values: { title: `Economy ${i}` } },
    });
  }
  const first = await h.call('GET', '/api/v1/lists/my-cases/records?sort=title', { as: 'alice' });
  assert.ok(first.body.nextPage, 'a second page exists');
  measured['list the next page'] = await count(async () => {
    const res = await h.call(
      'GET',
      `/api/v1/lists/my-cases/records?sort=title&page=${encodeURIComponent(first.body.nextPage)}`,
      { as: 'alice' },
    );
    assert.equal(res.status, 200);
  });
  const id = page.rows[0]!.id;
  let etag = '';
  measured['open an edit form (read the record)'] = await count(async () => {
    const res = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: 'alice' });
    assert.equal(res.status, 200);
    etag = res.body.etag;
  });
  measured['save an edit form'] = await count(async () => {
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${id}`, {
      as: 'alice',
      body: { values: { title: 'Economy save' } },
      headers: { 'If-Match': etag },
    });
    assert.equal(res.status, 200, res.text);
  });
  measured['conflict on save (returns the current record)'] = await count(async () => {
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${id}`, {
      as: 'alice',
      body: { values: { title: 'Stale' } },
      headers: { 'If-Match': etag },
    });
    assert.equal(res.status, 412);
  });
  await measureNotes(id, etag, measured);
  let created = { id: '', etag: '' };
  measured['create a record'] = await count(async () => {
    const res = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'vera',
      body: { values: { title: 'Economy case' } },
    });
    assert.equal(res.status, 201, res.text);
    created = res.body;
  });
  measured['assign a case'] = await count(async () => {
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${created.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.tier1, type: 'team' } },
      headers: { 'If-Match': created.etag },
    });
    assert.equal(res.status, 200, res.text);
    created.etag = res.body.etag;
  });
  measured['cancel a case'] = await count(async () => {
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${created.id}/actions/cancel`, {
      as: 'vera',
      body: {},
      headers: { 'If-Match': created.etag },
    });
    assert.equal(res.status, 200, res.text);
    created.etag = res.body.etag;
  });
  measured['reopen a case'] = await count(async () => {
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${created.id}/actions/reopen`, {
      as: 'vera',
      body: {},
      headers: { 'If-Match': created.etag },
    });
    assert.equal(res.status, 200, res.text);
    created.etag = res.body.etag;
  });
  measured['resolve a case'] = await count(async () => {
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${created.id}/actions/resolve`, {
      as: 'vera',
      body: { resolution: 'Done' },
      headers: { 'If-Match': created.etag },
    });
    assert.equal(res.status, 200, res.text);
  });
  measured['list assignable owners'] = await count(async () => {
    assert.equal(
      (await h.call('GET', '/api/v1/forms/case-edit/owners?search=a', { as: 'vera' })).status,
      200,
    );
  });
  measured['load the validator module'] = await count(async () => {
    const form = await h.call('GET', '/api/v1/forms/case-create', { as: 'vera' });
    assert.equal((await fetch(form.body.validator)).status, 200);
  });
  const doomed = await h.call('POST', '/api/v1/forms/case-create/records', {
    as: 'vera',
    body: { values: { title: 'To delete' } },
  });
  measured['delete a record'] = await count(async () => {
    const res = await h.call('DELETE', `/api/v1/forms/case-edit/records/${doomed.body.id}`, {
      as: 'vera',
      headers: { 'If-Match': doomed.body.etag },
    });
    assert.equal(res.status, 204, res.text);
  });

  await measureChains(measured);
  assert.deepEqual(measured, UPSTREAM_BUDGET);
});

/** The agent's scope runs through the account's contacts (access.json `or`): still one query per read. */
async function measureChains(measured: Record<string, number>): Promise<void> {
  let rows: Array<{
    id: string;
    etag: string;
    values: Record<string, { type?: string; id?: string } | null>;
  }> = [];
  measured['list a page through a scope chain'] = await count(async () => {
    const res = await h.call('GET', '/api/v1/lists/account-cases/records?filter.statecode=0', { as: 'vera' });
    assert.equal(res.status, 200, res.text);
    rows = res.body.rows;
  });
  const held = rows.find((r) => r.values.customerid?.type === 'contact');
  assert.ok(held, "a case of one of the account's contacts is on the page");
  let etag = '';
  measured['open a record held through a scope chain'] = await count(async () => {
    const res = await h.call('GET', `/api/v1/forms/case-edit/records/${held.id}`, { as: 'vera' });
    assert.equal(res.status, 200, res.text);
    etag = res.body.etag;
  });
  measured['save a record held only through another record (scope re-read)'] = await count(async () => {
    const res = await h.call('PATCH', `/api/v1/forms/case-edit/records/${held.id}`, {
      as: 'vera',
      body: { values: { title: 'Economy chained save' } },
      headers: { 'If-Match': etag },
    });
    assert.equal(res.status, 200, res.text);
  });
  measured['create a record for a chosen contact (one check read)'] = await count(async () => {
    const res = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'vera',
      body: { values: { title: 'Economy for a contact', customerid: held.values.customerid } },
    });
    assert.equal(res.status, 201, res.text);
  });
  const contacts = await h.call('GET', '/api/v1/lists/account-contacts/records', { as: 'vera' });
  const contact = contacts.body.rows[0] as { id: string; etag: string };
  measured['assign a contact'] = await count(async () => {
    const res = await h.call('POST', `/api/v1/forms/contact-agent/records/${contact.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.tier1, type: 'team' } },
      headers: { 'If-Match': contact.etag },
    });
    assert.equal(res.status, 200, res.text);
  });
  measured['lookup candidates for one target table'] = await count(async () => {
    const res = await h.call('GET', '/api/v1/forms/case-create/lookups/primarycontactid?search=a', {
      as: 'vera',
    });
    assert.equal(res.status, 200, res.text);
  });
  measured['lookup candidates for a customer (account and contacts)'] = await count(async () => {
    const res = await h.call('GET', '/api/v1/forms/case-create/lookups/customerid?search=a', { as: 'vera' });
    assert.equal(res.status, 200, res.text);
  });
}

test('identity look-ups are cached: the second request of an email-bound user costs no identity call', async () => {
  const token = await h.token('vera', { contactid: undefined, email: 'vera@fabrikam.example' });
  const first = await count(async () => {
    assert.equal((await h.call('GET', '/api/v1/lists/account-cases/records', { token })).status, 200);
  });
  const second = await count(async () => {
    assert.equal((await h.call('GET', '/api/v1/lists/account-cases/records', { token })).status, 200);
  });
  assert.ok(first >= 2, `cold: email look-up + page (${first})`);
  assert.equal(second, 1, 'warm: the page only');
});
