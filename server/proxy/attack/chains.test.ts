/**
 * Scope chains (chains.ts), and what a table of refusals cannot show: the agent's list is exactly
 * the set the rule gives, a contact moved to another account between read and write takes its
 * cases and itself out of reach with nothing written, the picker offers nothing of another account,
 * and the agent assigns contacts within the allow-list.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS, startHarness } from '../../testing/proxy-harness.js';
import { runAttackGroup } from './groups.js';
import { h, useAttackHarness } from './support.js';

useAttackHarness();
runAttackGroup('chains');

const FABRIKAM = DEMO_IDS.accounts.fabrikam;
type Row = Record<string, unknown>;

/** Straight from the emulator, as staff would see Dataverse. */
async function staffGet(path: string): Promise<Row[]> {
  const res = await fetch(`${h.emulator.url}${path}`);
  assert.equal(res.status, 200, path);
  return ((await res.json()) as { value: Row[] }).value;
}
async function staffRow(path: string): Promise<Row> {
  const res = await fetch(`${h.emulator.url}${path}`);
  assert.equal(res.status, 200, path);
  return (await res.json()) as Row;
}
async function staffPatch(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${h.emulator.url}${path}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 204, path);
}

/** Every case id of the agent's list, page by page. */
async function agentCaseIds(): Promise<string[]> {
  const ids: string[] = [];
  let page: string | undefined;
  do {
    const query = page ? `?page=${encodeURIComponent(page)}` : '';
    const res = await h.call('GET', `/api/v1/lists/account-cases/records${query}`, { as: 'vera' });
    assert.equal(res.status, 200, res.text);
    ids.push(...(res.body.rows as Array<{ id: string }>).map((r) => r.id));
    page = res.body.nextPage;
  } while (page);
  return ids.sort();
}

/** A Fabrikam contact other than the demo users, with at least one case of its own. */
async function fabrikamContactWithCase(): Promise<{ contact: string; caseId: string }> {
  const contacts = await staffGet(
    `contacts?$select=contactid&$filter=_parentcustomerid_value eq ${FABRIKAM}&$orderby=contactid`,
  );
  for (const c of contacts) {
    const id = String(c.contactid);
    if (Object.values(DEMO_IDS.contacts).includes(id as never)) continue;
    const cases = await staffGet(`incidents?$select=incidentid&$filter=_customerid_value eq ${id}&$top=1`);
    if (cases[0]) return { contact: id, caseId: String(cases[0].incidentid) };
  }
  throw new Error('the demo seed has a Fabrikam contact with a case');
}

