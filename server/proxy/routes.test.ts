/**
 * Functional tests per route and role, against a real emulator over HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADMIN_TOKEN, ALLOWED_ORIGIN, DEMO_IDS, startHarness } from '../testing/proxy-harness.js';
import type { Harness } from '../testing/proxy-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

async function firstCase(
  user: 'alice' | 'bob' | 'vera',
  list = user === 'vera' ? 'account-cases' : 'my-cases',
) {
  const page = await h.call('GET', `/api/v1/lists/${list}/records?filter.statecode=0`, { as: user });
  assert.equal(page.status, 200, page.text);
  return page.body.rows as Array<{ id: string; etag: string; values: Record<string, unknown> }>;
}

describe('forms', () => {
  test('a customer gets the edit form without the owner (hidden for the role); an agent gets it', async () => {
    const alice = await h.call('GET', '/api/v1/forms/case-edit', { as: 'alice' });
    assert.equal(alice.status, 200);
    const names = (body: { sections: Array<{ fields: Array<{ name: string }> }> }) =>
      body.sections.flatMap((s) => s.fields.map((f) => f.name));
    assert.ok(!names(alice.body).includes('ownerid'));
    assert.equal(alice.body.header.owner, undefined);
    assert.ok(!alice.body.actions.some((a: { id: string }) => a.id === 'assign' || a.id === 'resolve'));
    const vera = await h.call('GET', '/api/v1/forms/case-edit', { as: 'vera' });
    assert.equal(vera.body.header.owner.name, 'ownerid');
    assert.ok(vera.body.actions.some((a: { id: string }) => a.id === 'assign'));
    assert.match(
      alice.body.validator,
      new RegExp(
        `^${h.base}/api/v1/forms/case-edit/validator\\.js\\?role=customer&v=[A-Za-z0-9_-]{8}\\.${h.registry.version}$`,
      ),
    );
    assert.equal(alice.headers.get('cache-control'), 'private, no-cache');
  });

  test('a definition is revalidated by its ETag: 304 for the copy held, per role, and a new one after an edit', async () => {
    let registry = h.registry;
    const server = await startHarness({
      registry: {
        current: () => registry,
        status: () => ({ version: registry.version, files: registry.files }),
      },
    });
    try {
      for (const path of ['/api/v1/forms/case-edit', '/api/v1/lists/my-cases']) {
        const first = await server.call('GET', path, { as: 'alice' });
        assert.equal(first.status, 200);
        const etag = first.headers.get('etag')!;
        assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
        assert.equal(first.headers.get('cache-control'), 'private, no-cache');
        assert.match(first.headers.get('vary') ?? '', /Authorization/);
        const same = await server.call('GET', path, { as: 'bob', headers: { 'If-None-Match': etag } });
        assert.equal(same.status, 304, 'same role, another user: the same definition');
        assert.equal(same.text, '');
        assert.equal(same.headers.get('etag'), etag);
        // A list of tags, a weak one among them, is what a cache may send (RFC 9110 13.1.2).
        const listed = await server.call('GET', path, {
          as: 'alice',
          headers: { 'If-None-Match': `"x", W/${etag}` },
        });
        assert.equal(listed.status, 304);
        for (const other of ['"x"', 'garbage', etag.slice(0, -2) + '"']) {
          const full = await server.call('GET', path, { as: 'alice', headers: { 'If-None-Match': other } });
          assert.equal(full.status, 200, other);
          assert.deepEqual(full.body, first.body);
        }
        const agent = await server.call('GET', path.replace('my-cases', 'account-cases'), {
          as: 'vera',
          headers: { 'If-None-Match': etag },
        });
        assert.equal(agent.status, 200, "another role's definition is not the customer's copy");
        assert.notEqual(agent.headers.get('etag'), etag);
        // An admin's edit (a new registry version) changes the definition: the held copy is stale.
        registry = Object.assign(
          Object.create(Object.getPrototypeOf(h.registry) as object) as typeof registry,
          h.registry,
          {
            version: h.registry.version + 1,
          },
        );
        const edited = await server.call('GET', path, { as: 'alice', headers: { 'If-None-Match': etag } });
        if (path.includes('forms')) {
          assert.equal(edited.status, 200, 'the validator URL names the new version');
          assert.notEqual(edited.headers.get('etag'), etag);
        } else {
          assert.equal(edited.status, 304, 'the same bytes keep their ETag across versions');
        }
        registry = h.registry;
      }
      const refused = await server.call('GET', '/api/v1/forms/case-edit', {
        headers: { 'If-None-Match': '*' },
      });
      assert.equal(refused.status, 401, 'a conditional request is still authenticated first');
    } finally {
      await server.close();
    }
  });

  test('behind a reverse proxy with a base path, the validator URL and the OpenAPI server carry it', async () => {
    const proxied = await startHarness({ publicUrl: 'https://www.example.com/portico/' });
    try {
      const def = await proxied.call('GET', '/api/v1/forms/case-edit', { as: 'alice' });
      assert.match(
        def.body.validator,
        /^https:\/\/www\.example\.com\/portico\/api\/v1\/forms\/case-edit\/validator\.js\?/,
      );
      const doc = await proxied.call('GET', '/api/v1/openapi.json');
      assert.ok(
        JSON.stringify(doc.body.servers).includes('https://www.example.com/portico/api/v1'),
        JSON.stringify(doc.body.servers),
      );
    } finally {
      await proxied.close();
    }
  });

  test('unknown forms and forms the role does not have are the same 404', async () => {
    const unknown = await h.call('GET', '/api/v1/forms/no-such-form', { as: 'alice' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'PORTICO_FORM_NOT_FOUND');
    for (const id of ['CASE-EDIT', 'case-edit%2F..', '..%2Faccess', 'a'.repeat(80)]) {
      const odd = await h.call('GET', `/api/v1/forms/${id}`, { as: 'alice' });
      assert.equal(odd.status, 404, id);
      assert.equal(odd.body.error.code, 'PORTICO_FORM_NOT_FOUND', id);
    }
  });

  test('the validator module is JavaScript, cacheable by ETag, CORS-enabled and works when imported', async () => {
    const form = await h.call('GET', '/api/v1/forms/case-create', { as: 'alice' });
    const url = new URL(form.body.validator);
    const res = await fetch(url, { headers: { Origin: ALLOWED_ORIGIN } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const source = await res.text();
    assert.ok(!/\beval\(|new Function/.test(source));
    const again = await fetch(url, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    // A bare registry version (as another process or an earlier start would have issued) names no
    // content for certain, so it must not be cached as immutable.
    const bare = new URL(url);
    bare.searchParams.set('v', String(h.registry.version));
    const stale = await fetch(bare);
    assert.equal(stale.status, 200);
    assert.equal(stale.headers.get('cache-control'), 'public, no-cache');
    const file = join(mkdtempSync(join(tmpdir(), 'portico-validator-')), 'validator.mjs');
    writeFileSync(file, source);
    const mod = (await import(pathToFileURL(file).href)) as {
      default: (v: unknown) => unknown;
      validateCreate: (v: unknown) => Array<{ pointer: string }>;
    };
    assert.equal(typeof mod.default, 'function');
    assert.deepEqual(mod.validateCreate({ title: 'Printer on fire', casetypecode: 1 }), []);
    assert.ok(mod.validateCreate({ title: 'x'.repeat(500) }).some((e) => e.pointer === '/title'));
    const noRole = await fetch(`${h.base}/api/v1/forms/case-create/validator.js`);
    assert.equal(noRole.status, 404);
  });

  test('owners: an agent sees the allowed teams and users with names, filtered by search; a customer may not', async () => {
    const all = await h.call('GET', '/api/v1/forms/case-edit/owners', { as: 'vera' });
    assert.equal(all.status, 200);
    assert.equal(all.body.value.length, 6);
    assert.ok(all.body.value.every((o: { name: string }) => o.name.length > 0));
    const teams = all.body.value.filter((o: { type: string }) => o.type === 'team');
    assert.equal(teams.length, 3);
    const needle = String(teams[0].name).slice(0, 4);
    const some = await h.call('GET', `/api/v1/forms/case-edit/owners?search=${encodeURIComponent(needle)}`, {
      as: 'vera',
    });
    assert.ok(some.body.value.length >= 1 && some.body.value.length < 6);
    const customer = await h.call('GET', '/api/v1/forms/case-edit/owners', { as: 'alice' });
    assert.equal(customer.status, 403);
    assert.equal(customer.body.error.code, 'PORTICO_ACCESS_DENIED');
  });
});

describe('records', () => {
  test('read: own case 200 with a version token; another customer’s case 404', async () => {
    const [own] = await firstCase('alice');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${own!.id}`, { as: 'alice' });
    assert.equal(read.status, 200);
    assert.equal(read.body.id, own!.id);
    assert.equal(read.body.values.customerid.id, DEMO_IDS.contacts.alice);
    assert.equal(read.body.values.ownerid, undefined, 'hidden for customers');
    // Raw values only, never Dynamics' display text (in the integration user's language and zone).
    assert.equal(read.body.values.statecode, 0);
    assert.equal(read.body.formatted, undefined);
    const asBob = await h.call('GET', `/api/v1/forms/case-edit/records/${own!.id}`, { as: 'bob' });
    assert.equal(asBob.status, 404);
    assert.equal(asBob.body.error.code, 'PORTICO_RECORD_NOT_FOUND');
    const missing = await h.call(
      'GET',
      `/api/v1/forms/case-edit/records/00000000-0000-4000-8000-00000000dead`,
      {
        as: 'alice',
      },
    );
    assert.deepEqual(
      { status: missing.status, code: missing.body.error.code, message: missing.body.error.message },
      { status: asBob.status, code: asBob.body.error.code, message: asBob.body.error.message },
    );
  });

  test('update: saves with the version token; a stale token gets 412 with the current record', async () => {
    const [own] = await firstCase('alice');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${own!.id}`, { as: 'alice' });
    const saved = await h.call('PATCH', `/api/v1/forms/case-edit/records/${own!.id}`, {
      as: 'alice',
      body: { values: { title: 'Updated by Alice', prioritycode: 1 } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.values.title, 'Updated by Alice');
    assert.notEqual(saved.body.etag, read.body.etag);
    const stale = await h.call('PATCH', `/api/v1/forms/case-edit/records/${own!.id}`, {
      as: 'alice',
      body: { values: { title: 'Lost update' } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'PORTICO_RECORD_CONFLICT');
    assert.equal(stale.body.error.current.values.title, 'Updated by Alice');
    const audit = h.audit().filter((e) => e.id === own!.id && e.operation === 'update');
    assert.deepEqual(
      audit.map((e) => [e.outcome, e.fields]),
      [
        ['success', ['title', 'prioritycode']],
        ['conflict', ['title']],
      ],
    );
    assert.ok(!JSON.stringify(audit).includes('Updated by Alice'), 'the audit log never holds values');
    assert.equal((audit[0]!.user as { sub: string }).sub, 'site-user-alice');
  });

  test('a lookup may point at a record the user can see (costs one extra read), never at one they cannot', async () => {
    const [own] = await firstCase('alice');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${own!.id}`, { as: 'alice' });
    h.emulator.requestLog.clear();
    const ok = await h.call('PATCH', `/api/v1/forms/case-edit/records/${own!.id}`, {
      as: 'alice',
      body: { values: { primarycontactid: { id: DEMO_IDS.contacts.alice, type: 'contact' } } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.values.primarycontactid.id, DEMO_IDS.contacts.alice);
    assert.equal(h.emulator.requestLog.count(), 2);
    const bad = await h.call('PATCH', `/api/v1/forms/case-edit/records/${own!.id}`, {
      as: 'alice',
      body: { values: { primarycontactid: { id: DEMO_IDS.contacts.vera, type: 'contact' } } },
      headers: { 'If-Match': ok.body.etag },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.fields.map((f: { pointer: string }) => f.pointer),
      ['/primarycontactid'],
    );
  });

  test('refused write attempts are audited too, with the field names and the refusal code', async () => {
    const res = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'bob',
      body: { values: { title: 'x', customerid: { id: DEMO_IDS.contacts.alice, type: 'contact' } } },
    });
    assert.equal(res.status, 400);
    const line = h.audit().at(-1)!;
    assert.equal(line.requestId, res.body.error.requestId);
    assert.deepEqual(
      [line.operation, line.outcome, line.code, line.fields],
      ['create', 'invalid', 'PORTICO_VALIDATION_FAILED', ['title', 'customerid']],
    );
    assert.equal((line.user as { contactId: string }).contactId, DEMO_IDS.contacts.bob);
  });

  test('create: the customer is stamped by the server; the record is then readable and listed', async () => {
    const created = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'bob',
      body: { values: { title: 'Bob needs help', casetypecode: 3, prioritycode: 2, description: 'Details' } },
    });
    assert.equal(created.status, 201, created.text);
    assert.match(
      created.headers.get('location') ?? '',
      new RegExp(`/forms/case-create/records/${created.body.id}$`),
    );
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${created.body.id}`, { as: 'bob' });
    assert.equal(read.status, 200);
    assert.equal(read.body.values.customerid.id, DEMO_IDS.contacts.bob);
    assert.equal(read.body.values.customerid.type, 'contact');
    assert.equal(
      (await h.call('GET', `/api/v1/forms/case-edit/records/${created.body.id}`, { as: 'alice' })).status,
      404,
    );
  });

  test('create: the role’s default team owns the new case, not the integration user', async () => {
    const created = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'vera',
      body: { values: { title: 'Vera opens one for Fabrikam' } },
    });
    assert.equal(created.status, 201, created.text);
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${created.body.id}`, { as: 'vera' });
    assert.deepEqual(
      { id: read.body.values.ownerid.id, type: read.body.values.ownerid.type },
      { id: DEMO_IDS.teams.tier1, type: 'team' },
    );
    assert.equal(read.body.values.ownerid.name, 'Tier 1 Support');
    // Gone again, so the action tests below still find a seeded case first.
    const deleted = await h.call('DELETE', `/api/v1/forms/case-edit/records/${created.body.id}`, {
      as: 'vera',
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(deleted.status, 204, deleted.text);
    // A customer cannot see the owner, but the case they open is the same team's.
    const mine = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: 'alice',
      body: { values: { title: 'Alice opens one', casetypecode: 1 } },
    });
    assert.equal(mine.status, 201, mine.text);
    const upstream = await fetch(`${h.emulator.url}incidents(${mine.body.id})?$select=_ownerid_value`);
    const row = (await upstream.json()) as { _ownerid_value: string };
    assert.equal(row._ownerid_value, DEMO_IDS.teams.tier1);
    assert.notEqual(row._ownerid_value, DEMO_IDS.users.integration);
  });

  test('an agent creates a contact in their account (parent stamped) and deletes it', async () => {
    const created = await h.call('POST', '/api/v1/forms/contact-agent/records', {
      as: 'vera',
      body: { values: { firstname: 'Temp', lastname: 'Contact', emailaddress1: 'temp@fabrikam.example' } },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.values.parentcustomerid?.id, DEMO_IDS.accounts.fabrikam);
    const missingEtag = await h.call('DELETE', `/api/v1/forms/contact-agent/records/${created.body.id}`, {
      as: 'vera',
    });
    assert.equal(missingEtag.status, 428);
    const deleted = await h.call('DELETE', `/api/v1/forms/contact-agent/records/${created.body.id}`, {
      as: 'vera',
      headers: { 'If-Match': created.body.etag },
    });
    assert.equal(deleted.status, 204);
    const gone = await h.call('GET', `/api/v1/forms/contact-agent/records/${created.body.id}`, {
      as: 'vera',
    });
    assert.equal(gone.status, 404);
  });

  test('self scope: a customer edits their own profile but not the read-only parent', async () => {
    const read = await h.call('GET', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`, {
      as: 'alice',
    });
    assert.equal(read.status, 200);
    const other = await h.call('GET', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.bob}`, {
      as: 'alice',
    });
    assert.equal(other.status, 404);
    const parent = await h.call('PATCH', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`, {
      as: 'alice',
      body: { values: { parentcustomerid: { id: DEMO_IDS.accounts.northwind, type: 'account' } } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(parent.status, 400);
    assert.equal(parent.body.error.fields[0].pointer, '/parentcustomerid');
    const ok = await h.call('PATCH', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`, {
      as: 'alice',
      body: { values: { jobtitle: 'Head of Operations' } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.values.jobtitle, 'Head of Operations');
    // The entity schema's lenient phone pattern holds on the server as in the browser.
    const phone = await h.call('PATCH', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`, {
      as: 'alice',
      body: { values: { telephone1: 'call me maybe' } },
      headers: { 'If-Match': ok.body.etag },
    });
    assert.equal(phone.status, 400, phone.text);
    assert.deepEqual(
      phone.body.error.fields.map((f: { pointer: string; code: string }) => [f.pointer, f.code]),
      [['/telephone1', 'PORTICO_VALIDATION_FORMAT']],
    );
    const dialled = await h.call(
      'PATCH',
      `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`,
      {
        as: 'alice',
        body: { values: { telephone1: '+49 (30) 1234-567 x12' } },
        headers: { 'If-Match': ok.body.etag },
      },
    );
    assert.equal(dialled.status, 200, dialled.text);
    assert.equal(dialled.body.values.telephone1, '+49 (30) 1234-567 x12');
  });

  test('a form definition carries its grid, spans and record header', async () => {
    const vera = await h.call('GET', '/api/v1/forms/case-edit', { as: 'vera' });
    assert.equal(vera.status, 200);
    const { name, number, status, owner } = vera.body.header;
    assert.deepEqual(
      [name, number, owner],
      [
        { name: 'title', kind: 'text' },
        { name: 'ticketnumber', kind: 'text' },
        { name: 'ownerid', kind: 'owner' },
      ],
    );
    // The status badge shows a label in the reader's language: the column's options come along.
    assert.equal(status.name, 'statuscode');
    assert.equal(status.kind, 'choice');
    const inProgress = status.options.find((o: { value: number }) => o.value === 1);
    assert.equal(inProgress.label.en, 'In Progress');
    assert.equal(typeof inProgress.label.de, 'string');
    const layout = vera.body.sections.map(
      (s: { id: string; columns: number; fields: Array<{ name: string; span: number }> }) => [
        s.id,
        s.columns,
        Object.fromEntries(s.fields.map((f) => [f.name, f.span])),
      ],
    );
    assert.deepEqual(layout, [
      [
        'details',
        2,
        { title: 2, casetypecode: 1, prioritycode: 1, description: 2, primarycontactid: 1, customerid: 1 },
      ],
      ['record', 3, { statecode: 1, createdon: 1, modifiedon: 1 }],
    ]);
    // The header's columns are read with the record though no section shows them.
    const rows = await firstCase('vera');
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${rows[0]!.id}`, { as: 'vera' });
    assert.equal(typeof read.body.values.ticketnumber, 'string');
    assert.equal(typeof read.body.values.statuscode, 'number');
    assert.equal(typeof read.body.values.ownerid.name, 'string', 'an owner by name');
  });
});

describe('actions', () => {
  test('assign to an allowed team; cancel and reopen; resolve', async () => {
    const rows = await firstCase('vera');
    // A case of the account itself: the account's contacts' cases are Alice's, which other tests write.
    const target = rows.find((r) => (r.values.customerid as { type?: string } | null)?.type === 'account')!;
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${target.id}`, { as: 'vera' });
    const assigned = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.teams.escalations, type: 'team' } },
      headers: { 'If-Match': read.body.etag },
    });
    assert.equal(assigned.status, 200, assigned.text);
    assert.deepEqual(
      { id: assigned.body.values.ownerid.id, type: assigned.body.values.ownerid.type },
      { id: DEMO_IDS.teams.escalations, type: 'team' },
    );
    const cancelled = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/cancel`, {
      as: 'vera',
      body: {},
      headers: { 'If-Match': assigned.body.etag },
    });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.values.statecode, 2);
    const reopened = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/reopen`, {
      as: 'vera',
      body: {},
      headers: { 'If-Match': cancelled.body.etag },
    });
    assert.equal(reopened.body.values.statecode, 0);
    const resolved = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/resolve`, {
      as: 'vera',
      body: { resolution: 'Replaced the sensor' },
      headers: { 'If-Match': reopened.body.etag },
    });
    assert.equal(resolved.status, 200, resolved.text);
    assert.equal(resolved.body.values.statecode, 1);
    const again = await h.call('POST', `/api/v1/forms/case-edit/records/${target.id}/actions/resolve`, {
      as: 'vera',
      body: { resolution: 'Twice' },
      headers: { 'If-Match': resolved.body.etag },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'PORTICO_RECORD_STATE');
    assert.equal(again.body.error.message, 'This case is already resolved.');
    assert.equal(again.body.error.current.values.statecode, 1);
    const ops = h
      .audit()
      .filter((e) => e.id === target.id)
      .map((e) => `${e.operation}:${e.outcome}`);
    assert.deepEqual(ops, [
      'assign:success',
      'cancel:success',
      'reopen:success',
      'resolve:success',
      'resolve:conflict',
    ]);
  });

  test('assigning to an owner outside the allowed list is a 400 naming /owner', async () => {
    const [row] = await firstCase('vera');
    const res = await h.call('POST', `/api/v1/forms/case-edit/records/${row!.id}/actions/assign`, {
      as: 'vera',
      body: { owner: { id: DEMO_IDS.users.integration, type: 'systemuser' } },
      headers: { 'If-Match': row!.etag },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.fields[0].pointer, '/owner');
  });
});

describe('lists', () => {
  test('a customer lists only their own cases; the total matches', async () => {
    const res = await h.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' });
    assert.equal(res.status, 200);
    assert.ok(res.body.rows.length > 0);
    assert.equal(res.body.total, res.body.rows.length);
    for (const row of res.body.rows) {
      const read = await h.call('GET', `/api/v1/forms/case-view/records/${row.id}`, { as: 'alice' });
      assert.equal(read.body.values.customerid.id, DEMO_IDS.contacts.alice);
    }
  });

  test('paging: pages do not overlap, cover the total, and the cursor only continues the same query', async () => {
    // Fabrikam starts with exactly one page of cases; two more make a second page.
    for (const title of ['Paging case one', 'Paging case two']) {
      const made = await h.call('POST', '/api/v1/forms/case-create/records', {
        as: 'vera',
        body: { values: { title } },
      });
      assert.equal(made.status, 201, made.text);
    }
    const seen = new Set<string>();
    let url = '/api/v1/lists/account-cases/records?sort=title&direction=asc';
    let total = 0;
    let pages = 0;
    let cursor: string | undefined;
    for (; pages < 10; pages += 1) {
      const res = await h.call('GET', url, { as: 'vera' });
      assert.equal(res.status, 200, res.text);
      total = res.body.total;
      for (const row of res.body.rows) {
        assert.ok(!seen.has(row.id), 'no row twice');
        seen.add(row.id);
      }
      if (!res.body.nextPage) break;
      cursor = res.body.nextPage;
      url = `/api/v1/lists/account-cases/records?sort=title&direction=asc&page=${encodeURIComponent(cursor!)}`;
    }
    assert.ok(pages >= 1, 'more than one page');
    assert.equal(seen.size, total);
    const otherQuery = await h.call(
      'GET',
      `/api/v1/lists/account-cases/records?sort=title&direction=desc&page=${encodeURIComponent(cursor!)}`,
      { as: 'vera' },
    );
    assert.equal(otherQuery.status, 400);
    assert.equal(otherQuery.body.error.code, 'PORTICO_CURSOR_INVALID');
  });

  test('sort, filter and search are applied', async () => {
    const sorted = await h.call('GET', '/api/v1/lists/account-cases/records?sort=title&direction=desc', {
      as: 'vera',
    });
    const titles = sorted.body.rows.map((r: { values: { title: string } }) => r.values.title.toLowerCase());
    assert.deepEqual(titles, [...titles].sort().reverse());
    const high = await h.call('GET', '/api/v1/lists/account-cases/records?filter.prioritycode=1', {
      as: 'vera',
    });
    assert.ok(high.body.rows.every((r: { values: { prioritycode: number } }) => r.values.prioritycode === 1));
    const two = await h.call(
      'GET',
      '/api/v1/lists/account-cases/records?filter.prioritycode=1&filter.prioritycode=3',
      { as: 'vera' },
    );
    assert.ok(two.body.total >= high.body.total);
    const word = String(titles[0]).split(' ')[0]!;
    const found = await h.call(
      'GET',
      `/api/v1/lists/account-cases/records?search=${encodeURIComponent(word)}`,
      {
        as: 'vera',
      },
    );
    assert.ok(found.body.rows.length > 0);
    assert.ok(
      found.body.rows.every(
        (r: { values: { title: string; ticketnumber: string } }) =>
          r.values.title.toLowerCase().includes(word) || r.values.ticketnumber.toLowerCase().includes(word),
      ),
    );
    const wildcard = await h.call('GET', '/api/v1/lists/account-cases/records?search=%25', { as: 'vera' });
    assert.equal(wildcard.status, 200);
    assert.ok(wildcard.body.total < sorted.body.total, 'a % searched for is literal, not match-all');
  });

  test('the list definition is returned for the role; an agent cannot open a customer-only list id that does not exist', async () => {
    const def = await h.call('GET', '/api/v1/lists/account-cases', { as: 'vera' });
    assert.equal(def.status, 200);
    assert.equal(def.body.id, 'account-cases');
    const none = await h.call('GET', '/api/v1/lists/nope', { as: 'vera' });
    assert.equal(none.body.error.code, 'PORTICO_LIST_NOT_FOUND');
  });
});

describe('meta', () => {
  test('healthz, readyz, openapi', async () => {
    assert.equal((await h.call('GET', '/healthz')).body.status, 'ok');
    const ready = await h.call('GET', '/readyz');
    assert.equal(ready.status, 200);
    const doc = await h.call('GET', '/api/v1/openapi.json');
    assert.equal(doc.body.openapi, '3.1.0');
    assert.ok(doc.body.paths['/lists/{listId}/records'].get);
    assert.ok(
      doc.body.components.schemas.ErrorResponse.properties.error.properties.code.enum.includes(
        'PORTICO_RECORD_CONFLICT',
      ),
    );
  });

  test('admin status needs the admin token', async () => {
    assert.equal((await h.call('GET', '/api/v1/admin/config-status')).status, 401);
    assert.equal((await h.call('GET', '/api/v1/admin/config-status', { token: 'wrong' })).status, 401);
    const ok = await h.call('GET', '/api/v1/admin/config-status', { token: ADMIN_TOKEN });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, h.registry.version);
    assert.ok(ok.body.files.includes('access.json'));
  });

  test('security headers: CSP, nosniff, request id echoed when safe and replaced when not', async () => {
    const res = await h.call('GET', '/healthz', { headers: { 'X-Request-Id': 'client-req-12345' } });
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-request-id'), 'client-req-12345');
    const bad = await h.call('GET', '/healthz', { headers: { 'X-Request-Id': 'bad id\twith spaces' } });
    assert.match(bad.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
