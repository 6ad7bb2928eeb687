/** The $filter parser and SQL compiler in isolation: grammar, errors and parameterisation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFilter } from './evaluate.js';
import { parseFilter } from './parse.js';
import { compileFilter } from './to-sql.js';
import { orderBySql } from './query.js';
import { MODEL } from '../metadata/model.js';
import { DataverseError } from '../errors.js';
import { openDatabase } from '../db.js';
import { seedDatabase } from '../seed.js';
import { DEMO_IDS } from '../demo-ids.js';

const contact = MODEL.byLogicalName('contact')!;
const incident = MODEL.byLogicalName('incident')!;
const FABRIKAM = DEMO_IDS.accounts.fabrikam;
const DEMO_USER = DEMO_IDS.integrationUser;
const compile = (text: string, model = contact, aliases = new Map<string, string>()) =>
  compileFilter(parseFilter(text), {
    model,
    aliases,
    userId: '5a000000-0000-4000-8000-000000000001',
    now: new Date('2026-11-26T12:00:00Z'),
    alias: 't',
  });

describe('$filter compiler', () => {
  it('binds every value as a parameter, never as SQL text', () => {
    const hostile = "x'); DROP TABLE contact; --";
    const c = compile(`lastname eq '${hostile.replace(/'/g, "''")}' or contains(firstname,'%_')`);
    assert.ok(!c.sql.includes('DROP'), c.sql);
    assert.deepEqual(c.params, [hostile, '%%_%']);
    assert.equal(c.sql, '((t."lastname" = ? COLLATE NOCASE) OR (t."firstname" LIKE ?))');
  });

  it('sends bracket patterns to the T-SQL LIKE function, still as bound parameters', () => {
    const c = compile("contains(firstname,'[%]') or startswith(lastname,'x')");
    assert.equal(c.sql, '((portico_tsql_like(t."firstname", ?) = 1) OR (t."lastname" LIKE ?))');
    assert.deepEqual(c.params, ['%[%]%', 'x%']);
  });

  it('respects precedence: not > and > or, and parentheses', () => {
    assert.equal(
      compile("firstname eq 'a' or lastname eq 'b' and not (jobtitle eq 'c')").sql,
      '((t."firstname" = ? COLLATE NOCASE) OR ((t."lastname" = ? COLLATE NOCASE) AND (NOT (t."jobtitle" = ? COLLATE NOCASE))))',
    );
  });

  it('compiles lookups, nulls, booleans, numbers and column-to-column comparisons', () => {
    const c = compile(
      '_parentcustomerid_value eq A0000000-0000-4000-8000-000000000001 and description eq null and donotemail eq false and preferredcontactmethodcode ge 2 and firstname eq lastname',
    );
    assert.deepEqual(c.params, ['a0000000-0000-4000-8000-000000000001', 0, 2]);
    assert.match(c.sql, /t\."description" IS NULL/);
    assert.match(c.sql, /t\."firstname" = t\."lastname"/);
  });

  it('traverses a lookup with a semi-join that checks the target table', () => {
    const c = compile("customerid_contact/fullname eq 'Alice Brooks'", incident);
    assert.equal(
      c.sql,
      '(t."customerid__t" = ? AND t."customerid" IN (SELECT n1."contactid" FROM "contact" n1 WHERE (n1."fullname" = ? COLLATE NOCASE)))',
    );
    assert.deepEqual(c.params, ['contact', 'Alice Brooks']);
    const single = compile(`primarycontactid/_parentcustomerid_value eq ${FABRIKAM}`, incident);
    assert.equal(
      single.sql,
      '(t."primarycontactid" IN (SELECT n1."contactid" FROM "contact" n1 WHERE (n1."parentcustomerid" = ?)))',
      'a lookup to one table needs no type check',
    );
    assert.deepEqual(single.params, [FABRIKAM]);
  });

  it('traverses two lookups, binding parameters in the order they appear', () => {
    const c = compile("customerid_contact/parentcustomerid_account/name eq 'Fabrikam, Inc.'", incident);
    assert.equal(
      c.sql,
      '(t."customerid__t" = ? AND t."customerid" IN (SELECT n1."contactid" FROM "contact" n1 WHERE ' +
        '(n1."parentcustomerid__t" = ? AND n1."parentcustomerid" IN (SELECT n2."accountid" FROM "account" n2 WHERE ' +
        '(n2."name" = ? COLLATE NOCASE)))))',
    );
    assert.deepEqual(c.params, ['contact', 'account', 'Fabrikam, Inc.']);
  });

  it('negates the condition on the related row, not the membership, so an empty lookup never matches', () => {
    const c = compile(`not (customerid_contact/_parentcustomerid_value eq ${FABRIKAM})`, incident);
    assert.equal(
      c.sql,
      '(t."customerid__t" = ? AND +t."customerid" IN (SELECT n1."contactid" FROM "contact" n1 WHERE (NOT (n1."parentcustomerid" = ?))))',
    );
    // De Morgan carries the negation through and/or; a plain column keeps its NOT.
    const both = compile(
      `not (customerid_contact/_parentcustomerid_value eq ${FABRIKAM} and title eq 'x')`,
      incident,
    );
    assert.match(both.sql, /^\(\(t\."customerid__t" = \? AND \+t\."customerid" IN .*NOT \(n1\./);
    assert.match(both.sql, / OR \(NOT \(t\."title" = \? COLLATE NOCASE\)\)\)$/);
    const plain = compile("not (firstname eq 'a' or lastname eq 'b')");
    assert.equal(
      plain.sql,
      '(NOT ((t."firstname" = ? COLLATE NOCASE) OR (t."lastname" = ? COLLATE NOCASE)))',
    );
  });

  it('compiles null tests and string functions on related rows inside the semi-join', () => {
    assert.match(
      compile('customerid_contact/_parentcustomerid_value eq null', incident).sql,
      /WHERE \(n1\."parentcustomerid" IS NULL\)\)\)$/,
    );
    const like = compile("contains(customerid_account/name,'fab')", incident);
    assert.match(like.sql, /FROM "account" n1 WHERE \(n1\."name" LIKE \?\)/);
    assert.deepEqual(like.params, ['account', '%fab%']);
  });

  it('reads the principal of an Owner lookup as its key, only when the lookup is set', () => {
    const c = compile(`ownerid/ownerid eq ${DEMO_USER}`, incident);
    assert.equal(c.sql, '(t."ownerid" IS NOT NULL AND (t."ownerid" = ?))');
    assert.deepEqual(c.params, [DEMO_USER]);
  });

  it('resolves parameter aliases; an unassigned alias is null', () => {
    const c = compile('lastname eq @p1 and firstname eq @p2', contact, new Map([['p1', "'Brooks'"]]));
    assert.deepEqual(c.params, ['Brooks']);
    assert.match(c.sql, /t\."firstname" IS NULL/);
  });

  it('compiles the Dataverse query functions it supports', () => {
    assert.match(
      compile("Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')").sql,
      /t\."ownerid" = \?/,
    );
    const last = compile("Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)");
    assert.deepEqual(last.params, ['2026-11-19T00:00:00Z', '2026-11-26T12:00:00Z']);
    const on = compile("Microsoft.Dynamics.CRM.On(PropertyName='birthdate',PropertyValue='1990-05-01')");
    assert.deepEqual(on.params, ['1990-05-01', '1990-05-02']);
    assert.throws(
      () => compile("Microsoft.Dynamics.CRM.Above(PropertyName='contactid',PropertyValue='x')"),
      (e: DataverseError) => e.status === 501,
    );
  });

  const bad: [string, number, RegExp][] = [
    ["lastname eq 'x", 400, /unterminated literal at position 14/],
    ['lastname eq', 400, /Syntax error at position 11/],
    ["lastname eqq 'x'", 400, /Syntax error/],
    ["(lastname eq 'x'", 400, /'\)' expected/],
    ['lastname eq 12', 400, /incompatible types.*'Edm.String' and 'Edm.Int32'/],
    ["contactid eq 'c0000000-0000-4000-8000-000000000001'", 400, /'Edm.Guid' and 'Edm.String'/],
    ['parentcustomerid eq null', 400, /Could not find a property named 'parentcustomerid'/],
    ['parentcustomerid_account eq null', 400, /navigation property/],
    ["tolower(lastname) eq 'x'", 400, /unknown function/],
    ["contains(preferredcontactmethodcode,'1')", 400, /No function signature/],
    ['createdon gt 2026-13-45T00:00:00Z', 400, /DateTimeOffset/],
    ['lastname eq $', 400, /Syntax error at position 12/],
    ["x/any(a:a eq 'b')", 501, /Lambda/],
    ['', 400, /Syntax error/],
  ];
  const badPaths: [string, number, string, string][] = [
    [
      "customerid_contacts/fullname eq 'x'",
      400,
      '0x80060888',
      "Could not find a property named 'customerid_contacts' on type 'Microsoft.Dynamics.CRM.incident'.",
    ],
    [
      "customerid_contact/nosuch eq 'x'",
      400,
      '0x80060888',
      "Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.contact'.",
    ],
    [
      "customerid_contact/incident_customer_contacts/title eq 'x'",
      400,
      '0x80060888',
      "The parent value for a property access of a property 'title' is not a single value. Property access can only be applied to a single value.",
    ],
    [
      'customerid_contact/incident_customer_contacts eq null',
      400,
      '0x80060888',
      "The operand for a binary operator 'Equal' is not a single value. Binary operators require both operands to be single values.",
    ],
    [
      "contains(customerid_account/contact_customer_accounts,'x')",
      400,
      '0x80060888',
      "The argument for an invocation of a function with name 'contains' is not a single value. All arguments for this function must be single values.",
    ],
    [
      "customerid_contact/parentcustomerid_account/primarycontactid/fullname eq 'x'",
      400,
      '0x80040216',
      'entityRelationshipRole for given navigation property not found',
    ],
    [
      'title/length eq 1',
      400,
      '0x80060888',
      "Could not find a property named 'length' on type 'Edm.String'.",
    ],
    [
      "ownerid/fullname eq 'x'",
      400,
      '0x80060888',
      "Could not find a property named 'fullname' on type 'Microsoft.Dynamics.CRM.principal'.",
    ],
    [
      'customerid_contact/parentcustomerid_account eq null',
      400,
      '0x80060888',
      "The navigation property 'parentcustomerid_account' cannot be compared; compare its lookup property '_parentcustomerid_value' instead.",
    ],
    [
      'customerid_contact/lastname eq 12',
      400,
      '0x80060888',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'.",
    ],
    [
      'customerid_contact/lastname eq primarycontactid/lastname',
      501,
      '0x8006088b',
      "Comparing 'customerid_contact/lastname' with 'primarycontactid/lastname' is not supported by the emulator; compare a related row's property with a value.",
    ],
    [
      "owningbusinessunit/name eq 'x'",
      501,
      '0x8006088b',
      "Navigation to 'businessunit' is not supported by the emulator.",
    ],
  ];
  for (const [text, status, code, message] of badPaths) {
    it(`rejects the path in ${JSON.stringify(text)} as Dataverse does`, () => {
      assert.throws(
        () => compile(text, incident),
        (e: unknown) =>
          e instanceof DataverseError && e.status === status && e.code === code && e.message === message,
      );
    });
  }

  for (const [text, status, message] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => compile(text),
        (e: unknown) => e instanceof DataverseError && e.status === status && message.test(e.message),
      );
    });
  }
});

describe('$filter evaluator (metadata)', () => {
  it('walks nested properties and compares enum literals and strings case-insensitively', () => {
    const row = {
      LogicalName: 'title',
      AttributeType: 'String',
      RequiredLevel: { Value: 'ApplicationRequired' },
    };
    assert.equal(
      evaluateFilter(
        parseFilter(
          "RequiredLevel/Value eq Microsoft.Dynamics.CRM.AttributeRequiredLevel'ApplicationRequired'",
        ),
        row,
      ),
      true,
    );
    assert.equal(
      evaluateFilter(parseFilter("AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'"), row),
      false,
    );
    assert.equal(
      evaluateFilter(parseFilter("startswith(LogicalName,'TI') and not (LogicalName eq 'x')"), row),
      true,
    );
  });

  it('finds no value under a missing parent object, so neither a condition nor its negation holds', () => {
    const bare = { LogicalName: 'title', OptionSet: null };
    const withSet = { LogicalName: 'statecode', OptionSet: { Name: null } };
    const matches = (text: string) =>
      [bare, withSet].filter((r) => evaluateFilter(parseFilter(text), r)).map((r) => r.LogicalName);
    assert.deepEqual(matches('OptionSet/Name eq null'), ['statecode']);
    assert.deepEqual(matches("not (OptionSet/Name eq 'x')"), ['statecode']);
    assert.deepEqual(matches("not (OptionSet/Name eq null) or LogicalName eq 'title'"), ['title']);
  });
});

describe('$filter paths through lookups: SQL and the evaluator agree', () => {
  // The demo seed plus the cases the seed lacks: a contact without a parent, a contact whose parent
  // is a contact, and a contact sharing the Fabrikam account's GUID, so a type check that is
  // missing would show.
  const db = openDatabase(':memory:');
  seedDatabase(db, 'demo');
  const addContact = db.prepare(
    'INSERT INTO contact (contactid, lastname, parentcustomerid, parentcustomerid__t) VALUES (?, ?, ?, ?)',
  );
  const addCase = db.prepare(
    "INSERT INTO incident (incidentid, title, customerid, customerid__t) VALUES (?, ?, ?, 'contact')",
  );
  const ORPHAN = 'c0000000-0000-4000-8000-0000000000f1';
  const CHILD = 'c0000000-0000-4000-8000-0000000000f2';
  addContact.run(ORPHAN, 'Orphan', null, null);
  addContact.run(CHILD, 'Child', DEMO_IDS.contacts.alice, 'contact');
  addContact.run(FABRIKAM, 'Twin', DEMO_IDS.accounts.northwind, 'account');
  addCase.run('1c000000-0000-4000-8000-0000000000f1', 'Orphan case', ORPHAN);
  addCase.run('1c000000-0000-4000-8000-0000000000f2', 'Child case', CHILD);
  addCase.run('1c000000-0000-4000-8000-0000000000f3', 'Twin case', FABRIKAM);

  type Obj = Record<string, unknown>;
  const all = (table: string) => db.prepare(`SELECT * FROM ${table}`).all() as Obj[];
  const accounts = new Map(all('account').map((a) => [a['accountid'], { name: a['name'] }]));
  const contactRows = new Map(all('contact').map((c) => [c['contactid'], c]));
  const related = (row: Obj, lookup: string, table: string, of: Map<unknown, unknown>) =>
    row[`${lookup}__t`] === table ? (of.get(row[lookup]) ?? null) : null;
  const contactObj = (c: Obj): Obj => ({
    lastname: c['lastname'],
    _parentcustomerid_value: c['parentcustomerid'],
    parentcustomerid_account: related(c, 'parentcustomerid', 'account', accounts),
    parentcustomerid_contact:
      c['parentcustomerid__t'] === 'contact'
        ? { lastname: contactRows.get(c['parentcustomerid'])?.['lastname'] }
        : null,
  });
  const contacts = new Map([...contactRows].map(([id, c]) => [id, contactObj(c)]));
  const cases = all('incident').map((i) => ({
    id: String(i['incidentid']),
    obj: {
      title: i['title'],
      customerid_contact: related(i, 'customerid', 'contact', contacts),
      customerid_account: related(i, 'customerid', 'account', accounts),
    },
  }));

  // Leaf values that are null are left out under `not`: there the evaluator, built for metadata,
  // keeps OData's two-valued null comparisons while tables follow SQL.
  const filters = [
    `customerid_contact/_parentcustomerid_value eq ${FABRIKAM}`,
    'customerid_contact/_parentcustomerid_value eq null',
    'customerid_contact/_parentcustomerid_value ne null',
    "not (customerid_contact/lastname eq 'Orphan')",
    "customerid_contact/parentcustomerid_account/name eq 'Fabrikam, Inc.'",
    "not (customerid_contact/parentcustomerid_account/name eq 'Fabrikam, Inc.')",
    "customerid_contact/parentcustomerid_contact/lastname eq 'Brooks'",
    "customerid_account/name eq 'Fabrikam, Inc.' or customerid_contact/lastname eq 'Twin'",
    "not (startswith(customerid_account/name,'Fab') or contains(title,'Orphan'))",
  ];
  for (const text of filters) {
    it(text, () => {
      const c = compile(text, incident);
      const bySql = (
        db.prepare(`SELECT t.incidentid FROM incident t WHERE ${c.sql}`).all(...c.params) as Obj[]
      )
        .map((r) => String(r['incidentid']))
        .sort();
      const byEvaluator = cases
        .filter((x) => evaluateFilter(parseFilter(text), x.obj))
        .map((x) => x.id)
        .sort();
      assert.deepEqual(bySql, byEvaluator);
      assert.ok(bySql.length > 0 && bySql.length < cases.length, `${bySql.length} of ${cases.length}`);
    });
  }

  it('leaves out rows whose lookup is empty or points at another table, also under not', () => {
    const ids = (text: string) =>
      (
        db
          .prepare(`SELECT t.title FROM incident t WHERE ${compile(text, incident).sql}`)
          .all(...compile(text, incident).params) as Obj[]
      ).map((r) => r['title']);
    assert.deepEqual(ids('customerid_contact/_parentcustomerid_value eq null'), ['Orphan case']);
    assert.deepEqual(ids(`customerid_contact/contactid eq ${FABRIKAM}`), ['Twin case']);
    assert.ok(!ids(`not (customerid_contact/contactid eq ${FABRIKAM})`).includes('Twin case'));
    const negated = ids("not (customerid_contact/lastname eq 'Twin')");
    const accountCases = (
      db.prepare("SELECT COUNT(*) AS n FROM incident WHERE customerid__t = 'account'").get() as { n: number }
    ).n;
    assert.equal(negated.length, cases.length - accountCases - 1, 'account cases and the Twin case are out');
  });
});

describe('$filter through lookups on the large seed', () => {
  it("finds an account's cases through its contacts from the lookup indexes, in milliseconds", () => {
    const db = openDatabase(':memory:');
    seedDatabase(db, 'large');
    const { parent, n } = db
      .prepare(
        "SELECT parentcustomerid AS parent, COUNT(*) AS n FROM contact WHERE parentcustomerid__t = 'account' GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
      )
      .get() as { parent: string; n: number };
    assert.ok(n >= 20, `the busiest account has ${n} contacts`);
    for (const text of [
      `customerid_contact/_parentcustomerid_value eq ${parent}`,
      `customerid_contact/parentcustomerid_account/accountid eq ${parent}`,
    ]) {
      const c = compile(text, incident);
      // The statements read.ts runs for a page sorted by date, and for $count.
      const page = `SELECT t.* FROM "incident" t WHERE ${c.sql} ORDER BY ${orderBySql(incident, [{ attr: incident.attributes.get('modifiedon')!, desc: true }], 't')} LIMIT 51 OFFSET 0`;
      const count = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM "incident" t WHERE ${c.sql} LIMIT 5001)`;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page}`).all(...c.params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      assert.match(plan, /SEARCH t USING (COVERING )?INDEX ix_incident_customerid/, plan);
      assert.match(plan, /SEARCH n1 USING (COVERING )?INDEX ix_contact_parentcustomerid/, plan);
      const started = performance.now();
      const rows = db.prepare(page).all(...c.params);
      const total = (db.prepare(count).get(...c.params) as { n: number }).n;
      const ms = performance.now() - started;
      assert.ok(rows.length > 0 && total >= rows.length, `${rows.length} rows of ${total}`);
      // About 1 ms on a development machine; a scan of every case would take a hundred times more.
      assert.ok(ms < 100, `${text}: ${ms.toFixed(1)} ms`);
    }
    db.close();
  });
});
