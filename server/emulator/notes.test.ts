/**
 * Notes (annotation) over HTTP: the table and its metadata, creating notes bound to a case with
 * an attachment, documentbody only when selected, the collection-valued navigation from a case to
 * its notes in $expand and as a filtered collection, the organisation's attachment settings and
 * their errors, and notes going with their parent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_IDS } from './demo-ids.js';
import { startEmulator } from './index.js';
import { DEFAULT_BLOCKED_ATTACHMENTS } from './organization.js';
import { call, err, rows, useEmulator, type Reply } from '../testing/emulator-harness.js';

const ctx = useEmulator();
const get = (path: string, headers: Record<string, string> = {}) => call(ctx.emu, 'GET', path, { headers });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(ctx.emu, 'POST', path, { body, headers });
const patch = (path: string, body: unknown) => call(ctx.emu, 'PATCH', path, { body });
const representation = { Prefer: 'return=representation' };
const b64 = (text: string) => Buffer.from(text).toString('base64');
const created = (r: Reply) => /\(([0-9a-f-]{36})\)$/.exec(r.headers.get('odata-entityid') ?? '')![1]!;

/** The case a seeded note is about. */
async function caseOf(noteId: string): Promise<string> {
  return String((await get(`annotations(${noteId})?$select=_objectid_value`)).json['_objectid_value']);
}

async function newCase(title: string): Promise<string> {
  const r = await post('incidents', {
    title,
    'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
  });
  assert.equal(r.status, 204);
  return created(r);
}

describe('annotation metadata', () => {
  it('declares the table, its regarding lookup and objecttypecode as Dataverse does', async () => {
    const e = await get(
      "EntityDefinitions(LogicalName='annotation')?$select=EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,ObjectTypeCode",
    );
    assert.deepEqual(
      [
        e.json['EntitySetName'],
        e.json['PrimaryIdAttribute'],
        e.json['PrimaryNameAttribute'],
        e.json['ObjectTypeCode'],
      ],
      ['annotations', 'annotationid', 'subject', 5],
    );
    const lookups = await get(
      "EntityDefinitions(LogicalName='annotation')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets",
    );
    assert.deepEqual(rows(lookups).find((a) => a['LogicalName'] === 'objectid')!['Targets'], [
      'account',
      'contact',
      'incident',
    ]);
    const attrs = rows(
      await get(
        "EntityDefinitions(LogicalName='annotation')/Attributes?$select=LogicalName,AttributeType,IsValidForCreate",
      ),
    );
    const byName = (n: string) => attrs.find((a) => a['LogicalName'] === n)!;
    assert.equal(byName('objecttypecode')['AttributeType'], 'EntityName');
    assert.equal(byName('filesize')['IsValidForCreate'], false, 'filesize is computed');
    assert.equal(byName('documentbody')['AttributeType'], 'String');
  });

  it('names the case relationship Incident_Annotation on both sides, in metadata and $metadata', async () => {
    const manyToOne = rows(
      await get(
        "EntityDefinitions(LogicalName='annotation')/ManyToOneRelationships?$select=SchemaName,ReferencedEntity,ReferencedEntityNavigationPropertyName,ReferencingEntityNavigationPropertyName",
      ),
    );
    assert.deepEqual(
      manyToOne.find((r) => r['ReferencedEntity'] === 'incident'),
      {
        MetadataId: manyToOne.find((r) => r['ReferencedEntity'] === 'incident')!['MetadataId'],
        SchemaName: 'Incident_Annotation',
        ReferencedEntity: 'incident',
        ReferencedEntityNavigationPropertyName: 'Incident_Annotation',
        ReferencingEntityNavigationPropertyName: 'objectid_incident',
      },
    );
    const oneToMany = rows(
      await get(
        "EntityDefinitions(LogicalName='incident')/OneToManyRelationships?$select=SchemaName,ReferencingEntity",
      ),
    );
    assert.ok(
      oneToMany.some(
        (r) => r['SchemaName'] === 'Incident_Annotation' && r['ReferencingEntity'] === 'annotation',
      ),
    );
    const csdl = (await get('$metadata')).text;
    assert.match(
      csdl,
      /<NavigationProperty Name="Incident_Annotation" Type="Collection\(mscrm\.annotation\)" Partner="objectid_incident" \/>/,
    );
    assert.match(
      csdl,
      /<NavigationProperty Name="objectid_incident" Type="mscrm\.incident" Partner="Incident_Annotation">/,
    );
    assert.match(csdl, /<Property Name="objecttypecode" Type="Edm.String" Unicode="false" \/>/);
    assert.match(csdl, /<EntitySet Name="annotations" EntityType="mscrm.annotation" \/>/);
  });
});

