/**
 * Scope chains (access.json `via` as a chain, `or` paths) as the policy turns them into OData: the
 * shipped rules give exactly the expected `$filter`, the simple form is unchanged, a record held by
 * its own lookup is told from one held through another record, and forms follow the rule (a stamped
 * lookup is never writable; a choosable one is writable and may be left empty).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS } from '../../emulator/demo-ids.js';
import { demoRegistry } from '../../testing/proxy-harness.js';
import { heldDirectly, isChained, pathFilter, scopeClause } from './index.js';

const FABRIKAM = DEMO_IDS.accounts.fabrikam;
const vera = { sub: 'vera', role: 'agent', contactId: DEMO_IDS.contacts.vera };
const alice = { sub: 'alice', role: 'customer', contactId: DEMO_IDS.contacts.alice };

test("the agent's case scope: the account's cases or those of its contacts, one clause of the filter", async () => {
  const registry = await demoRegistry();
  const permission = registry.permission('agent', 'incident')!;
  assert.deepEqual(
    permission.paths.map((path) => path.map((s) => `${s.column}>${s.table}:${s.navigation}`)),
    [
      ['customerid>account:customerid_account'],
      ['customerid>contact:customerid_contact', 'parentcustomerid>account:parentcustomerid_account'],
    ],
  );
  assert.equal(permission.via, undefined, 'with two paths the customer is chosen, not stamped');
  assert.ok(isChained(permission));
  const scope = await scopeClause(permission, registry.entities.get('incident')!, vera, () =>
    Promise.resolve(FABRIKAM),
  );
  assert.deepEqual(scope, {
    kind: 'filter',
    filter: `(_customerid_value eq ${FABRIKAM}) or (customerid_contact/_parentcustomerid_value eq ${FABRIKAM})`,
    anchor: FABRIKAM,
  });
});

test('the simple via form is a one-step path: stamped, unchained, the filter as before', async () => {
  const registry = await demoRegistry();
  const permission = registry.permission('customer', 'incident')!;
  assert.equal(permission.via, 'customerid');
  assert.equal(isChained(permission), false);
  const scope = await scopeClause(permission, registry.entities.get('incident')!, alice, () =>
    Promise.resolve(null),
  );
  assert.deepEqual(scope, {
    kind: 'filter',
    filter: `_customerid_value eq ${alice.contactId}`,
    anchor: alice.contactId,
  });
  // Without an account, account scope is no scope at all, chained or not.
  const agent = registry.permission('agent', 'incident')!;
  const none = await scopeClause(agent, registry.entities.get('incident')!, vera, () =>
    Promise.resolve(null),
  );
  assert.deepEqual(none, { kind: 'none' });
});

test('a path of three steps walks two navigation properties', () => {
  const path = [
    { column: 'customerid', table: 'contact', navigation: 'customerid_contact' },
    { column: 'parentcustomerid', table: 'contact', navigation: 'parentcustomerid_contact' },
    { column: 'parentcustomerid', table: 'account', navigation: 'parentcustomerid_account' },
  ];
  assert.equal(
    pathFilter(path, FABRIKAM),
    `customerid_contact/parentcustomerid_contact/_parentcustomerid_value eq ${FABRIKAM}`,
  );
  assert.throws(() => pathFilter(path, "x' or 1 eq 1"), 'the anchor is a GUID literal or nothing');
});

test('a row is held directly when its own lookup holds the anchor, else through another record', async () => {
  const registry = await demoRegistry();
  const agent = registry.permission('agent', 'incident')!;
  assert.equal(heldDirectly(agent, FABRIKAM, { _customerid_value: FABRIKAM.toUpperCase() }), true);
  assert.equal(heldDirectly(agent, FABRIKAM, { _customerid_value: DEMO_IDS.contacts.alice }), false);
  assert.equal(heldDirectly(agent, FABRIKAM, {}), false, 'unknown counts as through another record');
  const customer = registry.permission('customer', 'incident')!;
  assert.equal(heldDirectly(customer, alice.contactId, {}), true, 'without a chain every row is direct');
});

test('forms follow the rule: a stamped lookup is left out of a create-only form, a choosable one is writable and optional', async () => {
  const registry = await demoRegistry();
  const form = registry.forms.get('case-create')!;
  const fields = (role: string) => form.forRole(role)!.definition.sections.flatMap((s) => s.fields);
  const customer = fields('customer');
  assert.equal(
    customer.find((f) => f.name === 'customerid'),
    undefined,
  );
  assert.ok(!form.forRole('customer')!.writable.includes('customerid'));
  const agentCustomer = fields('agent').find((f) => f.name === 'customerid');
  assert.ok(agentCustomer);
  assert.equal(agentCustomer.readOnly, false);
  assert.equal(agentCustomer.required, false, 'left empty, the create is stamped with the account');
  assert.deepEqual(agentCustomer.targets, ['account', 'contact']);
  assert.ok(form.forRole('agent')!.writable.includes('primarycontactid'));
  // The contact form keeps the simple rule: the company is stamped and shown read-only.
  const company = registry.forms
    .get('contact-agent')!
    .forRole('agent')!
    .definition.sections.flatMap((s) => s.fields)
    .find((f) => f.name === 'parentcustomerid');
  assert.equal(company?.readOnly, true);
});
