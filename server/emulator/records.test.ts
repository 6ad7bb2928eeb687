/** Create, retrieve, upsert, conditional operations, delete and write validation over HTTP. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS } from './demo-ids.js';
import { call, err, useEmulator } from '../testing/emulator-harness.js';

const ctx = useEmulator();
const NEW_CONTACT = { firstname: 'Nina', lastname: 'Neu', emailaddress1: 'nina@example.com' };

describe('create', () => {
  it('answers 204 with an absolute, lowercase OData-EntityId', async () => {
    const r = await call(ctx.emu, 'POST', 'contacts', { body: NEW_CONTACT });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.match(
      r.headers.get('odata-entityid')!,
      new RegExp(`^${ctx.emu.url.replace(/[.]/g, '\\.')}contacts\\([0-9a-f-]{36}\\)$`),
    );
    assert.equal(r.headers.get('odata-version'), '4.0');
  });

  it('answers 201 with the record for return=representation, shaped by $select', async () => {
    const r = await call(ctx.emu, 'POST', 'contacts?$select=fullname,createdon', {
      body: NEW_CONTACT,
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('preference-applied'), 'return=representation');
    assert.equal(r.headers.get('content-type'), 'application/json; odata.metadata=minimal');
    assert.equal(r.json['@odata.context'], `${ctx.emu.url}$metadata#contacts(fullname,createdon)/$entity`);
    assert.equal(r.json['fullname'], 'Nina Neu');
    assert.match(String(r.json['createdon']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.match(String(r.json['@odata.etag']), /^W\/"\d+"$/);
    assert.ok(typeof r.json['contactid'] === 'string', 'the primary key is always returned');
    assert.equal(r.json['emailaddress1'], undefined, 'unselected columns are left out');
  });

  it('accepts a client-chosen id and refuses a duplicate with 412', async () => {
    const id = '0d000000-0000-4000-8000-000000000001';
    assert.equal(
      (await call(ctx.emu, 'POST', 'contacts', { body: { ...NEW_CONTACT, contactid: id.toUpperCase() } }))
        .status,
      204,
    );
    const again = await call(ctx.emu, 'POST', 'contacts', { body: { ...NEW_CONTACT, contactid: id } });
    assert.equal(again.status, 412);
    assert.equal(err(again).code, '0x80040237');
  });
});

describe('retrieve and conditional GET', () => {
  it('returns all columns including nulls without $select, and 404 with the documented body', async () => {
    const r = await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})`);
    assert.equal(r.status, 200);
    assert.equal(r.json['emailaddress1'], 'alice@fabrikam.example');
    assert.ok('description' in r.json && r.json['description'] === null);
    assert.equal(r.json['_parentcustomerid_value'], DEMO_IDS.accounts.fabrikam);
    const missing = '0d000000-0000-4000-8000-0000000000ee';
    const nf = await call(ctx.emu, 'GET', `contacts(${missing})`);
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.json, {
      error: { code: '0x80040217', message: `contact With Id = ${missing} Does Not Exist` },
    });
  });

  it('answers 304 to a matching If-None-Match, but not with annotations or $expand', async () => {
    const first = await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.vera})?$select=fullname`);
    const etag = String(first.json['@odata.etag']);
    assert.equal(
      (
        await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.vera})?$select=fullname`, {
          headers: { 'If-None-Match': etag },
        })
      ).status,
      304,
    );
    assert.equal(
      (
        await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.vera})`, {
          headers: { 'If-None-Match': etag, Prefer: 'odata.include-annotations="*"' },
        })
      ).status,
      200,
    );
    assert.equal(
      (
        await call(
          ctx.emu,
          'GET',
          `contacts(${DEMO_IDS.contacts.vera})?$expand=parentcustomerid_account($select=name)`,
          { headers: { 'If-None-Match': etag } },
        )
      ).status,
      200,
    );
    assert.equal(
      (
        await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.vera})`, {
          headers: { 'If-None-Match': 'null' },
        })
      ).status,
      200,
    );
  });

  it('expands a single-valued navigation property', async () => {
    const r = await call(
      ctx.emu,
      'GET',
      `contacts(${DEMO_IDS.contacts.bob})?$select=fullname&$expand=parentcustomerid_account($select=name)`,
    );
    assert.deepEqual(
      (r.json['parentcustomerid_account'] as Record<string, unknown>)['name'],
      'Northwind Traders',
    );
  });

  it('reads and writes a single property', async () => {
    const r = await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})/fullname`);
    assert.equal(r.json['value'], 'Alice Brooks');
    assert.equal(
      (
        await call(ctx.emu, 'PUT', `contacts(${DEMO_IDS.contacts.alice})/jobtitle`, {
          body: { value: 'Facilities Director' },
        })
      ).status,
      204,
    );
    assert.equal(
      (await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})/jobtitle`)).json['value'],
      'Facilities Director',
    );
    assert.equal(
      (await call(ctx.emu, 'DELETE', `contacts(${DEMO_IDS.contacts.alice})/jobtitle`)).status,
      204,
    );
    assert.equal(
      (await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})/jobtitle`)).json['value'],
      null,
    );
  });

  it('rejects malformed keys and unknown entity sets', async () => {
    const bad = await call(ctx.emu, 'GET', 'contacts(not-a-guid)');
    assert.equal(bad.status, 400);
    assert.match(err(bad).message, /not a valid 'Edm.Guid'/);
    const unknown = await call(ctx.emu, 'GET', 'Contacts');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, {
      error: { code: '0x8006088a', message: "Resource not found for the segment 'Contacts'." },
    });
  });
});

describe('update, upsert and ETags', () => {
  it('PATCH upserts: creates a missing row (201 with representation), updates an existing one (200)', async () => {
    const id = '0d000000-0000-4000-8000-000000000002';
    const created = await call(ctx.emu, 'PATCH', `contacts(${id})`, {
      body: { lastname: 'Upsert' },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(created.status, 201);
    const updated = await call(ctx.emu, 'PATCH', `contacts(${id})?$select=lastname`, {
      body: { lastname: 'Upserted' },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.json['lastname'], 'Upserted');
    const plain = await call(ctx.emu, 'PATCH', `contacts(${id})`, { body: { firstname: 'Una' } });
    assert.equal(plain.status, 204);
    assert.equal(plain.headers.get('odata-entityid'), `${ctx.emu.url}contacts(${id})`);
  });

  it('If-Match: * refuses to create (404); If-None-Match: * refuses to update (412)', async () => {
    const missing = '0d000000-0000-4000-8000-000000000003';
    const r = await call(ctx.emu, 'PATCH', `contacts(${missing})`, {
      body: { lastname: 'X' },
      headers: { 'If-Match': '*' },
    });
    assert.equal(r.status, 404);
    assert.equal(err(r).code, '0x80040217');
    assert.equal((await call(ctx.emu, 'GET', `contacts(${missing})`)).status, 404, 'nothing was created');
    const dup = await call(ctx.emu, 'PATCH', `contacts(${DEMO_IDS.contacts.bob})`, {
      body: { lastname: 'X' },
      headers: { 'If-None-Match': '*' },
    });
    assert.equal(dup.status, 412);
    assert.deepEqual(dup.json, {
      error: { code: '0x80040237', message: 'A record with matching key values already exists.' },
    });
  });

  it('increments the version on every write and refuses a stale ETag with 0x80060882', async () => {
    const a = await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.bob})?$select=lastname`);
    const etag = String(a.json['@odata.etag']);
    assert.equal(
      (
        await call(ctx.emu, 'PATCH', `contacts(${DEMO_IDS.contacts.bob})`, {
          body: { mobilephone: '+1 555 0199' },
          headers: { 'If-Match': etag },
        })
      ).status,
      204,
    );
    const b = await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.bob})?$select=lastname`);
    assert.ok(Number(/\d+/.exec(String(b.json['@odata.etag']))![0]) > Number(/\d+/.exec(etag)![0]));
    const stale = await call(ctx.emu, 'PATCH', `contacts(${DEMO_IDS.contacts.bob})`, {
      body: { mobilephone: 'x' },
      headers: { 'If-Match': etag },
    });
    assert.equal(stale.status, 412);
    assert.deepEqual(stale.json, {
      error: {
        code: '0x80060882',
        message: "The version of the existing record doesn't match the RowVersion property provided.",
      },
    });
    const del = await call(ctx.emu, 'DELETE', `contacts(${DEMO_IDS.contacts.bob})`, {
      headers: { 'If-Match': etag },
    });
    assert.equal(del.status, 412);
  });

  it('deletes (204) and then reports 404', async () => {
    const r = await call(ctx.emu, 'POST', 'contacts', { body: { lastname: 'Doomed' } });
    const url = r.headers.get('odata-entityid')!;
    assert.equal((await call(ctx.emu, 'DELETE', url)).status, 204);
    assert.equal((await call(ctx.emu, 'DELETE', url)).status, 404);
  });
});

describe('write validation', () => {
  const cases: [string, unknown, number, string, RegExp][] = [
    [
      'unknown column',
      { lastname: 'X', shoesize: 42 },
      400,
      '0x80048d19',
      /Invalid property 'shoesize' was found in entity 'Microsoft.Dynamics.CRM.contact'/,
    ],
    [
      'wrong type',
      { lastname: 42 },
      400,
      '0x80048d19',
      /Cannot convert the literal '42' to the expected type 'Edm.String'/,
    ],
    [
      'string too long',
      { lastname: 'x'.repeat(51) },
      400,
      '0x80044331',
      /The length of the 'lastname' attribute of the 'contact' entity exceeded the maximum allowed length of '50'/,
    ],
    [
      'picklist out of range',
      { lastname: 'X', preferredcontactmethodcode: 9 },
      400,
      '0x8004431A',
      /The value 9 of 'preferredcontactmethodcode' on record of type 'contact' is outside the valid range/,
    ],
    [
      'undeclared navigation property',
      { lastname: 'X', 'parentcustomerid@odata.bind': `/accounts(${DEMO_IDS.accounts.fabrikam})` },
      400,
      '0x80048d19',
      /undeclared property 'parentcustomerid'/,
    ],
    ['read-only column', { lastname: 'X', fullname: 'Y' }, 400, '0x80048d19', /'fullname'/],
    ['statecode on create', { lastname: 'X', statecode: 1 }, 400, '0x80048d19', /not valid for create/],
    [
      'lookup value as a property',
      { lastname: 'X', _parentcustomerid_value: DEMO_IDS.accounts.fabrikam },
      400,
      '0x80048d19',
      /Invalid property '_parentcustomerid_value'/,
    ],
    [
      'bind to a missing record',
      {
        lastname: 'X',
        'parentcustomerid_account@odata.bind': '/accounts(0d000000-0000-4000-8000-0000000000ff)',
      },
      404,
      '0x80040217',
      /account With Id/,
    ],
    [
      'bind to the wrong table',
      { lastname: 'X', 'parentcustomerid_account@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})` },
      400,
      '0x80048d19',
      /refers to/,
    ],
    [
      'malformed bind',
      { lastname: 'X', 'parentcustomerid_account@odata.bind': 'accounts(zzz)' },
      400,
      '0x80048d19',
      /not a valid GUID/,
    ],
    ['bad date', { lastname: 'X', birthdate: '1990-02-31' }, 400, '0x80048d19', /Edm.Date/],
  ];
  for (const [name, body, status, code, message] of cases) {
    it(`refuses ${name} and writes nothing`, async () => {
      const before = await call(ctx.emu, 'GET', 'contacts/$count');
      const r = await call(ctx.emu, 'POST', 'contacts', { body });
      assert.equal(r.status, status, r.text);
      assert.equal(err(r).code, code);
      assert.match(err(r).message, message);
      assert.equal((await call(ctx.emu, 'GET', 'contacts/$count')).text, before.text);
    });
  }

  it('answers malformed JSON and non-object bodies with the payload envelope', async () => {
    for (const raw of ['{"lastname": ', '[1,2]', '"text"', '']) {
      const r = await call(ctx.emu, 'POST', 'contacts', {
        raw,
        headers: { 'Content-Type': 'application/json' },
      });
      assert.equal(r.status, 400);
      assert.equal(err(r).code, '0x80048d19');
      assert.match(
        err(r).message,
        /^Error identified in Payload provided by the user for Entity :'contacts'/,
      );
    }
  });

  it('refuses an oversized body with 413', async () => {
    const r = await call(ctx.emu, 'POST', 'contacts', {
      raw: JSON.stringify({ lastname: 'x', description: 'y'.repeat(17 * 1024 * 1024) }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(r.status, 413);
    assert.equal(err(r).code, '0x8004418A');
  });

  it('accepts a date-only birthdate and returns it as YYYY-MM-DD', async () => {
    const r = await call(ctx.emu, 'POST', 'contacts?$select=birthdate', {
      body: { lastname: 'Born', birthdate: '1985-04-12' },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(r.json['birthdate'], '1985-04-12');
  });
});

describe('delete and relationships', () => {
  it('refuses to delete a case customer (405 CannotDeleteDueToAssociation) and clears other links', async () => {
    const blocked = await call(ctx.emu, 'DELETE', `contacts(${DEMO_IDS.contacts.alice})`);
    assert.equal(blocked.status, 405);
    assert.equal(err(blocked).code, '0x80040227');
    assert.equal(
      (await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})?$select=fullname`)).status,
      200,
    );
    const made = await call(ctx.emu, 'POST', 'contacts', { body: { lastname: 'Linked' } });
    const contactUrl = made.headers.get('odata-entityid')!;
    const contactId = /\(([^)]+)\)$/.exec(contactUrl)![1]!;
    const c = await call(ctx.emu, 'POST', 'incidents', {
      body: {
        title: 'Linked case',
        'customerid_account@odata.bind': `/accounts(${DEMO_IDS.accounts.northwind})`,
        'primarycontactid@odata.bind': `/contacts(${contactId})`,
      },
    });
    const caseUrl = c.headers.get('odata-entityid')!;
    assert.equal((await call(ctx.emu, 'DELETE', contactUrl)).status, 204);
    const after = await call(ctx.emu, 'GET', `${caseUrl}?$select=_primarycontactid_value`);
    assert.equal(after.json['_primarycontactid_value'], null);
  });
});

describe('malformed URLs', () => {
  it('answers a bad percent-escape in the path with 400', async () => {
    const r = await call(ctx.emu, 'GET', 'contacts(%E0%A4%A)');
    assert.equal(r.status, 400);
    assert.equal(err(r).code, '0x80060888');
  });
});