describe('creating and updating notes', () => {
  it('creates a note with an attachment bound to a case: objecttypecode, isdocument and filesize follow', async () => {
    const caseId = await newCase('Notes: create');
    const r = await post(
      'annotations',
      {
        subject: 'Log file',
        notetext: '*WEB* The log is attached.',
        filename: 'log.txt',
        mimetype: 'text/plain',
        documentbody: b64('line one\nline two\n'),
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      },
      representation,
    );
    assert.equal(r.status, 201);
    assert.equal(r.json['_objectid_value'], caseId);
    assert.equal(r.json['objecttypecode'], 'incident');
    assert.equal(r.json['isdocument'], true);
    assert.equal(r.json['filesize'], 18, 'the decoded size, not the Base64 length');
    assert.equal(r.json['_createdby_value'], DEMO_IDS.integrationUser);
    assert.ok(!('documentbody' in r.json), 'documentbody is not returned unless selected');
    const selected = await post(
      'annotations?$select=documentbody,filesize',
      {
        subject: 'x',
        documentbody: b64('abc'),
        filename: 'a.txt',
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      },
      representation,
    );
    assert.equal(selected.json['documentbody'], b64('abc'));
    assert.equal(selected.json['filesize'], 3);
  });

  it('binds notes to contacts and accounts, and accepts a matching objecttypecode only', async () => {
    const toContact = await post(
      'annotations',
      {
        subject: 'c',
        'objectid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.bob})`,
        objecttypecode: 'contact',
      },
      representation,
    );
    assert.equal(toContact.status, 201);
    assert.deepEqual(
      [toContact.json['objecttypecode'], toContact.json['isdocument'], toContact.json['filesize']],
      ['contact', false, 0],
    );
    const toAccount = await post(
      'annotations',
      { subject: 'a', 'objectid_account@odata.bind': `/accounts(${DEMO_IDS.accounts.fabrikam})` },
      representation,
    );
    assert.equal(toAccount.json['objecttypecode'], 'account');
    const mismatch = await post('annotations', {
      subject: 'm',
      'objectid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.bob})`,
      objecttypecode: 'incident',
    });
    assert.equal(mismatch.status, 400);
    assert.equal(err(mismatch).code, '0x80040203');
    const alone = await post('annotations', { subject: 'm', objecttypecode: 'incident' });
    assert.equal(alone.status, 400);
  });

  it('refuses filesize in a payload, a body that is not Base64 and an unknown target', async () => {
    const size = await post('annotations', { subject: 's', filesize: 3 });
    assert.equal(size.status, 400);
    assert.equal(err(size).code, '0x80048d19');
    const notBase64 = await post('annotations', {
      subject: 's',
      documentbody: 'not base64!',
      filename: 'a.txt',
    });
    assert.equal(notBase64.status, 400);
    assert.match(err(notBase64).message, /Base-64/);
    const wrongTable = await post('annotations', {
      subject: 's',
      'objectid_incident@odata.bind': `/contacts(${DEMO_IDS.contacts.bob})`,
    });
    assert.equal(wrongTable.status, 400);
  });

  it('updates the attachment and the regarding row, keeping the derived columns right', async () => {
    const caseId = await newCase('Notes: update');
    const id = created(
      await post('annotations', {
        subject: 'u',
        filename: 'a.txt',
        documentbody: b64('12345'),
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      }),
    );
    const read = async () =>
      (await get(`annotations(${id})?$select=filesize,isdocument,objecttypecode,_objectid_value`)).json;
    assert.equal((await patch(`annotations(${id})`, { documentbody: b64('1234567890') })).status, 204);
    assert.deepEqual([(await read())['filesize'], (await read())['isdocument']], [10, true]);
    assert.equal((await patch(`annotations(${id})`, { documentbody: null })).status, 204);
    assert.deepEqual([(await read())['filesize'], (await read())['isdocument']], [0, false]);
    await patch(`annotations(${id})`, {
      'objectid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
    });
    assert.deepEqual(
      [(await read())['objecttypecode'], (await read())['_objectid_value']],
      ['contact', DEMO_IDS.contacts.alice],
    );
  });
});

