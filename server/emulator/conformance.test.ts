/**
 * Conformance: the unmodified `dynamics-web-api` client (2.5) against the emulator. Where the
 * client and the emulator disagree, the emulator is wrong.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamicsWebApi } from 'dynamics-web-api';
import { DEMO_IDS } from './demo-ids.js';
import { useEmulator } from '../testing/emulator-harness.js';

const ctx = useEmulator();
const client = (version = '9.2') =>
  new DynamicsWebApi({ serverUrl: `${ctx.emu.origin}/`, dataApi: { version } });

describe('dynamics-web-api conformance', () => {
  it('creates, retrieves, updates (with and without If-Match), upserts and deletes a contact', async () => {
    const api = client();
    const id = await api.create({
      collection: 'contacts',
      data: { firstname: 'Conny', lastname: 'Formance', emailaddress1: 'conny@example.com' },
    });
    assert.match(String(id), /^[0-9a-f-]{36}$/);
    const got = await api.retrieve({
      collection: 'contacts',
      key: String(id),
      select: ['fullname', 'emailaddress1', 'createdon'],
    });
    assert.equal(got.fullname, 'Conny Formance');
    assert.ok(
      got.createdon instanceof Date,
      'date reviver converts createdon, so no milliseconds are emitted',
    );
    assert.equal(got.contactid, id);
    // update() sends If-Match: * by default
    await api.update({ collection: 'contacts', key: String(id), data: { jobtitle: 'Tester' } });
    const etag = (await api.retrieve({ collection: 'contacts', key: String(id), select: ['jobtitle'] }))[
      '@odata.etag'
    ] as string;
    const ok = await api.update({
      collection: 'contacts',
      key: String(id),
      data: { jobtitle: 'Lead' },
      ifmatch: etag,
    });
    assert.equal(ok, true);
    const stale = await api.update({
      collection: 'contacts',
      key: String(id),
      data: { jobtitle: 'Stale' },
      ifmatch: etag,
    });
    assert.equal(stale, false, 'a 412 on a stale ETag becomes false');
    const missing = '00000000-0000-4000-8000-0000000000ff';
    await assert.rejects(
      api.update({ collection: 'contacts', key: missing, data: { jobtitle: 'x' } }),
      (e: { status: number; code: string }) => e.status === 404 && e.code === '0x80040217',
    );
    const upsertId = 'c0000000-0000-4000-8000-0000000000aa';
    await api.upsert({ collection: 'contacts', key: upsertId, data: { lastname: 'Upserted' } });
    assert.equal(
      (await api.retrieve({ collection: 'contacts', key: upsertId, select: ['lastname'] })).lastname,
      'Upserted',
    );
    const refused = await api.upsert({
      collection: 'contacts',
      key: upsertId,
      data: { lastname: 'Again' },
      ifnonematch: '*',
    });
    assert.equal(
      refused,
      null,
      'If-None-Match: * on an existing row is a 412, which the client returns as null',
    );
    await api.deleteRecord({ collection: 'contacts', key: String(id) });
    await assert.rejects(
      api.retrieve({ collection: 'contacts', key: String(id) }),
      (e: { status: number }) => e.status === 404,
    );
  });

  it('updates a single property', async () => {
    const api = client();
    await api.updateSingleProperty({
      collection: 'contacts',
      key: DEMO_IDS.contacts.bob,
      fieldValuePair: { jobtitle: 'Head of Operations' },
    });
    const got = await api.retrieve({
      collection: 'contacts',
      key: DEMO_IDS.contacts.bob,
      select: ['jobtitle'],
    });
    assert.equal(got.jobtitle, 'Head of Operations');
  });

  it('pages with retrieveMultiple and retrieveAll, and counts', async () => {
    const api = client();
    const first = await api.retrieveMultiple({
      collection: 'incidents',
      select: ['title'],
      maxPageSize: 40,
      orderBy: ['createdon desc'],
    });
    assert.equal(first.value.length, 40);
    assert.ok(first.oDataNextLink, 'a next link is returned when more rows exist');
    const second = await api.retrieveMultiple(
      { collection: 'incidents', select: ['title'], maxPageSize: 40, orderBy: ['createdon desc'] },
      first.oDataNextLink,
    );
    assert.equal(second.value.length, 40);
    const firstIds = new Set(first.value.map((r) => r.incidentid));
    assert.ok(
      second.value.every((r) => !firstIds.has(r.incidentid)),
      'pages do not overlap',
    );
    const all = await api.retrieveAll({ collection: 'incidents', select: ['title'], maxPageSize: 45 });
    const total = await api.count({ collection: 'incidents' });
    assert.equal(all.value.length, total);
    assert.equal(new Set(all.value.map((r) => r.incidentid)).size, total);
    const filtered = await api.countAll({
      collection: 'incidents',
      filter: `_customerid_value eq ${DEMO_IDS.contacts.alice}`,
    });
    assert.ok(filtered >= 8 && filtered <= 12, `alice has about ten cases, got ${filtered}`);
  });

  it('maps formatted-value and lookup annotations', async () => {
    const api = client();
    const res = await api.retrieveMultiple({
      collection: 'incidents',
      select: ['title', 'prioritycode', 'statecode', '_customerid_value'],
      filter: `_customerid_value eq ${DEMO_IDS.accounts.fabrikam}`,
      includeAnnotations: '*',
      top: 5,
    });
    const row = res.value[0]!;
    assert.ok(['High', 'Normal', 'Low'].includes(row.prioritycode_Formatted));
    assert.equal(row._customerid_value_Formatted, 'Fabrikam, Inc.');
    assert.equal(row._customerid_value_LogicalName, 'account');
    assert.equal(row._customerid_value_NavigationProperty, 'customerid_account');
  });

  it('filters through lookups with retrieveMultiple and gets the Dataverse error for a bad path', async () => {
    const api = client();
    const fabrikam = DEMO_IDS.accounts.fabrikam;
    const contacts = await api.retrieveMultiple({
      collection: 'contacts',
      select: ['contactid'],
      filter: `_parentcustomerid_value eq ${fabrikam}`,
    });
    const ids = new Set(contacts.value.map((c) => c.contactid));
    const all = await api.retrieveAll({
      collection: 'incidents',
      select: ['_customerid_value'],
      includeAnnotations: 'Microsoft.Dynamics.CRM.lookuplogicalname',
    });
    const expected = all.value
      .filter((r) => r._customerid_value_LogicalName === 'contact' && ids.has(r._customerid_value))
      .map((r) => r.incidentid)
      .sort();
    assert.ok(expected.length > 0);
    const scoped = await api.retrieveMultiple({
      collection: 'incidents',
      select: ['title'],
      filter: `customerid_contact/_parentcustomerid_value eq ${fabrikam}`,
    });
    assert.deepEqual(scoped.value.map((r) => r.incidentid).sort(), expected);
    await assert.rejects(
      api.retrieveMultiple({ collection: 'incidents', filter: "customerid_contacts/fullname eq 'x'" }),
      (e: { status: number; code: string; message: string }) =>
        e.status === 400 &&
        e.code === '0x80060888' &&
        e.message ===
          "Could not find a property named 'customerid_contacts' on type 'Microsoft.Dynamics.CRM.incident'.",
    );
  });

  it('calls WhoAmI and CloseIncident', async () => {
    const api = client();
    const who = await api.callFunction('WhoAmI');
    assert.equal(who.UserId, DEMO_IDS.integrationUser);
    const id = await api.create({
      collection: 'incidents',
      data: {
        title: 'Conformance resolve',
        'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
      },
    });
    await api.callAction({
      actionName: 'CloseIncident',
      action: {
        IncidentResolution: { subject: 'Done', 'incidentid@odata.bind': `/incidents(${String(id)})` },
        Status: 5,
      },
    });
    const c = await api.retrieve({
      collection: 'incidents',
      key: String(id),
      select: ['statecode', 'statuscode'],
    });
    assert.deepEqual([c.statecode, c.statuscode], [1, 5]);
  });

  it('retrieves metadata: entity, attributes with a cast and option sets', async () => {
    const api = client();
    const entity = await api.retrieveEntity({
      key: "LogicalName='incident'",
      select: ['LogicalName', 'EntitySetName', 'PrimaryIdAttribute'],
    });
    assert.equal(entity.EntitySetName, 'incidents');
    const picklists = await api.retrieveAttributes({
      entityKey: "LogicalName='incident'",
      castType: 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
      select: ['LogicalName'],
      expand: [{ property: 'OptionSet' }],
    });
    const casetype = picklists.value.find((a) => a.LogicalName === 'casetypecode');
    assert.deepEqual(
      casetype.OptionSet.Options.map(
        (o: { Value: number; Label: { UserLocalizedLabel: { Label: string } } }) => [
          o.Value,
          o.Label.UserLocalizedLabel.Label,
        ],
      ),
      [
        [1, 'Question'],
        [2, 'Problem'],
        [3, 'Request'],
      ],
    );
    const entities = await api.retrieveEntities({ select: ['LogicalName', 'EntitySetName'] });
    assert.ok(entities.value.some((e) => e.EntitySetName === 'contacts'));
  });

  it('executes a batch with a change set, and rolls the change set back on failure', async () => {
    const api = client();
    api.startBatch();
    api.create({ collection: 'contacts', data: { lastname: 'BatchOne' } });
    api.create({ collection: 'contacts', data: { lastname: 'BatchTwo' } });
    api.retrieveMultiple({
      collection: 'contacts',
      select: ['fullname'],
      filter: "startswith(lastname,'Batch')",
    });
    const results = await api.executeBatch();
    assert.equal(results.length, 3);
    assert.match(String(results[0]), /^[0-9a-f-]{36}$/);
    assert.equal((results[2] as { value: unknown[] }).value.length, 2);
    api.startBatch();
    api.create({ collection: 'contacts', data: { lastname: 'Rolled' } });
    api.create({ collection: 'contacts', data: { lastname: 'x'.repeat(51) } });
    await assert.rejects(api.executeBatch());
    const rolled = await api.retrieveMultiple({ collection: 'contacts', filter: "lastname eq 'Rolled'" });
    assert.equal(rolled.value.length, 0, 'the first create of the failed change set was rolled back');
  });

  it('turns a long-URL query into a batch that the emulator answers', async () => {
    const api = client();
    const ids = Array.from(
      { length: 60 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const filter = `(${ids.map((g) => `contactid eq ${g}`).join(' or ')}) or contactid eq ${DEMO_IDS.contacts.alice}`;
    assert.ok(filter.length > 2000);
    const before = ctx.emu.requestLog.count({ path: /\$batch/ });
    const res = await api.retrieveMultiple({ collection: 'contacts', select: ['fullname'], filter });
    assert.equal(ctx.emu.requestLog.count({ path: /\$batch/ }), before + 1, 'the client sent a $batch');
    assert.deepEqual(
      res.value.map((r) => r.fullname),
      ['Alice Brooks'],
    );
  });

  it('works with the on-premises version 9.0', async () => {
    const api = client('9.0');
    const who = await api.callFunction('WhoAmI');
    assert.equal(who.OrganizationId, DEMO_IDS.organization);
  });
});
