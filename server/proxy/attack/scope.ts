/** Scope attacks: other users' and other accounts' records, privileges the role lacks, version tokens that are not this record's, forms used beyond their modes, owners outside the allowed list. */
import { SignJWT } from 'jose';
import { DEMO_IDS } from '../../testing/proxy-harness.js';
import {
  aliceCase,
  aliceEdit,
  bobCase,
  edit,
  ifMatch,
  northwindCase,
  secretKey,
  veraCase,
} from './support.js';
import type { Attack } from './support.js';

export const scopeAttacks: Attack[] = [
  {
    name: "read another customer's case",
    method: 'GET',
    path: edit(() => bobCase.id),
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: "update another customer's case with one's own version token",
    method: 'PATCH',
    path: edit(() => bobCase.id),
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { title: 'pwned' } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: "update another customer's case with that customer's version token",
    method: 'PATCH',
    path: edit(() => bobCase.id),
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { title: 'pwned' } },
        headers: ifMatch(() => bobCase.etag),
      }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: "update another customer's case without a version",
    method: 'PATCH',
    path: edit(() => bobCase.id),
    options: { as: 'alice', body: { values: { title: 'pwned' } } },
    status: 428,
    code: 'PORTICO_ETAG_REQUIRED',
  },
  {
    name: "cancel another customer's case",
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${bobCase.id}/actions/cancel`,
    options: () => Promise.resolve({ as: 'alice', body: {}, headers: ifMatch(() => bobCase.etag) }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: "another account's case (agent)",
    method: 'GET',
    path: edit(() => northwindCase),
    options: { as: 'vera' },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: "update another account's case with a token of an own case",
    method: 'PATCH',
    path: edit(() => northwindCase),
    options: () =>
      Promise.resolve({
        as: 'vera',
        body: { values: { title: 'x' } },
        headers: ifMatch(() => veraCase.etag),
      }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: "delete another account's case",
    method: 'DELETE',
    path: edit(() => northwindCase),
    options: () => Promise.resolve({ as: 'vera', headers: ifMatch(() => veraCase.etag) }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: 'a customer deletes (no privilege)',
    method: 'DELETE',
    path: aliceEdit,
    options: () => Promise.resolve({ as: 'alice', headers: ifMatch(() => aliceCase.etag) }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'a customer assigns (no privilege)',
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${aliceCase.id}/actions/assign`,
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { owner: { id: DEMO_IDS.teams.tier1, type: 'team' } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'a customer resolves (no privilege)',
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${aliceCase.id}/actions/resolve`,
    options: () =>
      Promise.resolve({ as: 'alice', body: { resolution: 'x' }, headers: ifMatch(() => aliceCase.etag) }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'the version token replayed by another user',
    method: 'PATCH',
    path: aliceEdit,
    options: () =>
      Promise.resolve({
        as: 'bob',
        body: { values: { title: 'x' } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: 'a tampered version token (ETag value swapped)',
    method: 'PATCH',
    path: aliceEdit,
    options: () => {
      const [kind, , exp, mac] = aliceCase.etag.split('.');
      const forged = Buffer.from('*').toString('base64url');
      return Promise.resolve({
        as: 'alice',
        body: { values: { title: 'x' } },
        headers: { 'If-Match': `${kind}.${forged}.${exp}.${mac}` },
      });
    },
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: 'a JWT in place of a version token',
    method: 'PATCH',
    path: aliceEdit,
    options: async () => ({
      as: 'alice',
      body: { values: { title: 'x' } },
      headers: {
        'If-Match': await new SignJWT({ v: '*' })
          .setProtectedHeader({ alg: 'HS256', typ: 'portico-etag' })
          .sign(secretKey),
      },
    }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: 'a raw Dataverse ETag',
    method: 'PATCH',
    path: aliceEdit,
    options: { as: 'alice', body: { values: { title: 'x' } }, headers: { 'If-Match': 'W/"1"' } },
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: 'If-Match: *',
    method: 'PATCH',
    path: aliceEdit,
    options: { as: 'alice', body: { values: { title: 'x' } }, headers: { 'If-Match': '*' } },
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: 'record id with OData injection',
    method: 'GET',
    path: `/api/v1/forms/case-edit/records/${encodeURIComponent(`${DEMO_IDS.contacts.alice})?$filter=1 eq 1&x=(`)}`,
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: 'record id that is not a GUID',
    method: 'PATCH',
    path: '/api/v1/forms/case-edit/records/1%20or%201%20eq%201',
    options: { as: 'alice', body: { values: { title: 'x' } }, headers: { 'If-Match': 'x' } },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: 'create through an edit-only form',
    method: 'POST',
    path: '/api/v1/forms/case-edit/records',
    options: { as: 'alice', body: { values: { title: 'x' } } },
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'update through a create-only form',
    method: 'PATCH',
    path: () => `/api/v1/forms/case-create/records/${aliceCase.id}`,
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { title: 'x' } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'update through a view form',
    method: 'PATCH',
    path: () => `/api/v1/forms/case-view/records/${aliceCase.id}`,
    options: () =>
      Promise.resolve({
        as: 'alice',
        body: { values: { title: 'x' } },
        headers: ifMatch(() => aliceCase.etag),
      }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'assign to an owner outside the allowed list',
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${veraCase.id}/actions/assign`,
    options: () =>
      Promise.resolve({
        as: 'vera',
        body: { owner: { id: DEMO_IDS.users.integration, type: 'systemuser' } },
        headers: ifMatch(() => veraCase.etag),
      }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: 'assign with a team id typed as a user',
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${veraCase.id}/actions/assign`,
    options: () =>
      Promise.resolve({
        as: 'vera',
        body: { owner: { id: DEMO_IDS.teams.tier1, type: 'systemuser' } },
        headers: ifMatch(() => veraCase.etag),
      }),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: 'unknown action',
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${veraCase.id}/actions/escalate`,
    options: () => Promise.resolve({ as: 'vera', body: {}, headers: ifMatch(() => veraCase.etag) }),
    status: 404,
    code: 'PORTICO_ACTION_NOT_FOUND',
  },
];