describe('reading notes', () => {
  it('returns documentbody only when selected, and as $value', async () => {
    const id = DEMO_IDS.notes.alicePhoto;
    const all = await get(`annotations(${id})`);
    assert.equal(all.status, 200);
    assert.ok(!('documentbody' in all.json), 'not with all columns');
    assert.deepEqual(
      [all.json['filename'], all.json['mimetype'], all.json['filesize']],
      ['display.png', 'image/png', 97],
    );
    const body = (await get(`annotations(${id})?$select=documentbody`)).json['documentbody'] as string;
    assert.equal(Buffer.from(body, 'base64').subarray(1, 4).toString(), 'PNG');
    assert.equal((await get(`annotations(${id})/documentbody/$value`)).text, body);
    const list = await get(`annotations?$filter=_objectid_value eq ${await caseOf(id)}`);
    assert.ok(rows(list).length >= 3);
    assert.ok(rows(list).every((n) => !('documentbody' in n)));
  });

  it('filters on objecttypecode and formats it as the table display name', async () => {
    const r = await get(`annotations?$select=objecttypecode&$filter=objecttypecode eq 'incident'&$top=2`, {
      Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
    });
    assert.equal(rows(r).length, 2);
    assert.equal(rows(r)[0]!['objecttypecode@OData.Community.Display.V1.FormattedValue'], 'Case');
  });
});

