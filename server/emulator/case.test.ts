/** Case (incident) rules, CloseIncident, Assign, WhoAmI and impersonation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS } from './demo-ids.js';
import { call, err, rows, useEmulator } from '../testing/emulator-harness.js';

const ctx = useEmulator();
const newCase = async (extra: Record<string, unknown> = {}) => {
  const r = await call(
    ctx.emu,
    'POST',
    'incidents?$select=ticketnumber,statecode,statuscode,prioritycode,_ownerid_value',
    {
      body: {
        title: 'Printer offline',
        'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
        ...extra,
      },
      headers: { Prefer: 'return=representation' },
    },
  );
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const caseCount = async () =>
  Number((await call(ctx.emu, 'GET', 'incidents/$count')).text.replace(/^\uFEFF/, ''));

describe('case create rules', () => {
  it('defaults state, status and priority, generates a ticket number, and owns it by the caller', async () => {
    const c = await newCase();
    assert.equal(c['statecode'], 0);
    assert.equal(c['statuscode'], 1);
    assert.equal(c['prioritycode'], 2);
    assert.match(String(c['ticketnumber']), /^CAS-\d{5}-[0-9A-F]{6}$/);
    assert.equal(c['_ownerid_value'], DEMO_IDS.integrationUser);
    const other = await newCase();
    assert.notEqual(other['ticketnumber'], c['ticketnumber']);
  });

  it('requires exactly one customer', async () => {
    const before = await caseCount();
    const none = await call(ctx.emu, 'POST', 'incidents', { body: { title: 'No customer' } });
    assert.deepEqual(
      [none.status, none.json],
      [400, { error: { code: '0x80044410', message: 'You should specify a parent contact or account.' } }],
    );
    const both = await call(ctx.emu, 'POST', 'incidents', {
      body: {
        title: 'Two customers',
        'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
        'customerid_account@odata.bind': `/accounts(${DEMO_IDS.accounts.fabrikam})`,
      },
    });
    assert.deepEqual([both.status, err(both).code], [400, '0x8004440f']);
    const generic = await call(ctx.emu, 'POST', 'incidents', {
      body: { title: 'x', 'customerid@odata.bind': `/accounts(${DEMO_IDS.accounts.fabrikam})` },
    });
    assert.equal(err(generic).code, '0x80048d19');
    assert.equal(await caseCount(), before);
  });

  it('switches the customer between tables and refuses clearing it', async () => {
    const c = await newCase();
    const id = String(c['incidentid']);
    assert.equal(
      (
        await call(ctx.emu, 'PATCH', `incidents(${id})`, {
          body: { 'customerid_account@odata.bind': `/accounts(${DEMO_IDS.accounts.fabrikam})` },
        })
      ).status,
      204,
    );
    const r = await call(ctx.emu, 'GET', `incidents(${id})?$select=_customerid_value`, {
      headers: { Prefer: 'odata.include-annotations="*"' },
    });
    assert.equal(r.json['_customerid_value'], DEMO_IDS.accounts.fabrikam);
    assert.equal(r.json['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], 'account');
    const cleared = await call(ctx.emu, 'PATCH', `incidents(${id})`, {
      body: { 'customerid_account@odata.bind': null },
    });
    assert.equal(err(cleared).code, '0x80044410');
  });

  it('refuses a status that does not belong to the state, and an update of the ticket number', async () => {
    const c = await newCase();
    const mismatch = await call(ctx.emu, 'PATCH', `incidents(${String(c['incidentid'])})`, {
      body: { statecode: 2, statuscode: 1 },
    });
    assert.equal(mismatch.status, 400);
    assert.match(err(mismatch).message, /1 is not a valid status code for state code IncidentState.Canceled/);
    const ticket = await call(ctx.emu, 'PATCH', `incidents(${String(c['incidentid'])})`, {
      body: { ticketnumber: 'CAS-1' },
    });
    assert.equal(err(ticket).code, '0x80048d19');
  });
});

describe('case state changes', () => {
  it('refuses Resolved by PATCH, resolves through CloseIncident, refuses a second resolve', async () => {
    const id = String((await newCase())['incidentid']);
    const patch = await call(ctx.emu, 'PATCH', `incidents(${id})`, { body: { statecode: 1, statuscode: 5 } });
    assert.equal(patch.status, 400);
    assert.match(err(patch).message, /use the CloseIncidentRequest message instead/);
    const action = {
      IncidentResolution: {
        subject: 'Replaced toner',
        'incidentid@odata.bind': `/incidents(${id})`,
        timespent: 30,
      },
      Status: 5,
    };
    const closed = await call(ctx.emu, 'POST', 'CloseIncident', { body: action });
    assert.equal(closed.status, 204, closed.text);
    const c = await call(ctx.emu, 'GET', `incidents(${id})?$select=statecode,statuscode`);
    assert.deepEqual([c.json['statecode'], c.json['statuscode']], [1, 5]);
    const resolutions = rows(
      await call(
        ctx.emu,
        'GET',
        `incidentresolutions?$filter=_incidentid_value eq ${id}&$select=subject,timespent,statecode`,
      ),
    );
    assert.deepEqual(
      resolutions.map((r) => [r['subject'], r['timespent'], r['statecode']]),
      [['Replaced toner', 30, 1]],
    );
    const again = await call(ctx.emu, 'POST', 'CloseIncident', { body: action });
    assert.equal(err(again).code, '0x800404cf');
    const edit = await call(ctx.emu, 'PATCH', `incidents(${id})`, { body: { title: 'Edited after close' } });
    assert.equal(edit.status, 400, 'a resolved case is read-only until reactivated');
  });

  it('CloseIncident validates its status and target', async () => {
    const id = String((await newCase())['incidentid']);
    const wrong = await call(ctx.emu, 'POST', 'CloseIncident', {
      body: { IncidentResolution: { subject: 'x', 'incidentid@odata.bind': `/incidents(${id})` }, Status: 6 },
    });
    assert.equal(wrong.status, 400);
    const missing = await call(ctx.emu, 'POST', 'CloseIncident', {
      body: {
        IncidentResolution: {
          subject: 'x',
          'incidentid@odata.bind': '/incidents(0d000000-0000-4000-8000-0000000000ff)',
        },
        Status: 5,
      },
    });
    assert.equal(missing.status, 404);
    assert.equal((await call(ctx.emu, 'GET', 'CloseIncident')).status, 404, 'actions are POST only');
    const open = await call(ctx.emu, 'GET', `incidents(${id})?$select=statecode`);
    assert.equal(open.json['statecode'], 0, 'failed closes change nothing');
  });

  it('cancels and reactivates by PATCH', async () => {
    const id = String((await newCase())['incidentid']);
    assert.equal(
      (await call(ctx.emu, 'PATCH', `incidents(${id})`, { body: { statecode: 2, statuscode: 6 } })).status,
      204,
    );
    const canceled = await call(ctx.emu, 'GET', `incidents(${id})?$select=statecode,statuscode`, {
      headers: { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' },
    });
    assert.equal(canceled.json['statecode@OData.Community.Display.V1.FormattedValue'], 'Canceled');
    assert.equal(
      (await call(ctx.emu, 'PATCH', `incidents(${id})`, { body: { statecode: 0, statuscode: 1 } })).status,
      204,
    );
    assert.equal((await call(ctx.emu, 'GET', `incidents(${id})?$select=statecode`)).json['statecode'], 0);
  });
});

describe('assign, WhoAmI and impersonation', () => {
  it('assigns to a team and to a user through ownerid@odata.bind', async () => {
    const id = String((await newCase())['incidentid']);
    assert.equal(
      (
        await call(ctx.emu, 'PATCH', `incidents(${id})`, {
          body: { 'ownerid@odata.bind': `/teams(${DEMO_IDS.teams.escalations})` },
        })
      ).status,
      204,
    );
    const prefer = { Prefer: 'odata.include-annotations="*"' };
    const t = await call(
      ctx.emu,
      'GET',
      `incidents(${id})?$select=_ownerid_value,_owningteam_value,_owninguser_value`,
      { headers: prefer },
    );
    assert.equal(t.json['_ownerid_value'], DEMO_IDS.teams.escalations);
    assert.equal(t.json['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], 'team');
    assert.equal(t.json['_ownerid_value@OData.Community.Display.V1.FormattedValue'], 'Escalations');
    assert.equal(t.json['_owningteam_value'], DEMO_IDS.teams.escalations);
    assert.equal(t.json['_owninguser_value'], null);
    await call(ctx.emu, 'PATCH', `incidents(${id})`, {
      body: { 'ownerid@odata.bind': `/systemusers(${DEMO_IDS.users.fieldEngineer})` },
    });
    const u = await call(ctx.emu, 'GET', `incidents(${id})?$select=_ownerid_value`, { headers: prefer });
    assert.equal(u.json['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], 'systemuser');
    assert.equal(u.json['_ownerid_value@OData.Community.Display.V1.FormattedValue'], 'Tom Becker');
    const wrong = await call(ctx.emu, 'PATCH', `incidents(${id})`, {
      body: { 'ownerid@odata.bind': `/accounts(${DEMO_IDS.accounts.fabrikam})` },
    });
    assert.equal(wrong.status, 400);
  });

  it('refuses a disabled owner', async () => {
    const user = '5a000000-0000-4000-8000-0000000000d1';
    await call(ctx.emu, 'PATCH', `systemusers(${user})`, {
      body: { lastname: 'Leaver', domainname: 'leaver@portico.example' },
    });
    await call(ctx.emu, 'PATCH', `systemusers(${user})`, { body: { isdisabled: true } });
    const id = String((await newCase())['incidentid']);
    const r = await call(ctx.emu, 'PATCH', `incidents(${id})`, {
      body: { 'ownerid@odata.bind': `/systemusers(${user})` },
    });
    assert.deepEqual(r.json, {
      error: { code: '0x8004022b', message: 'The specified owner has been disabled.' },
    });
  });

  it('answers WhoAmI (GET only) and honours MSCRMCallerID', async () => {
    const who = await call(ctx.emu, 'GET', 'WhoAmI()');
    assert.deepEqual(who.json, {
      '@odata.context': `${ctx.emu.url}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
      BusinessUnitId: DEMO_IDS.businessUnit,
      UserId: DEMO_IDS.integrationUser,
      OrganizationId: DEMO_IDS.organization,
    });
    const post = await call(ctx.emu, 'POST', 'WhoAmI');
    assert.equal(post.status, 404);
    assert.match(err(post).message, /^No HTTP resource was found that matches the request URI/);
    const as = await call(ctx.emu, 'GET', 'WhoAmI', {
      headers: { MSCRMCallerID: DEMO_IDS.users.supportAgent1 },
    });
    assert.equal(as.json['UserId'], DEMO_IDS.users.supportAgent1);
    const c = await call(ctx.emu, 'POST', 'incidents?$select=_createdby_value,_ownerid_value', {
      body: { title: 'On behalf', 'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.bob})` },
      headers: { MSCRMCallerID: DEMO_IDS.users.supportAgent1, Prefer: 'return=representation' },
    });
    assert.equal(c.json['_createdby_value'], DEMO_IDS.users.supportAgent1);
    const unknown = await call(ctx.emu, 'GET', 'WhoAmI', {
      headers: { MSCRMCallerID: '5a000000-0000-4000-8000-0000000000ff' },
    });
    assert.equal(unknown.status, 404);
  });
});

describe('principals', () => {
  it('returns ownerid on systemuser and team rows, equal to their id', async () => {
    const id = String(
      (await newCase({ 'ownerid@odata.bind': `/systemusers(${DEMO_IDS.users.fieldEngineer})` }))[
        'incidentid'
      ],
    );
    const r = await call(ctx.emu, 'GET', `incidents(${id})?$select=title&$expand=ownerid($select=fullname)`);
    const owner = r.json['ownerid'] as Record<string, unknown>;
    assert.equal(owner['fullname'], 'Tom Becker');
    assert.equal(owner['ownerid'], DEMO_IDS.users.fieldEngineer);
    const team = await call(ctx.emu, 'GET', `teams(${DEMO_IDS.teams.tier1})?$select=name`);
    assert.equal(team.json['ownerid'], DEMO_IDS.teams.tier1);
    assert.equal(team.json['name'], 'Tier 1 Support');
  });
});
