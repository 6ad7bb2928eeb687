/** Token attacks: a missing, misplaced, forged, expired or mis-addressed token, and claims that do not fit. */
import { UnsecuredJWT } from 'jose';
import { AUDIENCE, DEMO_IDS, ISSUER, JWT_SECRET } from '../../testing/proxy-harness.js';
import { jwt } from './support.js';
import type { Attack } from './support.js';

export const tokenAttacks: Attack[] = [
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
