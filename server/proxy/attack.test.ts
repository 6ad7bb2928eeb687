/**
 * The attack suite: hostile requests, table-driven. Each one must be refused with the expected
 * status and code, and the emulator must have seen no write (no POST, PATCH or DELETE) for it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { SignJWT, UnsecuredJWT } from 'jose';
import {
  ADMIN_TOKEN,
  ALLOWED_ORIGIN,
  AUDIENCE,
  DEMO_IDS,
  ISSUER,
  JWT_SECRET,
  sendRaw,
  startHarness,
} from './test-support.js';
import type { CallOptions, Harness } from './test-support.js';

let h: Harness;
/** Fixtures read once: records of each user and their version tokens. */
let aliceCase: { id: string; etag: string };
let bobCase: { id: string; etag: string };
let veraCase: { id: string; etag: string };
let northwindCase: string;
let veraCursor: string;
/** Cases put into a state directly in the emulator (as staff in Dynamics would), read through Portico. */
const inState: Record<
  'aliceOnHold' | 'aliceCancelled' | 'veraResolved' | 'veraCancelled',
  { id: string; etag: string }
> = {} as never;

const secretKey = new TextEncoder().encode(JWT_SECRET);
function jwt(
  claims: Record<string, unknown>,
  opts: {
    alg?: string;
    key?: Uint8Array;
    iss?: string;
    aud?: string;
    exp?: number;
    nbf?: number;
    sub?: string | null;
  } = {},
): Promise<string> {
  const builder = new SignJWT({ portico_role: 'customer', contactid: DEMO_IDS.contacts.alice, ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt();
  if (opts.sub !== null) builder.setSubject(opts.sub ?? 'site-user-alice');
  if (opts.exp !== -1) builder.setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 300);
  if (opts.nbf !== undefined) builder.setNotBefore(opts.nbf);
  return builder.sign(opts.key ?? secretKey);
}

before(async () => {
  h = await startHarness({ bodyLimitBytes: 65536 });
  const first = async (user: 'alice' | 'bob' | 'vera', list: string) => {
    const page = await h.call('GET', `/api/v1/lists/${list}/records`, { as: user });
    const row = page.body.rows[0];
    return {
      id: row.id as string,
      etag: row.etag as string,
      nextPage: page.body.nextPage as string | undefined,
    };
  };
  aliceCase = await first('alice', 'my-cases');
  bobCase = await first('bob', 'my-cases');
  const vera = await first('vera', 'account-cases');
  veraCase = { id: vera.id, etag: vera.etag };
  // A Northwind account case, straight from the emulator (nobody in the tests may see it through Portico).
  const res = await fetch(
    `${h.emulator.url}incidents?$select=incidentid&$filter=_customerid_value eq ${DEMO_IDS.accounts.northwind}&$top=1`,
  );
  northwindCase = ((await res.json()) as { value: Array<{ incidentid: string }> }).value[0]!.incidentid;
  // Two more Fabrikam cases give the account list a second page, hence a cursor.
  for (const title of ['Cursor one', 'Cursor two']) {
    await h.call('POST', '/api/v1/forms/case-create/records', { as: 'vera', body: { values: { title } } });
  }
  const page = await h.call('GET', '/api/v1/lists/account-cases/records', { as: 'vera' });
  veraCursor = page.body.nextPage;
  assert.ok(veraCursor);
  const staff = (path: string, body: unknown) =>
    fetch(`${h.emulator.url}${path}`, {
      method: path === 'CloseIncident' ? 'POST' : 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const states = {
    aliceOnHold: ['alice', { statecode: 0, statuscode: 2 }],
    aliceCancelled: ['alice', { statecode: 2, statuscode: 6 }],
    veraResolved: ['vera', undefined],
    veraCancelled: ['vera', { statecode: 2, statuscode: 6 }],
  } as const;
  for (const [name, [user, patch]] of Object.entries(states)) {
    const created = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: user,
      body: { values: { title: `State attack: ${name}` } },
    });
    const id = created.body.id as string;
    const res = patch
      ? await staff(`incidents(${id})`, patch)
      : await staff('CloseIncident', {
          IncidentResolution: { subject: 'Closed by staff', 'incidentid@odata.bind': `/incidents(${id})` },
          Status: 5,
        });
    assert.equal(res.status, 204);
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: user });
    inState[name as keyof typeof inState] = { id, etag: read.body.etag as string };
  }
});
after(async () => {
  await h.close();
});

