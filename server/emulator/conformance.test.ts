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

  it('creates a note with an attachment bound to a case and reads the case with its notes expanded', async () => {
    const api = client();
    const caseId = String(
      await api.create({
        collection: 'incidents',
        data: {
          title: 'Conformance conversation',
          'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
        },
      }),
    );
    const body = Buffer.from('conformance attachment').toString('base64');
    const noteId = await api.create({
      collection: 'annotations',
      data: {
        subject: 'Attachment',
        notetext: '*WEB* Please see the attached file.',
        filename: 'details.txt',
        mimetype: 'text/plain',
        documentbody: body,
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      },
    });
    assert.match(String(noteId), /^[0-9a-f-]{36}$/);
    await api.create({
      collection: 'annotations',
      data: {
        subject: 'Internal',
        notetext: 'Staff only.',
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      },
    });
    const withNotes = await api.retrieve({
      collection: 'incidents',
      key: caseId,
      select: ['title'],
      expand: [
        {
          property: 'Incident_Annotation',
          select: ['subject', 'filename', 'filesize', 'isdocument'],
          filter: "startswith(notetext,'*WEB*')",
          orderBy: ['createdon desc'],
          top: 5,
        },
      ],
    });
    assert.equal(withNotes.title, 'Conformance conversation');
    assert.deepEqual(
      withNotes.Incident_Annotation.map((n: Record<string, unknown>) => [
        n['annotationid'],
        n['filename'],
        n['filesize'],
        n['isdocument'],
        n['_objectid_value'],
      ]),
      [[noteId, 'details.txt', 22, true, caseId]],
      'only the published note, with its size and the case it belongs to',
    );
    const cases = await api.retrieveMultiple({
      collection: 'incidents',
      select: ['title'],
      filter: `incidentid eq ${caseId}`,
      expand: [{ property: 'Incident_Annotation', select: ['subject'], orderBy: ['subject asc'], top: 1 }],
    });
    assert.deepEqual(
      cases.value[0]!.Incident_Annotation.map((n: Record<string, unknown>) => n['annotationid']),
      [noteId],
    );
  });

  it('retrieves a note without its documentbody unless it is selected', async () => {
    const api = client();
    const note = await api.retrieve({ collection: 'annotations', key: DEMO_IDS.notes.bobAnswer });
    assert.equal(note.filename, 'serial.txt');
    assert.equal(note.objecttypecode, 'incident');
    assert.ok(!('documentbody' in note), 'not returned with all columns');
    const withBody = await api.retrieve({
      collection: 'annotations',
      key: DEMO_IDS.notes.bobAnswer,
      select: ['documentbody', 'filesize'],
    });
    assert.equal(Buffer.from(withBody.documentbody, 'base64').toString(), 'Serial number: NW-2291-0457\r\n');
    assert.equal(withBody.filesize, 29);
  });

  it('refuses a blocked extension and an attachment over the organisation limit with Dataverse codes', async () => {
    const api = client();
    const caseId = String(
      await api.create({
        collection: 'incidents',
        data: {
          title: 'Conformance limits',
          'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.bob})`,
        },
      }),
    );
    const attach = (filename: string, documentbody: string) =>
      api.create({
        collection: 'annotations',
        data: {
          subject: filename,
          filename,
          documentbody,
          'objectid_incident@odata.bind': `/incidents(${caseId})`,
        },
      });
    await assert.rejects(
      attach('installer.exe', Buffer.from('MZ').toString('base64')),
      (e: { status: number; code: string }) => e.status === 400 && e.code === '0x80043e09',
    );
    const org = await api.retrieveMultiple({ collection: 'organizations', select: ['maxuploadfilesize'] });
    const limit = org.value[0]!.maxuploadfilesize as number;
    assert.equal(limit, 5242880);
    await assert.rejects(
      attach('big.bin', 'A'.repeat(limit + 4)),
      (e: { status: number; code: string; message: string }) =>
        e.status === 400 && e.code === '0x80044a02' && e.message === 'Attachment file size is too big.',
    );
    await api.update({
      collection: 'organizations',
      key: DEMO_IDS.organization,
      data: { maxuploadfilesize: 1024 },
    });
    try {
      await assert.rejects(
        attach('medium.bin', 'A'.repeat(1028)),
        (e: { code: string }) => e.code === '0x80044a02',
      );
    } finally {
      await api.update({
        collection: 'organizations',
        key: DEMO_IDS.organization,
        data: { maxuploadfilesize: limit },
      });
    }
    assert.match(String(await attach('medium.bin', 'A'.repeat(1028))), /^[0-9a-f-]{36}$/);
  });

  it('works with the on-premises version 9.0', async () => {
    const api = client('9.0');
    const who = await api.callFunction('WhoAmI');
    assert.equal(who.OrganizationId, DEMO_IDS.organization);
  });
});
