/** Seeds: the demo data set's promised shape and determinism, and the large data set's size and speed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from './db.js';
import { DEMO_IDS } from './demo-ids.js';
import { LARGE_COUNTS, seedDatabase } from './seed.js';
import { DEMO_NOW, NOTES, PORTAL_MARKER } from './seed-data.js';

type Row = Record<string, unknown>;

function demo() {
  const db = openDatabase(':memory:');
  seedDatabase(db, 'demo');
  return db;
}

describe('demo seed', () => {
  it('has the portal users with their emails and accounts', () => {
    const db = demo();
    const get = (id: string) =>
      db
        .prepare(
          'SELECT emailaddress1, parentcustomerid, parentcustomerid__t FROM contact WHERE contactid = ?',
        )
        .get(id) as Row;
    assert.deepEqual(get(DEMO_IDS.contacts.alice), {
      emailaddress1: 'alice@fabrikam.example',
      parentcustomerid: DEMO_IDS.accounts.fabrikam,
      parentcustomerid__t: 'account',
    });
    assert.deepEqual(get(DEMO_IDS.contacts.bob), {
      emailaddress1: 'bob@northwind.example',
      parentcustomerid: DEMO_IDS.accounts.northwind,
      parentcustomerid__t: 'account',
    });
    assert.equal(get(DEMO_IDS.contacts.vera)['emailaddress1'], 'vera@fabrikam.example');
    const fabrikam = (
      db
        .prepare('SELECT COUNT(*) AS n FROM contact WHERE parentcustomerid = ?')
        .get(DEMO_IDS.accounts.fabrikam) as { n: number }
    ).n;
    assert.ok(fabrikam >= 5, `Fabrikam has several contacts (${fabrikam})`);
    const contacts = (db.prepare('SELECT COUNT(*) AS n FROM contact').get() as { n: number }).n;
    assert.ok(contacts >= 28 && contacts <= 32);
    db.close();
  });

  it('has ~200 cases across states, types and priorities, with the promised customers', () => {
    const db = demo();
    const n = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;
    assert.ok(n('SELECT COUNT(*) AS n FROM incident') >= 190);
    for (const who of [DEMO_IDS.contacts.alice, DEMO_IDS.contacts.bob]) {
      const k = n(
        "SELECT COUNT(*) AS n FROM incident WHERE customerid = ? AND customerid__t = 'contact'",
        who,
      );
      assert.ok(k >= 8 && k <= 12, `${who}: ${k}`);
    }
    const fab = db
      .prepare("SELECT primarycontactid FROM incident WHERE customerid = ? AND customerid__t = 'account'")
      .all(DEMO_IDS.accounts.fabrikam) as Row[];
    assert.ok(fab.length >= 20 && fab.length <= 30);
    const fabContacts = new Set(
      (
        db
          .prepare('SELECT contactid FROM contact WHERE parentcustomerid = ?')
          .all(DEMO_IDS.accounts.fabrikam) as Row[]
      ).map((r) => r['contactid']),
    );
    assert.ok(fab.every((r) => fabContacts.has(r['primarycontactid'])));
    for (const col of ['statecode', 'casetypecode', 'prioritycode']) {
      assert.equal(n(`SELECT COUNT(DISTINCT ${col}) AS n FROM incident`), 3, col);
    }
    // Every state/status pair is a valid one.
    const pairs = db.prepare('SELECT DISTINCT statecode, statuscode FROM incident').all() as Row[];
    const valid = new Set(['0:1', '0:2', '0:3', '0:4', '1:5', '1:1000', '2:6', '2:2000']);
    assert.ok(pairs.every((p) => valid.has(`${String(p['statecode'])}:${String(p['statuscode'])}`)));
    assert.equal(
      n('SELECT COUNT(*) AS n FROM incident WHERE statecode = 1'),
      n('SELECT COUNT(*) AS n FROM incidentresolution'),
    );
    assert.equal(n('SELECT COUNT(*) AS n FROM systemuser'), 5);
    assert.equal(n('SELECT COUNT(*) AS n FROM team'), 3);
    db.close();
  });

  it('has case conversations: published notes with the portal marker, internal ones without, attachments', () => {
    const db = demo();
    const notes = db
      .prepare(
        `SELECT a.*, i.customerid AS customer, i.createdon AS casecreated
         FROM annotation a JOIN incident i ON i.incidentid = a.objectid ORDER BY a.annotationid`,
      )
      .all() as Row[];
    assert.deepEqual(
      notes.map((n) => n['annotationid']),
      NOTES.map((n) => n.id).sort(),
      'every declared note, each on a case',
    );
    const published = notes.filter((n) => String(n['notetext']).startsWith(PORTAL_MARKER));
    const internal = notes.filter((n) => !String(n['notetext']).startsWith(PORTAL_MARKER));
    assert.ok(published.length >= 3 && internal.length >= 2, `${published.length} / ${internal.length}`);
    assert.ok(
      published.some((n) => n['createdby'] !== DEMO_IDS.integrationUser),
      'staff replies are published',
    );
    assert.ok(
      internal.every((n) => n['createdby'] !== DEMO_IDS.integrationUser),
      'internal notes are staff notes',
    );
    const customers = new Set(notes.map((n) => n['customer']));
    for (const who of [DEMO_IDS.contacts.alice, DEMO_IDS.contacts.bob, DEMO_IDS.accounts.fabrikam])
      assert.ok(customers.has(who), `notes on a case of ${who}`);
    for (const n of notes) {
      assert.deepEqual([n['objectid__t'], n['objecttypecode']], ['incident', 'incident']);
      assert.ok(String(n['createdon']) > String(n['casecreated']), 'written after the case');
      assert.ok(Date.parse(String(n['createdon'])) <= DEMO_NOW);
      const body = n['documentbody'] as string | null;
      assert.equal(n['isdocument'], body === null ? 0 : 1);
      assert.equal(n['filesize'], body === null ? 0 : Buffer.from(body, 'base64').length);
    }
    const png = notes.find((n) => n['mimetype'] === 'image/png')!;
    assert.equal(
      Buffer.from(String(png['documentbody']), 'base64').subarray(0, 8).toString('hex'),
      '89504e470d0a1a0a',
      'the attachment is a real PNG',
    );
    db.close();
  });

  it('is deterministic and seeds only once', () => {
    const a = demo();
    const b = demo();
    const dump = (db: ReturnType<typeof demo>) =>
      JSON.stringify([
        db.prepare('SELECT * FROM incident ORDER BY incidentid').all(),
        db.prepare('SELECT * FROM annotation ORDER BY annotationid').all(),
      ]);
    assert.equal(dump(a), dump(b));
    assert.equal(seedDatabase(a, 'demo'), false);
    a.close();
    b.close();
  });
});

describe('large seed', () => {
  it(`writes at least ${LARGE_COUNTS.cases} cases and ${LARGE_COUNTS.contacts} contacts in under a minute`, () => {
    const db = openDatabase(':memory:');
    const t = performance.now();
    seedDatabase(db, 'large');
    const seconds = (performance.now() - t) / 1000;
    const n = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    assert.ok(n('incident') >= 100_000, `cases: ${n('incident')}`);
    assert.ok(n('contact') >= 20_000, `contacts: ${n('contact')}`);
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
    db.close();
  });
});