describe('scope chains: the agent and his account', () => {
  test("the agent's list is exactly the cases of the account and of the account's contacts", async () => {
    const contacts = (
      await staffGet(`contacts?$select=contactid&$filter=_parentcustomerid_value eq ${FABRIKAM}`)
    ).map((c) => String(c.contactid));
    const all = await staffGet('incidents?$select=incidentid,_customerid_value');
    const expected = all
      .filter((r) => r._customerid_value === FABRIKAM || contacts.includes(String(r._customerid_value)))
      .map((r) => String(r.incidentid))
      .sort();
    assert.ok(expected.some((id) => all.find((r) => r.incidentid === id)?._customerid_value !== FABRIKAM));
    assert.deepEqual(await agentCaseIds(), expected);
  });

  test("the agent reads a case of one of the account's contacts in one call, and creates one for that contact", async () => {
    const { contact, caseId } = await fabrikamContactWithCase();
    h.emulator.requestLog.clear();
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${caseId}`, { as: 'vera' });
    assert.equal(read.status, 200, read.text);
    assert.equal(h.emulator.requestLog.count(), 1);
    const created = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'vera',
      body: { values: { title: 'For a colleague', customerid: { type: 'contact', id: contact } } },
    });
    assert.equal(created.status, 201, created.text);
    const stored = await staffRow(`incidents(${created.body.id})?$select=_customerid_value`);
    assert.equal(stored._customerid_value, contact);
    const stamped = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'vera',
      body: { values: { title: 'For the account' } },
    });
    assert.equal(stamped.status, 201, stamped.text);
    const account = await staffRow(`incidents(${stamped.body.id})?$select=_customerid_value`);
    assert.equal(
      account._customerid_value,
      FABRIKAM,
      'a create without a customer is stamped with the account',
    );
  });

  test('the picker offers the account and its contacts, only their names and ids, never another account', async () => {
    const res = await h.call('GET', '/api/v1/forms/case-create/lookups/customerid', { as: 'vera' });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/);
    const value = res.body.value as Array<{ id: string; name: string; table: string }>;
    assert.ok(value.some((c) => c.table === 'account' && c.id === FABRIKAM));
    assert.ok(value.some((c) => c.table === 'contact'));
    const fabrikamContacts = (
      await staffGet(`contacts?$select=contactid&$filter=_parentcustomerid_value eq ${FABRIKAM}`)
    ).map((c) => String(c.contactid));
    for (const c of value) {
      assert.deepEqual(Object.keys(c).sort(), ['id', 'name', 'table']);
      if (c.table === 'contact') assert.ok(fabrikamContacts.includes(c.id), `${c.name} is Fabrikam's`);
      else assert.equal(c.id, FABRIKAM);
    }
    for (const [field, search] of [
      ['customerid', 'Bob'],
      ['customerid', 'Northwind'],
      ['customerid', 'Meyer'],
      ['primarycontactid', 'Bob Meyer'],
      ['customerid', "' or true or '"],
      ['customerid', '%'],
    ] as const) {
      h.emulator.requestLog.clear();
      const found = await h.call(
        'GET',
        `/api/v1/forms/case-create/lookups/${field}?search=${encodeURIComponent(search)}`,
        { as: 'vera' },
      );
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(found.body.value, [], `${field} "${search}" finds nothing of Northwind`);
      assert.equal(h.upstreamWrites(), 0);
    }
  });

  test('a customer picks a contact person among what her role allows: herself', async () => {
    const res = await h.call('GET', '/api/v1/forms/case-create/lookups/primarycontactid', { as: 'alice' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      (res.body.value as Array<{ id: string }>).map((c) => c.id),
      [DEMO_IDS.contacts.alice],
    );
  });

  test('a contact moved to another account between read and write: its cases and itself are out of reach, nothing written', async () => {
    const { contact, caseId } = await fabrikamContactWithCase();
    const picker = await h.call('GET', '/api/v1/forms/case-create/lookups/customerid', { as: 'vera' });
    const offered = (picker.body.value as Array<{ id: string }>).some((c) => c.id === contact);
    const caseRead = await h.call('GET', `/api/v1/forms/case-edit/records/${caseId}`, { as: 'vera' });
    const contactRead = await h.call('GET', `/api/v1/forms/contact-agent/records/${contact}`, { as: 'vera' });
    assert.equal(caseRead.status, 200, caseRead.text);
    assert.equal(contactRead.status, 200, contactRead.text);
    const caseBefore = await staffRow(`incidents(${caseId})?$select=title,_ownerid_value`);
    const incidentsBefore = (await staffGet('incidents?$select=incidentid')).length;

    // Staff move the contact to Northwind in Dynamics.
    await staffPatch(`contacts(${contact})`, {
      'parentcustomerid_account@odata.bind': `/accounts(${DEMO_IDS.accounts.northwind})`,
    });
    const contactBefore = await staffRow(`contacts(${contact})?$select=jobtitle,_ownerid_value`);

    h.emulator.requestLog.clear();
    const create = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'vera',
      body: { values: { title: 'After the move', customerid: { type: 'contact', id: contact } } },
    });
    assert.equal(create.status, 400, create.text);
    assert.equal(create.body.error.fields[0].pointer, '/customerid');
    const update = await h.call('PATCH', `/api/v1/forms/case-edit/records/${caseId}`, {
      as: 'vera',
      body: { values: { title: 'Written after the move' } },
      headers: { 'If-Match': caseRead.body.etag },
    });
    assert.equal(update.status, 404, update.text);
    assert.equal(update.body.error.code, 'PORTICO_RECORD_NOT_FOUND');
    const assign = await h.call('POST', `/api/v1/forms/case-edit/records/${caseId}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.escalations, type: 'team' } },
      headers: { 'If-Match': caseRead.body.etag },
    });
    assert.equal(assign.status, 404, assign.text);
    const contactUpdate = await h.call('PATCH', `/api/v1/forms/contact-agent/records/${contact}`, {
      as: 'vera',
      body: { values: { jobtitle: 'Written after the move' } },
      headers: { 'If-Match': contactRead.body.etag },
    });
    assert.equal(contactUpdate.status, 404, contactUpdate.text);
    for (const res of [create, update, assign, contactUpdate])
      assert.ok(!res.text.includes('Written after the move') && !/Northwind/.test(res.text), 'no leak');
    assert.equal(
      h.emulator.requestLog.entries().filter((e) => e.method === 'POST').length,
      0,
      'no create reached Dataverse',
    );

    assert.deepEqual(await staffRow(`incidents(${caseId})?$select=title,_ownerid_value`), caseBefore);
    assert.deepEqual(await staffRow(`contacts(${contact})?$select=jobtitle,_ownerid_value`), contactBefore);
    assert.equal((await staffGet('incidents?$select=incidentid')).length, incidentsBefore);
    assert.ok(!(await agentCaseIds()).includes(caseId), 'the case left the list');
    const again = await h.call('GET', '/api/v1/forms/case-create/lookups/customerid', { as: 'vera' });
    assert.ok(offered, 'the contact was offered before the move');
    assert.ok(!(again.body.value as Array<{ id: string }>).some((c) => c.id === contact), 'and is not after');
  });
});

test('the picker is rate-limited per user like every search: past the limit, 429 and nothing asked of Dataverse', async () => {
  const limited = await startHarness({ rateLimitPerUser: 2 });
  try {
    const path = '/api/v1/forms/case-create/lookups/customerid?search=a';
    const statuses: number[] = [];
    for (let i = 0; i < 2; i += 1) statuses.push((await limited.call('GET', path, { as: 'vera' })).status);
    limited.emulator.requestLog.clear();
    const refused = await limited.call('GET', path, { as: 'vera' });
    statuses.push(refused.status);
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(refused.body.error.code, 'PORTICO_RATE_LIMITED');
    assert.equal(limited.emulator.requestLog.count(), 0);
  } finally {
    await limited.close();
  }
});

describe('contact assign', () => {
  test("the agent assigns one of his account's contacts to an allowed team, and to no one else", async () => {
    const contacts = await h.call('GET', '/api/v1/lists/account-contacts/records', { as: 'vera' });
    assert.equal(contacts.status, 200, contacts.text);
    const row = (contacts.body.rows as Array<{ id: string; etag: string; values: Row }>).find(
      (r) => r.values.statecode === 0 && r.id !== DEMO_IDS.contacts.vera,
    )!;
    const form = await h.call('GET', '/api/v1/forms/contact-agent', { as: 'vera' });
    assert.ok((form.body.actions as Array<{ id: string }>).some((a) => a.id === 'assign'));
    const list = await h.call('GET', '/api/v1/lists/account-contacts', { as: 'vera' });
    assert.ok((list.body.rowActions as Array<{ id: string }>).some((a) => a.id === 'assign'));
    const owners = await h.call('GET', '/api/v1/forms/contact-agent/owners', { as: 'vera' });
    assert.equal(owners.status, 200, owners.text);

    h.emulator.requestLog.clear();
    const outside = await h.call('POST', `/api/v1/forms/contact-agent/records/${row.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.users.integration, type: 'systemuser' } },
      headers: { 'If-Match': row.etag },
    });
    assert.equal(outside.status, 400, outside.text);
    assert.equal(outside.body.error.code, 'PORTICO_VALIDATION_FAILED');
    assert.equal(h.upstreamWrites(), 0);

    const assigned = await h.call('POST', `/api/v1/forms/contact-agent/records/${row.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.fieldService, type: 'team' } },
      headers: { 'If-Match': row.etag },
    });
    assert.equal(assigned.status, 200, assigned.text);
    const stored = await staffRow(`contacts(${row.id})?$select=_ownerid_value`);
    assert.equal(stored._ownerid_value, DEMO_IDS.teams.fieldService);
    const audit = h.audit().filter((e) => e.id === row.id && e.operation === 'assign');
    assert.deepEqual(
      audit.map((e) => e.outcome),
      ['invalid', 'success'],
    );
  });

  test('a customer cannot assign her own contact (no form offers it, no privilege)', async () => {
    const read = await h.call('GET', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`, {
      as: 'alice',
    });
    h.emulator.requestLog.clear();
    const res = await h.call(
      'POST',
      `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}/actions/assign`,
      {
        as: 'alice',
        body: { owner: { id: DEMO_IDS.teams.tier1, type: 'team' } },
        headers: { 'If-Match': read.body.etag },
      },
    );
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.error.code, 'PORTICO_ACCESS_DENIED');
    assert.equal(h.upstreamWrites(), 0);
  });
});
