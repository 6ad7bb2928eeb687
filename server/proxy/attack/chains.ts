/**
 * Escaping a scope chain: the agent sees his account's cases and the cases of his account's contacts
 * (access.json, `or` through `customerid_contact/_parentcustomerid_value`). Each attack tries to
 * reach or place a record outside that: a lookup in a create or update pointing at another account
 * or its people, a lookup spelt as the wrong table, a query value naming another account, a picker
 * for a field the form does not let the role choose. The moved-contact and picker-search cases need
 * a staff change or a look at the answer, and are tests of their own in chains.test.ts.
 */
import { DEMO_IDS } from '../../testing/proxy-harness.js';
import { edit, ifMatch, veraCase } from './support.js';
import type { Attack } from './support.js';

const create = '/api/v1/forms/case-create/records';
const asVera = (values: Record<string, unknown>) => ({ as: 'vera' as const, body: { values } });
const lookup = (type: string, id: string) => ({ type, id });
const refusedLookup = { status: 400, code: 'PORTICO_VALIDATION_FAILED' };

export const chainAttacks: Attack[] = [
  {
    name: 'create a case for a contact of another account',
    method: 'POST',
    path: create,
    options: asVera({ title: 'Escape', customerid: lookup('contact', DEMO_IDS.contacts.bob) }),
    ...refusedLookup,
  },
  {
    name: 'create a case for another account',
    method: 'POST',
    path: create,
    options: asVera({ title: 'Escape', customerid: lookup('account', DEMO_IDS.accounts.northwind) }),
    ...refusedLookup,
  },
  {
    name: "create a case for one's own account spelt as a contact",
    method: 'POST',
    path: create,
    options: asVera({ title: 'Escape', customerid: lookup('contact', DEMO_IDS.accounts.fabrikam) }),
    ...refusedLookup,
  },
  {
    name: 'create a case with the customer cleared',
    method: 'POST',
    path: create,
    options: asVera({ title: 'Escape', customerid: null }),
    ...refusedLookup,
  },
  {
    name: "create a case whose contact person is another account's contact",
    method: 'POST',
    path: create,
    options: asVera({ title: 'Escape', primarycontactid: lookup('contact', DEMO_IDS.contacts.bob) }),
    ...refusedLookup,
  },
  {
    name: "update a case's contact person to another account's contact",
    method: 'PATCH',
    path: edit(() => veraCase.id),
    options: () =>
      Promise.resolve({
        as: 'vera',
        body: { values: { primarycontactid: lookup('contact', DEMO_IDS.contacts.bob) } },
        headers: ifMatch(() => veraCase.etag),
      }),
    ...refusedLookup,
  },
  {
    name: 'update the customer through a form that shows it read-only',
    method: 'PATCH',
    path: edit(() => veraCase.id),
    options: () =>
      Promise.resolve({
        as: 'vera',
        body: { values: { customerid: lookup('account', DEMO_IDS.accounts.northwind) } },
        headers: ifMatch(() => veraCase.etag),
      }),
    ...refusedLookup,
  },
  {
    name: 'a list filter value naming another account',
    method: 'GET',
    path: `/api/v1/lists/account-cases/records?filter.customerid=${DEMO_IDS.accounts.northwind}`,
    options: { as: 'vera' },
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  },
  {
    name: 'a raw $filter through the chain naming another account',
    method: 'GET',
    path: `/api/v1/lists/account-cases/records?$filter=${encodeURIComponent(
      `customerid_contact/_parentcustomerid_value eq ${DEMO_IDS.accounts.northwind}`,
    )}`,
    options: { as: 'vera' },
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  },
  {
    name: 'a picker for a lookup the form shows read-only',
    method: 'GET',
    path: '/api/v1/forms/case-edit/lookups/customerid?search=North',
    options: { as: 'vera' },
    status: 404,
    code: 'PORTICO_LOOKUP_NOT_FOUND',
  },
  {
    name: 'a picker for the owner (chosen only through Assign)',
    method: 'GET',
    path: '/api/v1/forms/case-edit/lookups/ownerid',
    options: { as: 'vera' },
    status: 404,
    code: 'PORTICO_LOOKUP_NOT_FOUND',
  },
  {
    name: 'a picker for a column that is not a lookup',
    method: 'GET',
    path: '/api/v1/forms/case-create/lookups/title',
    options: { as: 'vera' },
    status: 404,
    code: 'PORTICO_LOOKUP_NOT_FOUND',
  },
  {
    name: "a picker for the customer a customer's form stamps",
    method: 'GET',
    path: '/api/v1/forms/case-create/lookups/customerid?search=Northwind',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_LOOKUP_NOT_FOUND',
  },
  {
    name: 'a picker search given twice',
    method: 'GET',
    path: '/api/v1/forms/case-create/lookups/customerid?search=a&search=b',
    options: { as: 'vera' },
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  },
];