interface Attack {
  name: string;
  method: string;
  path: string | (() => string);
  options?: CallOptions | (() => Promise<CallOptions>);
  status: number;
  code?: string;
  /** Put a valid token in `?access_token=` instead of the header. */
  tokenInQuery?: true;
}

const edit = (id: () => string) => () => `/api/v1/forms/case-edit/records/${id()}`;
const ifMatch = (etag: () => string) => ({ 'If-Match': etag() });
const aliceEdit = edit(() => aliceCase.id);

const tokenAttacks: Attack[] = [
  {
    name: 'no Authorization header',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_MISSING',
  },
  {
    name: 'token only in the query string',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    tokenInQuery: true,
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_MISSING',
  },
  {
    name: 'token only in a cookie',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ headers: { Cookie: `access_token=${await jwt({})}` } }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_MISSING',
  },
  {
    name: 'Basic credentials',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: { headers: { Authorization: 'Basic YWxpY2U6c2VjcmV0' } },
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_MISSING',
  },
  {
    name: 'expired token',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { exp: Math.floor(Date.now() / 1000) - 3600 }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_EXPIRED',
  },
  {
    name: 'alg: none',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: {
      token: new UnsecuredJWT({ portico_role: 'agent', contactid: DEMO_IDS.contacts.vera })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('x')
        .setExpirationTime('5m')
        .encode(),
    },
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'wrong audience',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { aud: 'another-app' }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'wrong issuer',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { iss: 'https://evil.example' }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'forged signature (other secret)',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { key: new TextEncoder().encode('x'.repeat(40)) }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'algorithm not pinned (HS512)',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({
      token: await jwt({}, { alg: 'HS512', key: new TextEncoder().encode(JWT_SECRET + JWT_SECRET) }),
    }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'not yet valid (nbf in the future)',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { nbf: Math.floor(Date.now() / 1000) + 3600 }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'no subject',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { sub: null }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'no expiry',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { exp: -1 }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'role that does not exist',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ portico_role: 'admin' }) }),
    status: 403,
    code: 'PORTICO_AUTH_ROLE_UNKNOWN',
  },
  {
    name: 'role __proto__',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ portico_role: '__proto__' }) }),
    status: 403,
    code: 'PORTICO_AUTH_ROLE_UNKNOWN',
  },
  {
    name: 'no role claim',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ portico_role: undefined }) }),
    status: 403,
    code: 'PORTICO_AUTH_ROLE_UNKNOWN',
  },
  {
    name: 'contact id claim with OData injection',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ contactid: `${DEMO_IDS.contacts.alice} or 1 eq 1` }) }),
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_INVALID',
  },
  {
    name: 'email claim with a control character (was a 500)',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({
      token: await jwt({ contactid: undefined, email: 'alice\u0001@fabrikam.example' }),
    }),
    status: 401,
    code: 'PORTICO_AUTH_CLAIM_INVALID',
  },
  {
    name: 'email claim with an unpaired surrogate',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({
      token: await jwt({ contactid: undefined, email: 'alice@fabrikam.example\udfff' }),
    }),
    status: 401,
    code: 'PORTICO_AUTH_CLAIM_INVALID',
  },
  {
    name: 'role claim with a bidi override',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ portico_role: 'cust\u202eremo' }) }),
    status: 401,
    code: 'PORTICO_AUTH_CLAIM_INVALID',
  },
  {
    name: 'role claim that is not a string',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ portico_role: ['agent'] }) }),
    status: 401,
    code: 'PORTICO_AUTH_CLAIM_INVALID',
  },
  {
    name: 'contact id claim that is a number',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({ contactid: 42 }) }),
    status: 401,
    code: 'PORTICO_AUTH_CLAIM_INVALID',
  },
  {
    name: 'subject with a newline (log forging)',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({ token: await jwt({}, { sub: 'alice\n{"level":60}' }) }),
    status: 401,
    code: 'PORTICO_AUTH_CLAIM_INVALID',
  },
  {
    name: 'email claim with OData injection and no contact match',
    method: 'GET',
    path: '/api/v1/lists/my-cases/records',
    options: async () => ({
      token: await jwt({ contactid: undefined, email: "x@y.z' or emailaddress1 ne 'q" }),
    }),
    status: 403,
    code: 'PORTICO_AUTH_CONTACT_UNBOUND',
  },
];