describe('a case with its notes ($expand of Incident_Annotation)', () => {
  it('expands the notes of one case with nested $select, $filter, $orderby and $top', async () => {
    const caseId = await caseOf(DEMO_IDS.notes.aliceReply);
    const options =
      "$select=subject,notetext;$filter=startswith(notetext,'*WEB*');$orderby=createdon desc;$top=5";
    const r = await get(`incidents(${caseId})?$select=title&$expand=Incident_Annotation(${options})`);
    assert.equal(r.status, 200);
    assert.match(
      String(r.json['@odata.context']),
      /#incidents\(title,Incident_Annotation\(subject,notetext\)\)\/\$entity$/,
    );
    const notes = r.json['Incident_Annotation'] as Record<string, unknown>[];
    assert.deepEqual(
      notes.map((n) => n['annotationid']),
      [DEMO_IDS.notes.aliceReply, DEMO_IDS.notes.alicePhoto],
      'published notes only, newest first',
    );
    assert.ok(
      notes.every((n) => n['_objectid_value'] === caseId && String(n['@odata.etag']).startsWith('W/')),
    );
    assert.ok(notes.every((n) => !('documentbody' in n) && !('filename' in n)));
    const next = String(r.json['Incident_Annotation@odata.nextLink']);
    assert.equal(
      next,
      `${ctx.emu.url}incidents(${caseId})/Incident_Annotation?$select=subject,notetext&$filter=startswith(notetext,'*WEB*')&$orderby=createdon%20desc&$top=5`,
    );
    const followed = await get(next);
    assert.deepEqual(
      rows(followed).map((n) => n['annotationid']),
      notes.map((n) => n['annotationid']),
      'the link is the same filtered collection',
    );
    const top1 = await get(
      `incidents(${caseId})?$expand=Incident_Annotation($select=subject;$orderby=createdon desc;$top=1)`,
    );
    assert.deepEqual(
      (top1.json['Incident_Annotation'] as Record<string, unknown>[]).map((n) => n['annotationid']),
      [DEMO_IDS.notes.aliceInternal],
    );
  });

  it('returns documentbody in an expansion only when the nested $select names it', async () => {
    const caseId = await caseOf(DEMO_IDS.notes.alicePhoto);
    const plain = await get(`incidents(${caseId})?$select=title&$expand=Incident_Annotation`);
    const notes = plain.json['Incident_Annotation'] as Record<string, unknown>[];
    assert.ok(notes.length >= 3 && notes.every((n) => !('documentbody' in n)));
    assert.ok(notes.some((n) => n['filename'] === 'display.png'));
    const withBody = await get(
      `incidents(${caseId})?$select=title&$expand=Incident_Annotation($select=filename,documentbody;$filter=isdocument eq true)`,
    );
    const docs = withBody.json['Incident_Annotation'] as Record<string, unknown>[];
    assert.deepEqual(
      docs.map((n) => n['filename']),
      ['display.png'],
    );
    assert.ok(String(docs[0]!['documentbody']).startsWith('iVBORw0KGgo'));
  });

  it('expands notes on a collection query, $top per case, paging only the cases', async () => {
    const r = await get(
      `incidents?$select=title&$filter=_customerid_value eq ${DEMO_IDS.contacts.alice}&$orderby=createdon asc&$expand=Incident_Annotation($select=subject;$orderby=createdon desc;$top=1)`,
      { Prefer: 'odata.maxpagesize=3' },
    );
    assert.equal(r.status, 200);
    assert.match(String(r.json['@odata.context']), /#incidents\(title,Incident_Annotation\(subject\)\)$/);
    const cases = rows(r);
    assert.equal(cases.length, 3);
    assert.ok(r.json['@odata.nextLink'], 'the cases are paged');
    for (const c of cases) {
      const notes = c['Incident_Annotation'] as unknown[];
      assert.ok(Array.isArray(notes) && notes.length <= 1);
      assert.equal(
        c['Incident_Annotation@odata.nextLink'],
        `${ctx.emu.url}incidents(${String(c['incidentid'])})/Incident_Annotation?$select=subject&$orderby=createdon%20desc&$top=1`,
      );
    }
    const aliceFirst = await caseOf(DEMO_IDS.notes.aliceReply);
    const all = await get(
      `incidents?$select=title&$filter=_customerid_value eq ${DEMO_IDS.contacts.alice}&$expand=Incident_Annotation($select=subject;$orderby=createdon desc;$top=1)`,
    );
    const first = rows(all).find((c) => c['incidentid'] === aliceFirst)!;
    assert.deepEqual(
      (first['Incident_Annotation'] as Record<string, unknown>[]).map((n) => n['annotationid']),
      [DEMO_IDS.notes.aliceInternal],
    );
  });

  it('refuses the options Dataverse refuses inside $expand', async () => {
    const caseId = await caseOf(DEMO_IDS.notes.aliceReply);
    const expand = async (e: string) => get(`incidents(${caseId})?$expand=${e}`);
    for (const e of [
      'Incident_Annotation($skip=1)',
      'Incident_Annotation($count=true)',
      'Incident_Annotation($search=x)',
    ]) {
      const r = await expand(e);
      assert.equal(r.status, 400, e);
      assert.equal(err(r).code, '0x80060888');
    }
    const message =
      'Only $select and $filter clause can be provided while doing $expand on many-to-one relationship or nested one-to-many relationship.';
    for (const e of [
      'customerid_contact($top=1)',
      'primarycontactid($orderby=fullname)',
      'Incident_Annotation($top=1;$expand=createdby($select=fullname))',
    ]) {
      const r = await expand(e);
      assert.equal(r.status, 400, e);
      assert.equal(err(r).message, message);
    }
    const unknown = await expand('Incident_Notes');
    assert.equal(unknown.status, 400);
    assert.match(err(unknown).message, /Incident_Notes/);
    const bad = await expand('Incident_Annotation($top=-1)');
    assert.equal(bad.status, 400);
  });

  it('serves the filtered collection incidents(<id>)/Incident_Annotation with paging and a 404 for a missing case', async () => {
    const caseId = await caseOf(DEMO_IDS.notes.bobQuestion);
    const r = await get(`incidents(${caseId})/Incident_Annotation?$select=subject&$orderby=createdon asc`, {
      Prefer: 'odata.maxpagesize=2',
    });
    assert.equal(r.status, 200);
    assert.match(String(r.json['@odata.context']), /#annotations\(subject\)$/);
    assert.deepEqual(
      rows(r).map((n) => n['annotationid']),
      [DEMO_IDS.notes.bobQuestion, DEMO_IDS.notes.bobInternal],
    );
    const next = await get(String(r.json['@odata.nextLink']), { Prefer: 'odata.maxpagesize=2' });
    assert.deepEqual(
      rows(next).map((n) => n['annotationid']),
      [DEMO_IDS.notes.bobAnswer],
    );
    const missing = await get('incidents(00000000-0000-4000-8000-0000000000ee)/Incident_Annotation');
    assert.equal(missing.status, 404);
    assert.equal(err(missing).code, '0x80040217');
    const contactNotes = await get(`contacts(${DEMO_IDS.contacts.alice})/Contact_Annotation?$select=subject`);
    assert.equal(contactNotes.status, 200);
    const writeThrough = await post('incidents', {
      title: 'x',
      'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
      Incident_Annotation: [{ subject: 'deep' }],
    });
    assert.equal(writeThrough.status, 501);
  });
});

describe('the organisation attachment settings', () => {
  it('serves the one organization row with the defaults, and refuses to create or delete it', async () => {
    const r = await get('organizations?$select=maxuploadfilesize,blockedattachments');
    assert.deepEqual(rows(r), [
      {
        '@odata.etag': rows(r)[0]!['@odata.etag'],
        maxuploadfilesize: 5242880,
        blockedattachments: DEFAULT_BLOCKED_ATTACHMENTS,
        organizationid: DEMO_IDS.organization,
      },
    ]);
    assert.ok(DEFAULT_BLOCKED_ATTACHMENTS.split(';').includes('exe'));
    const create = await post('organizations', { name: 'Second' });
    assert.equal(create.status, 400);
    assert.match(err(create).message, /The 'Create' method does not support entities of type 'organization'/);
    const del = await call(ctx.emu, 'DELETE', `organizations(${DEMO_IDS.organization})`);
    assert.equal(del.status, 400);
    assert.equal((await get('organizations')).json['value'] instanceof Array, true);
  });

  it('refuses a blocked extension (AttachmentBlocked) in any case and allows others', async () => {
    const caseId = await newCase('Notes: blocked');
    const attach = (filename: string) =>
      post('annotations', {
        subject: filename,
        filename,
        documentbody: b64('MZ'),
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      });
    for (const name of ['setup.exe', 'SETUP.EXE', 'script.js', 'archive.tar.vbs']) {
      const r = await attach(name);
      assert.equal(r.status, 400, name);
      assert.deepEqual(err(r), {
        code: '0x80043e09',
        message:
          'The attachment is either not a valid type or is too large. It cannot be uploaded or downloaded.',
      });
    }
    for (const name of ['report.pdf', 'photo.png', 'README', 'exe'])
      assert.equal((await attach(name)).status, 204, name);
    const renamed = await patch(`annotations(${DEMO_IDS.notes.bobAnswer})`, { filename: 'serial.bat' });
    assert.equal(err(renamed).code, '0x80043e09', 'a rename to a blocked extension is refused too');
  });

  it('refuses an attachment over maxuploadfilesize, measured on the Base64 text, and follows a PATCH of the setting', async () => {
    const caseId = await newCase('Notes: size');
    const attach = (body: string) =>
      post('annotations', {
        subject: 's',
        filename: 'f.bin',
        documentbody: body,
        'objectid_incident@odata.bind': `/incidents(${caseId})`,
      });
    const over = await attach('A'.repeat(5242884));
    assert.equal(over.status, 400);
    assert.deepEqual(err(over), { code: '0x80044a02', message: 'Attachment file size is too big.' });
    assert.equal((await attach('A'.repeat(5242880))).status, 204, 'the limit itself is allowed');
    const org = `organizations(${DEMO_IDS.organization})`;
    assert.equal((await patch(org, { maxuploadfilesize: 8 })).status, 204);
    try {
      assert.equal(
        err(await attach(b64('123456789'))).code,
        '0x80044a02',
        '9 bytes are 12 Base64 characters',
      );
      assert.equal((await attach(b64('123456'))).status, 204, '6 bytes are 8 Base64 characters');
    } finally {
      await patch(org, { maxuploadfilesize: 5242880 });
    }
    assert.equal(
      (await patch(org, { maxuploadfilesize: 131072001 })).status,
      400,
      'above the documented ceiling',
    );
  });
});

describe('the organization option', () => {
  const custom = useEmulator({
    seed: 'none',
    organization: { maxUploadFileSize: 16, blockedAttachments: 'PDF; .txt' },
  });

  it('sets the organization row and is enforced', async () => {
    const r = await call(custom.emu, 'GET', 'organizations?$select=maxuploadfilesize,blockedattachments');
    assert.deepEqual([rows(r)[0]!['maxuploadfilesize'], rows(r)[0]!['blockedattachments']], [16, 'pdf;txt']);
    const attach = (filename: string, body: string) =>
      call(custom.emu, 'POST', 'annotations', { body: { subject: 's', filename, documentbody: body } });
    assert.equal(
      (await attach('tool.exe', b64('x'))).status,
      204,
      'only the configured extensions are blocked',
    );
    assert.equal(err(await attach('notes.TXT', b64('x'))).code, '0x80043e09');
    assert.equal(err(await attach('a.bin', b64('12345678901234'))).code, '0x80044a02');
    assert.equal((await attach('a.bin', b64('123456789012'))).status, 204);
  });

  it('is written at every start, so a changed option applies to an existing database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-org-'));
    try {
      const file = join(dir, 'emu.sqlite');
      const first = await startEmulator({ db: file, seed: 'none' });
      await first.close();
      const second = await startEmulator({ db: file, organization: { blockedAttachments: '' } });
      try {
        const r = await call(second, 'GET', 'organizations?$select=maxuploadfilesize,blockedattachments');
        assert.deepEqual(
          [rows(r)[0]!['maxuploadfilesize'], rows(r)[0]!['blockedattachments']],
          [5242880, ''],
        );
        const ok = await call(second, 'POST', 'annotations', {
          body: { subject: 's', filename: 'run.exe', documentbody: b64('x') },
        });
        assert.equal(ok.status, 204, 'an empty list blocks nothing');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('notes go with their parent', () => {
  it('deletes a case with its notes (Incident_Annotation cascades) and a contact with its notes', async () => {
    const caseId = await newCase('Notes: cascade');
    const noteIds = [];
    for (const subject of ['one', 'two'])
      noteIds.push(
        created(
          await post('annotations', { subject, 'objectid_incident@odata.bind': `/incidents(${caseId})` }),
        ),
      );
    const other = created(
      await post('annotations', {
        subject: 'elsewhere',
        'objectid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
      }),
    );
    assert.equal((await call(ctx.emu, 'DELETE', `incidents(${caseId})`)).status, 204);
    for (const id of noteIds) assert.equal((await get(`annotations(${id})`)).status, 404);
    assert.equal((await get(`annotations(${other})`)).status, 200, 'notes of other rows stay');
    const contact = created(await post('contacts', { lastname: 'Short-lived' }));
    const onContact = created(
      await post('annotations', { subject: 'c', 'objectid_contact@odata.bind': `/contacts(${contact})` }),
    );
    assert.equal((await call(ctx.emu, 'DELETE', `contacts(${contact})`)).status, 204);
    assert.equal((await get(`annotations(${onContact})`)).status, 404);
  });
});
