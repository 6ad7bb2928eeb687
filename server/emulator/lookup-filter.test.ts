/**
 * `$filter` through lookups over HTTP: the record-scope chains a server builds (Account → its
 * Contacts → their Cases) must select exactly the rows the seed says, for the polymorphic
 * customer lookups too. Expected rows are computed from plain queries, never written down.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS } from './demo-ids.js';
import { call, err, rows, useEmulator } from '../testing/emulator-harness.js';

const ctx = useEmulator();
const enc = encodeURIComponent;
const FABRIKAM = DEMO_IDS.accounts.fabrikam;
const LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

const get = (path: string, headers: Record<string, string> = {}) => call(ctx.emu, 'GET', path, { headers });

/** The ids of the cases a filter returns, sorted. */
async function caseIds(filter: string): Promise<string[]> {
  const r = await get(`incidents?$select=title&$filter=${enc(filter)}`);
  assert.equal(r.status, 200, r.text);
  return rows(r)
    .map((x) => String(x['incidentid']))
    .sort();
}

interface CaseRow {
  id: string;
  title: string;
  customer: string;
  customerTable: string;
}

/** Every case with its customer and the customer's table, from the lookup annotation. */
async function allCases(): Promise<CaseRow[]> {
  const r = await get('incidents?$select=title,_customerid_value', {
    Prefer: `odata.include-annotations="${LOGICAL_NAME}"`,
  });
  return rows(r).map((x) => ({
    id: String(x['incidentid']),
    title: String(x['title']),
    customer: String(x['_customerid_value']),
    customerTable: String(x[`_customerid_value@${LOGICAL_NAME}`]),
  }));
}

async function contactIds(filter: string): Promise<Set<string>> {
  const r = await get(`contacts?$select=contactid&$filter=${enc(filter)}`);
  return new Set(rows(r).map((x) => String(x['contactid'])));
}

const casesOfContacts = (cases: CaseRow[], contacts: Set<string>): string[] =>
  cases
    .filter((c) => c.customerTable === 'contact' && contacts.has(c.customer))
    .map((c) => c.id)
    .sort();

const idOf = (location: string | null): string => /\(([0-9a-f-]{36})\)$/.exec(location ?? '')![1]!;

describe('$filter through lookups', () => {
  // What the demo seed lacks: a contact without a parent, a contact whose parent is a contact, and
  // a contact that shares the Fabrikam account's GUID (so a missing table check would show), each
  // with a case.
  before(async () => {
    const contact = async (body: Record<string, unknown>) =>
      idOf((await call(ctx.emu, 'POST', 'contacts', { body })).headers.get('odata-entityid'));
    const orphan = await contact({ lastname: 'NavOrphan' });
    const child = await contact({
      lastname: 'NavChild',
      'parentcustomerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`,
    });
    const twin = await call(ctx.emu, 'PATCH', `contacts(${FABRIKAM})`, {
      body: {
        lastname: 'NavTwin',
        'parentcustomerid_account@odata.bind': `/accounts(${DEMO_IDS.accounts.northwind})`,
      },
    });
    assert.equal(twin.status, 204);
    for (const [title, id] of [
      ['Nav orphan case', orphan],
      ['Nav child case', child],
      ['Nav twin case', FABRIKAM],
    ] as const) {
      const r = await call(ctx.emu, 'POST', 'incidents', {
        body: { title, 'customerid_contact@odata.bind': `/contacts(${id})` },
      });
      assert.equal(r.status, 204, r.text);
    }
  });

  it("returns exactly the cases whose customer is one of the account's contacts", async () => {
    const expected = casesOfContacts(
      await allCases(),
      await contactIds(`_parentcustomerid_value eq ${FABRIKAM}`),
    );
    assert.ok(expected.length >= 10, `the seed gives Fabrikam's contacts cases (${expected.length})`);
    assert.deepEqual(await caseIds(`customerid_contact/_parentcustomerid_value eq ${FABRIKAM}`), expected);
    assert.deepEqual(
      await caseIds("customerid_contact/parentcustomerid_account/name eq 'Fabrikam, Inc.'"),
      expected,
      'two lookups deep',
    );
    const counted = await get(
      `incidents?$select=title&$count=true&$filter=${enc(`customerid_contact/_parentcustomerid_value eq ${FABRIKAM}`)}`,
      { Prefer: 'odata.maxpagesize=5' },
    );
    assert.equal(counted.json['@odata.count'], expected.length);
    assert.equal(rows(counted).length, 5);
    assert.ok(counted.json['@odata.nextLink'], 'pages like any other query');
  });

  it('tells customerid_account from customerid_contact, even for the same GUID', async () => {
    const cases = await allCases();
    const accountCases = cases
      .filter((c) => c.customerTable === 'account' && c.customer === FABRIKAM)
      .map((c) => c.id)
      .sort();
    assert.ok(accountCases.length > 0);
    assert.deepEqual(await caseIds(`customerid_account/accountid eq ${FABRIKAM}`), accountCases);
    assert.deepEqual(await caseIds("customerid_account/name eq 'Fabrikam, Inc.'"), accountCases);
    const twin = cases.filter((c) => c.title === 'Nav twin case').map((c) => c.id);
    assert.deepEqual(await caseIds(`customerid_contact/contactid eq ${FABRIKAM}`), twin);
    assert.equal(
      (await caseIds(`_customerid_value eq ${FABRIKAM}`)).length,
      accountCases.length + 1,
      'the lookup property alone cannot tell the two apart',
    );
  });

  it('leaves out cases whose lookup is empty or points elsewhere, also under not', async () => {
    const cases = await allCases();
    const titled = (title: string) => cases.filter((c) => c.title === title).map((c) => c.id);
    assert.deepEqual(
      await caseIds('customerid_contact/_parentcustomerid_value eq null'),
      titled('Nav orphan case'),
    );
    const otherParents = await contactIds(
      `_parentcustomerid_value ne null and _parentcustomerid_value ne ${FABRIKAM}`,
    );
    const expected = casesOfContacts(cases, otherParents);
    assert.deepEqual(
      await caseIds(`not (customerid_contact/_parentcustomerid_value eq ${FABRIKAM})`),
      expected,
      'account cases and the parentless contact are out',
    );
    assert.deepEqual(
      await caseIds("customerid_contact/parentcustomerid_contact/lastname eq 'Brooks'"),
      titled('Nav child case'),
    );
  });

  it('takes string functions on related rows', async () => {
    const expected = casesOfContacts(await allCases(), await contactIds("contains(fullname,'brooks')"));
    assert.ok(expected.length > 0);
    assert.deepEqual(await caseIds("contains(customerid_contact/fullname,'BROOKS')"), expected);
  });

  const refused: [string, string, string][] = [
    [
      "customerid_contacts/fullname eq 'x'",
      '0x80060888',
      "Could not find a property named 'customerid_contacts' on type 'Microsoft.Dynamics.CRM.incident'.",
    ],
    [
      "customerid_contact/incident_customer_contacts/title eq 'x'",
      '0x80060888',
      "The parent value for a property access of a property 'title' is not a single value. Property access can only be applied to a single value.",
    ],
    [
      `customerid_contact/parentcustomerid_account/primarycontactid/_parentcustomerid_value eq ${FABRIKAM}`,
      '0x80040216',
      'entityRelationshipRole for given navigation property not found',
    ],
  ];
  for (const [filter, code, message] of refused) {
    it(`answers ${filter} with 400 ${code}`, async () => {
      const r = await get(`incidents?$filter=${enc(filter)}`);
      assert.equal(r.status, 400);
      assert.deepEqual(err(r), { code, message });
    });
  }
});