const scopeAttacks: Attack[] = [
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

const create = (values: unknown, as: 'alice' | 'vera' = 'alice', form = 'case-create'): Partial<Attack> => ({
  method: 'POST',
  path: `/api/v1/forms/${form}/records`,
  options: { as, body: { values } },
});

const fieldAttacks: Attack[] = [
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

const raw = (
  rawBody: string,
  contentType: string | undefined,
  path = '/api/v1/forms/case-create/records',
): Partial<Attack> => ({
  method: 'POST',
  path,
  options: { as: 'alice', rawBody, headers: contentType ? { 'Content-Type': contentType } : {} },
});

const bodyAttacks: Attack[] = [
  {
    name: '__proto__ at the top',
    ...raw('{"__proto__":{"admin":true},"values":{"title":"x"}}', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_UNSAFE_KEY',
  } as Attack,
  {
    name: 'constructor inside values',
    ...raw('{"values":{"title":"x","constructor":{"prototype":{"x":1}}}}', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_UNSAFE_KEY',
  } as Attack,
  {
    name: 'prototype nested deep',
    ...raw('{"values":{"title":"x","a":{"b":{"prototype":1}}}}', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_UNSAFE_KEY',
  } as Attack,
  {
    name: 'oversized body',
    ...raw(JSON.stringify({ values: { title: 'x'.repeat(100_000) } }), 'application/json'),
    status: 413,
    code: 'PORTICO_BODY_TOO_LARGE',
  } as Attack,
  {
    name: 'malformed JSON',
    ...raw('{"values":{"title":"x"', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'text/plain body',
    ...raw('{"values":{"title":"x"}}', 'text/plain'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'form-encoded body',
    ...raw('values[title]=x', 'application/x-www-form-urlencoded'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'JSON with a vendor type',
    ...raw('{"values":{"title":"x"}}', 'application/merge-patch+json'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'latin-1 charset',
    ...raw('{"values":{"title":"x"}}', 'application/json; charset=iso-8859-1'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'top-level array',
    ...raw('[{"values":{"title":"x"}}]', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'top-level string',
    ...raw('"values"', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'empty body',
    ...raw('', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'Content-Encoding: deflate on a body that is not (was a 500)',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: {
      as: 'alice',
      rawBody: '{"values":{"title":"x"}}',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' },
    },
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'Content-Encoding: br on a body that is not',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: {
      as: 'alice',
      rawBody: '{"values":{"title":"x"}}',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
    },
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'a genuinely gzipped body (bodies are never inflated)',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: {
      as: 'alice',
      rawBody: new Blob([gzipSync('{"values":{"title":"x"}}')]),
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    },
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'a DELETE with a deflate JSON body that is not (only POST, PATCH and PUT bodies are read)',
    method: 'DELETE',
    path: aliceEdit,
    options: () =>
      Promise.resolve({
        as: 'alice',
        rawBody: '{}',
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': 'deflate',
          ...ifMatch(() => aliceCase.etag),
        },
      }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'deeply nested',
    ...raw(`{"values":{"title":${'['.repeat(50)}${']'.repeat(50)}}}`, 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
];

const list = (query: string, as: 'alice' | 'vera' | 'bob' = 'alice', id = 'my-cases'): Partial<Attack> => ({
  method: 'GET',
  path: `/api/v1/lists/${id}/records?${query}`,
  options: { as },
});

const queryAttacks: Attack[] = [
  {
    name: 'sort with an injected second key',
    ...list(`sort=${encodeURIComponent('title desc,_customerid_value')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'sort by a column not in the list',
    ...list('sort=description'),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'direction injection',
    ...list(`sort=title&direction=${encodeURIComponent('desc&$filter=1 eq 1')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter on a non-filterable lookup',
    ...list(`filter._customerid_value=${DEMO_IDS.contacts.bob}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter on the scope column',
    ...list(`filter.customerid=${DEMO_IDS.contacts.bob}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter value injection',
    ...list(`filter.statecode=${encodeURIComponent('0 or 1 eq 1')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter value breaking out of parentheses',
    ...list(`filter.prioritycode=${encodeURIComponent('1) or (true')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'raw $filter parameter',
    ...list(`$filter=${encodeURIComponent('_customerid_value ne null')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'raw $select parameter',
    ...list('$select=*'),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'search longer than allowed',
    ...list(`search=${'a'.repeat(101)}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'search with control characters',
    ...list(`search=${encodeURIComponent('a\u0000b')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'repeated sort',
    ...list('sort=title&sort=modifiedon'),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'forged page cursor',
    ...list('page=eyJhbGciOiJub25lIn0.eyJ0IjoiMSJ9.'),
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  } as Attack,
  {
    name: "another user's page cursor",
    method: 'GET',
    path: () => `/api/v1/lists/account-cases/records?page=${encodeURIComponent(veraCursor)}`,
    options: async () => ({
      token: await jwt({ portico_role: 'agent', contactid: DEMO_IDS.contacts.vera }, { sub: 'someone-else' }),
    }),
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  },
  {
    name: 'a page cursor on another list',
    method: 'GET',
    path: () => `/api/v1/lists/account-contacts/records?page=${encodeURIComponent(veraCursor)}`,
    options: { as: 'vera' },
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  },
];

/** Actions whose precondition on the case's state does not hold: refused before anything is written. */
const stateAction = (
  name: string,
  user: 'alice' | 'vera',
  target: keyof typeof inState,
  action: string,
  body: unknown,
): Attack => ({
  name,
  method: action === 'save' ? 'PATCH' : 'POST',
  path: () =>
    `/api/v1/forms/case-edit/records/${inState[target].id}${action === 'save' ? '' : `/actions/${action}`}`,
  options: () => Promise.resolve({ as: user, body, headers: { 'If-Match': inState[target].etag } }),
  status: 409,
  code: 'PORTICO_RECORD_STATE',
});

const stateAttacks: Attack[] = [
  stateAction(
    "customer reopens her active case on hold, resetting the agent's status reason",
    'alice',
    'aliceOnHold',
    'reopen',
    {},
  ),
  stateAction('customer saves a cancelled case', 'alice', 'aliceCancelled', 'save', {
    values: { title: 'Edited after cancel' },
  }),
  stateAction('customer cancels an already cancelled case', 'alice', 'aliceCancelled', 'cancel', {}),
  stateAction('agent assigns a resolved case', 'vera', 'veraResolved', 'assign', {
    owner: { id: DEMO_IDS.teams.escalations, type: 'team' },
  }),
  stateAction('agent resolves a cancelled case', 'vera', 'veraCancelled', 'resolve', { resolution: 'Done' }),
  stateAction('agent cancels a resolved case', 'vera', 'veraResolved', 'cancel', {}),
  stateAction('agent saves a resolved case', 'vera', 'veraResolved', 'save', {
    values: { title: 'Edited after resolve' },
  }),
];

const surfaceAttacks: Attack[] = [
  {
    name: 'unknown form',
    method: 'POST',
    path: '/api/v1/forms/secret-form/records',
    options: { as: 'alice', body: { values: {} } },
    status: 404,
    code: 'PORTICO_FORM_NOT_FOUND',
  },
  {
    name: 'unknown list',
    method: 'GET',
    path: '/api/v1/lists/all-cases/records',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_LIST_NOT_FOUND',
  },
  {
    name: 'list id with traversal',
    method: 'GET',
    path: '/api/v1/lists/..%2Fmy-cases/records',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_LIST_NOT_FOUND',
  },
  {
    name: 'PUT a record',
    method: 'PUT',
    path: aliceEdit,
    options: { as: 'alice', body: { values: { title: 'x' } } },
    status: 405,
    code: 'PORTICO_METHOD_NOT_ALLOWED',
  },
  {
    name: 'generic pass-through attempt',
    method: 'GET',
    path: '/api/v1/incidents',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_ROUTE_NOT_FOUND',
  },
  {
    name: 'Dataverse path through the API',
    method: 'DELETE',
    path: `/api/data/v9.2/incidents(${DEMO_IDS.contacts.alice})`,
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_ROUTE_NOT_FOUND',
  },
  {
    name: 'path traversal',
    method: 'GET',
    path: '/api/v1/forms/..%2F..%2Faccess.json',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_FORM_NOT_FOUND',
  },
  {
    name: 'malformed percent-encoding on the public validator route, without a token (was a 500)',
    method: 'GET',
    path: '/api/v1/forms/%E0%A4%A/validator.js?role=customer',
    status: 404,
    code: 'PORTICO_FORM_NOT_FOUND',
  },
  {
    name: 'malformed percent-encoding in a form id, without a token: authentication answers first',
    method: 'DELETE',
    path: `/api/v1/forms/%zz/records/${DEMO_IDS.contacts.alice}`,
    status: 401,
    code: 'PORTICO_AUTH_TOKEN_MISSING',
  },
  {
    name: 'malformed percent-encoding in a form id',
    method: 'GET',
    path: '/api/v1/forms/case-%C3',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_FORM_NOT_FOUND',
  },
  {
    name: 'malformed percent-encoding in a record id',
    method: 'PATCH',
    path: '/api/v1/forms/case-edit/records/%ED%A0%80',
    options: { as: 'alice', body: { values: { title: 'x' } }, headers: { 'If-Match': 'x' } },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: 'malformed percent-encoding in an action',
    method: 'POST',
    path: () => `/api/v1/forms/case-edit/records/${aliceCase.id}/actions/can%zzcel`,
    options: () => Promise.resolve({ as: 'alice', body: {}, headers: ifMatch(() => aliceCase.etag) }),
    status: 404,
    code: 'PORTICO_ACTION_NOT_FOUND',
  },
  {
    name: 'malformed percent-encoding in a list id',
    method: 'GET',
    path: '/api/v1/lists/my%2-cases/records',
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_LIST_NOT_FOUND',
  },
  {
    name: 'CORS preflight from an unlisted origin',
    method: 'OPTIONS',
    path: aliceEdit,
    options: { headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PATCH' } },
    status: 403,
    code: 'PORTICO_CORS_ORIGIN_DENIED',
  },
  {
    name: 'admin endpoint with a user token',
    method: 'GET',
    path: '/api/v1/admin/config-status',
    options: { as: 'vera' },
    status: 401,
    code: 'PORTICO_ADMIN_UNAUTHORIZED',
  },
];

const ATTACKS = [
  ...tokenAttacks,
  ...scopeAttacks,
  ...fieldAttacks,
  ...bodyAttacks,
  ...queryAttacks,
  ...surfaceAttacks,
  ...stateAttacks,
];

describe('attack suite', () => {
  test(`has at least 60 hostile requests (${ATTACKS.length})`, () => {
    assert.ok(ATTACKS.length >= 60);
  });

  for (const attack of ATTACKS) {
    test(attack.name, async () => {
      h.emulator.requestLog.clear();
      const path = typeof attack.path === 'function' ? attack.path() : attack.path;
      const options = typeof attack.options === 'function' ? await attack.options() : (attack.options ?? {});
      const finalPath = attack.tokenInQuery ? `${path}?access_token=${await h.token('alice')}` : path;
      const res = await h.call(attack.method, finalPath, options);
      assert.equal(res.status, attack.status, `${attack.name}: ${res.text.slice(0, 300)}`);
      if (attack.code) assert.equal(res.body?.error?.code, attack.code, attack.name);
      assert.equal(typeof res.body?.error?.requestId, 'string');
      assert.ok(
        !/api\/data|127\.0\.0\.1|\n\s+at |0x8/.test(res.text),
        `no internals leak: ${res.text.slice(0, 200)}`,
      );
      const writes = h.emulator.requestLog.entries().filter((e) => e.method !== 'GET');
      assert.deepEqual(writes, [], 'the emulator saw no write');
    });
  }

  test('search text with quotes and OData cannot widen the scope', async () => {
    h.emulator.requestLog.clear();
    const res = await h.call(
      'GET',
      `/api/v1/lists/my-cases/records?search=${encodeURIComponent("') or (contains(title,'")}`,
      { as: 'alice' },
    );
    assert.equal(res.status, 200);
    for (const row of res.body.rows) {
      const read = await h.call('GET', `/api/v1/forms/case-view/records/${row.id}`, { as: 'alice' });
      assert.equal(read.status, 200);
    }
    assert.equal(h.upstreamWrites(), 0);
  });

  test("a customer opening the agents' contact list is refused: the list is for agents only (roles)", async () => {
    h.emulator.requestLog.clear();
    const res = await h.call('GET', '/api/v1/lists/account-contacts/records', { as: 'alice' });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'PORTICO_LIST_NOT_FOUND');
    assert.equal(h.upstreamWrites(), 0);
  });

  test('a simple request from an unlisted origin gets no CORS headers; a listed one does', async () => {
    const evil = await h.call('GET', '/healthz', { headers: { Origin: 'https://evil.example' } });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const good = await h.call('OPTIONS', aliceEdit(), {
      headers: {
        Origin: ALLOWED_ORIGIN,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,if-match,content-type',
      },
    });
    assert.equal(good.status, 204);
    assert.equal(good.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.match(good.headers.get('access-control-allow-headers') ?? '', /If-Match/i);
    assert.equal(good.headers.get('access-control-max-age'), '7200');
  });

  test('the admin endpoint is 404 when no admin token is configured', async () => {
    const other = await startHarness({ adminToken: undefined });
    try {
      const res = await other.call('GET', '/api/v1/admin/config-status', { token: ADMIN_TOKEN });
      assert.equal(res.status, 404);
    } finally {
      await other.close();
    }
  });
});

/** Requests that only a raw socket can send: framing, headers and Host as a stranger writes them. */
describe('malformed HTTP gets a catalogue answer, not a bare status line', () => {
  let aliceToken = '';
  before(async () => {
    aliceToken = await h.token('alice');
  });
  const post = (headers: Array<[string, string]>, body = '{"values":{"title":"x"}}') =>
    sendRaw(h.base, {
      method: 'POST',
      target: '/api/v1/forms/case-create/records',
      headers: [['Authorization', `Bearer ${aliceToken}`], ['Content-Type', 'application/json'], ...headers],
      body,
    });
  const refusals: Array<{
    name: string;
    send: () => ReturnType<typeof sendRaw>;
    status: number;
    code: string;
  }> = [
    {
      name: 'a Content-Length that is not a number',
      send: () => post([['Content-Length', 'abc']]),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'two Content-Length headers that disagree',
      send: () =>
        post([
          ['Content-Length', '24'],
          ['Content-Length', '25'],
        ]),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'Transfer-Encoding: chunked over a body that is not chunked',
      send: () => post([['Transfer-Encoding', 'chunked']]),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'no Host header',
      send: () => sendRaw(h.base, { method: 'GET', target: '/healthz', noHost: true }),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'a control character in the path',
      send: () => sendRaw(h.base, { method: 'GET', target: '/api/v1/forms/a\u0001b' }),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'headers larger than the server reads',
      send: () =>
        sendRaw(h.base, { method: 'GET', target: '/healthz', headers: [['X-Padding', 'p'.repeat(20_000)]] }),
      status: 431,
      code: 'PORTICO_HEADERS_TOO_LARGE',
    },
    {
      // Answered at once: before, the server drained the declared length first, holding the
      // connection for as long as the client cared to trickle.
      name: 'a Content-Length far above the limit, with the body never sent',
      send: () =>
        sendRaw(h.base, {
          method: 'POST',
          target: '/api/v1/forms/case-create/records',
          headers: [
            ['Authorization', `Bearer ${aliceToken}`],
            ['Content-Type', 'application/json'],
            ['Content-Length', '99999999999'],
          ],
          body: '{}',
          timeoutMs: 3000,
        }),
      status: 413,
      code: 'PORTICO_BODY_TOO_LARGE',
    },
  ];

  for (const refusal of refusals) {
    test(refusal.name, async () => {
      h.emulator.requestLog.clear();
      const res = await refusal.send();
      assert.equal(res.status, refusal.status, res.text);
      assert.equal(res.body?.error?.code, refusal.code);
      assert.equal(typeof res.body.error.requestId, 'string');
      assert.deepEqual(
        h.emulator.requestLog.entries().filter((e) => e.method !== 'GET'),
        [],
      );
    });
  }

  test('an Expect other than 100-continue is ignored, not answered with a bare 417', async () => {
    const res = await sendRaw(h.base, {
      method: 'GET',
      target: '/healthz',
      headers: [['Expect', 'something']],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
  });
});

/**
 * Absolute URLs come from PORTICO_PUBLIC_URL or the listening address, never from the request:
 * a validator module URL chosen by a Host header and kept by a shared cache is a script of the
 * attacker's choosing on the host page.
 */
describe('hostile Host and X-Forwarded-* never choose a URL', () => {
  const HOSTILE: Array<[string, string]> = [
    ['Host', 'attacker.invalid'],
    ['X-Forwarded-Host', 'attacker.invalid'],
    ['X-Forwarded-Proto', 'https'],
    ['Forwarded', 'host=attacker.invalid;proto=https'],
  ];

  async function urlsOf(server: Harness, user: 'alice' | 'vera') {
    const auth: [string, string] = ['Authorization', `Bearer ${await server.token(user)}`];
    const form = await sendRaw(server.base, {
      method: 'GET',
      target: '/api/v1/forms/case-create',
      headers: [auth, ...HOSTILE],
    });
    const openapi = await sendRaw(server.base, {
      method: 'GET',
      target: '/api/v1/openapi.json',
      headers: HOSTILE,
    });
    const created = await sendRaw(server.base, {
      method: 'POST',
      target: '/api/v1/forms/case-create/records',
      headers: [auth, ['Content-Type', 'application/json'], ...HOSTILE],
      body: JSON.stringify({ values: { title: 'Hostile Host' } }),
    });
    assert.equal(form.status, 200, form.text);
    assert.equal(openapi.status, 200, openapi.text);
    assert.equal(created.status, 201, created.text);
    for (const res of [form, openapi, created]) {
      assert.ok(!`${[...res.headers.values()].join(' ')} ${res.text}`.includes('attacker.invalid'), res.text);
    }
    return {
      validator: form.body.validator as string,
      server: openapi.body.servers[0].url as string,
      location: created.headers.get('location') ?? '',
      id: created.body.id as string,
      openapi,
    };
  }

  test('without PORTICO_PUBLIC_URL: the listening address', async () => {
    const urls = await urlsOf(h, 'alice');
    assert.ok(urls.validator.startsWith(`${h.base}/api/v1/forms/case-create/validator.js?`), urls.validator);
    assert.equal(urls.server, `${h.base}/api/v1`);
    assert.equal(urls.location, `${h.base}/api/v1/forms/case-create/records/${urls.id}`);
  });

  test('with PORTICO_PUBLIC_URL and PORTICO_TRUST_PROXY: the configured URL, base path included', async () => {
    const proxied = await startHarness({ publicUrl: 'https://www.contoso.example/portico', trustProxy: 1 });
    try {
      const urls = await urlsOf(proxied, 'vera');
      assert.ok(
        urls.validator.startsWith(
          'https://www.contoso.example/portico/api/v1/forms/case-create/validator.js?',
        ),
        urls.validator,
      );
      assert.equal(urls.server, 'https://www.contoso.example/portico/api/v1');
      assert.equal(
        urls.location,
        `https://www.contoso.example/portico/api/v1/forms/case-create/records/${urls.id}`,
      );
    } finally {
      await proxied.close();
    }
  });

  test('with PORTICO_TRUST_PROXY alone: still the listening address', async () => {
    const proxied = await startHarness({ trustProxy: 2 });
    try {
      const urls = await urlsOf(proxied, 'vera');
      assert.ok(urls.validator.startsWith(`${proxied.base}/api/v1/`), urls.validator);
      assert.equal(urls.server, `${proxied.base}/api/v1`);
      assert.equal(urls.location, `${proxied.base}/api/v1/forms/case-create/records/${urls.id}`);
    } finally {
      await proxied.close();
    }
  });

  test('the cacheable OpenAPI document and validator module vary by Origin, and say so', async () => {
    const { openapi } = await urlsOf(h, 'alice');
    const plain = await sendRaw(h.base, { method: 'GET', target: '/api/v1/openapi.json' });
    assert.equal(plain.text, openapi.text, 'the same document whatever the Host');
    assert.match(plain.headers.get('cache-control') ?? '', /public/);
    assert.equal(plain.headers.get('vary'), 'Origin');
    const form = await h.call('GET', '/api/v1/forms/case-create', { as: 'alice' });
    const url = new URL(form.body.validator);
    const module = await sendRaw(h.base, { method: 'GET', target: `${url.pathname}${url.search}` });
    assert.equal(module.status, 200);
    assert.match(module.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(
      module.headers.get('vary'),
      'Origin',
      'an answer stored for a request without Origin must not be served to a page that sends one',
    );
  });
});
