/** Field attacks: unknown, read-only, hidden and server-stamped fields, lookups the user may not point at, values outside their column's rules, misshapen values. */
import { DEMO_IDS } from '../../testing/proxy-harness.js';
import { aliceCase, aliceEdit, ifMatch } from './support.js';
import type { Attack } from './support.js';

const create = (values: unknown, as: 'alice' | 'vera' = 'alice', form = 'case-create'): Partial<Attack> => ({
  method: 'POST',
  path: `/api/v1/forms/${form}/records`,
  options: { as, body: { values } },
});

export const fieldAttacks: Attack[] = [
  {
    name: 'unknown field',
    ...create({ title: 'x', hacked: true }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'server-stamped customer on create',
    ...create({ title: 'x', customerid: { id: DEMO_IDS.contacts.bob, type: 'contact' } }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'owner on create',
    ...create({ title: 'x', ownerid: { id: DEMO_IDS.teams.tier1, type: 'team' } }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    // The default owner is the server's stamp; a role that may assign still cannot pick one here.
    name: 'owner on create by a role that may assign',
    ...create({ title: 'x', ownerid: { id: DEMO_IDS.teams.escalations, type: 'team' } }, 'vera'),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'state on create',
    ...create({ title: 'x', statecode: 1 }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'ticket number (read-only)',
    ...create({ title: 'x', ticketnumber: 'CAS-1' }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'primary key',
    ...create({ title: 'x', incidentid: DEMO_IDS.contacts.alice }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'raw @odata.bind key',
    ...create({ title: 'x', 'customerid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.bob})` }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'too long a title',
    ...create({ title: 'x'.repeat(5000) }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'choice value out of range',
    ...create({ title: 'x', prioritycode: 99 }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  { name: 'wrong type', ...create({ title: 123 }), status: 400, code: 'PORTICO_VALIDATION_FAILED' } as Attack,
  {
    name: 'agent writes a field hidden for agents (birthdate)',
    ...create({ lastname: 'x', birthdate: '1990-01-01' }, 'vera', 'contact-agent'),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'agent sets the parent account of a new contact (server-stamped)',
    ...create(
      { lastname: 'x', parentcustomerid: { id: DEMO_IDS.accounts.northwind, type: 'account' } },
      'vera',
      'contact-agent',
    ),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'move own case to another customer',
    method: 'PATCH',
    path: aliceEdit,
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { customerid: { id: DEMO_IDS.contacts.bob, type: 'contact' } } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: "lookup to another customer's contact (a GUID the user cannot see)",
    method: 'PATCH',
    path: aliceEdit,
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { primarycontactid: { id: DEMO_IDS.contacts.bob, type: 'contact' } } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: "create pointing at another account's contact",
    ...create(
      { title: 'x', primarycontactid: { id: DEMO_IDS.contacts.bob, type: 'contact' } },
      'vera',
      'case-create',
    ),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  } as Attack,
  {
    name: 'read-only parent on own profile',
    method: 'PATCH',
    path: `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.alice}`,
    options: {
      as: 'alice',
      body: { values: { parentcustomerid: { id: DEMO_IDS.accounts.northwind, type: 'account' } } },
      headers: { 'If-Match': 'x' },
    },
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: 'lookup to a table it cannot point at',
    method: 'PATCH',
    path: aliceEdit,
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { primarycontactid: { id: DEMO_IDS.users.integration, type: 'systemuser' } } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: 'values is an array',
    ...create([{ title: 'x' }]),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'extra top-level property',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: { as: 'alice', body: { values: { title: 'x' }, id: DEMO_IDS.contacts.alice } },
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  },
];
