import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jwtVerify } from 'jose';
import type { Permission } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import { signHs256, verifyHs256 } from './hs256.js';
import { TokenSigner, hashQuery } from './tokens.js';

const secret = 'signing-secret-0123456789-0123456789';
const signer = new TokenSigner(secret, 3600, 900);
const alice = { sub: 'alice', role: 'customer', contactId: 'c0000000-0000-4000-8000-000000000001' };
const bob = { sub: 'bob', role: 'customer', contactId: 'c0000000-0000-4000-8000-000000000002' };
const permission = {
  entity: 'incident',
  scope: 'contact',
  via: 'customerid',
  privileges: new Set(['read', 'update']),
  hidden: new Set(),
  readOnly: new Set(),
} as unknown as Permission;
const record = { entity: 'incident', id: 'aaaaaaaa-0000-4000-8000-000000000001' };

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof PorticoError ? e.code : String(e)),
  );

test('a version token round-trips and is a standard HS256 JWT that jose verifies', async () => {
  const token = await signer.signVersion(alice, permission, alice.contactId, { etag: 'W/"42"', ...record });
  assert.equal(await signer.verifyVersion(token, alice, permission, alice.contactId, record), 'W/"42"');
  assert.equal(
    await signer.verifyVersion(`"${token}"`, alice, permission, alice.contactId, record),
    'W/"42"',
  );
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
    algorithms: ['HS256'],
    issuer: 'portico',
    audience: 'etag',
  });
  assert.equal(protectedHeader.typ, 'portico-etag');
  assert.equal(payload.sub, 'alice');
});

test('a version token is refused for another user, record, anchor, scope rule, or after tampering', async () => {
  const token = await signer.signVersion(alice, permission, alice.contactId, { etag: 'W/"42"', ...record });
  const cases: Array<[string, Promise<unknown>]> = [
    ['other user', signer.verifyVersion(token, bob, permission, alice.contactId, record)],
    [
      'other record',
      signer.verifyVersion(token, alice, permission, alice.contactId, {
        ...record,
        id: 'bbbbbbbb-0000-4000-8000-000000000001',
      }),
    ],
    [
      'other anchor',
      signer.verifyVersion(token, alice, permission, 'a0000000-0000-4000-8000-000000000001', record),
    ],
    [
      'narrowed rule',
      signer.verifyVersion(
        token,
        alice,
        { ...permission, scope: 'self' } as Permission,
        alice.contactId,
        record,
      ),
    ],
    [
      'other role',
      signer.verifyVersion(token, { ...alice, role: 'agent' }, permission, alice.contactId, record),
    ],
    ['tampered', signer.verifyVersion(`${token.slice(0, -2)}xx`, alice, permission, alice.contactId, record)],
    [
      'other key',
      new TokenSigner('another-secret-0123456789-0123456789', 3600, 900).verifyVersion(
        token,
        alice,
        permission,
        alice.contactId,
        record,
      ),
    ],
    [
      'a cursor as version',
      signer
        .signCursor(alice, { listId: 'l', queryHash: 'q', skiptoken: 't' })
        .then((c) => signer.verifyVersion(c, alice, permission, alice.contactId, record)),
    ],
  ];
  for (const [name, attempt] of cases) assert.equal(await code(attempt), 'PORTICO_ETAG_INVALID', name);
  assert.equal(
    await code(signer.verifyVersion(undefined, alice, permission, alice.contactId, record)),
    'PORTICO_ETAG_REQUIRED',
  );
});

test('HS256 verification refuses other algorithms, extra header fields and expired tokens', () => {
  const key = Buffer.from(secret);
  const now = Date.now();
  const good = signHs256(key, 't', { exp: Math.floor(now / 1000) + 60 });
  assert.ok(verifyHs256(key, 't', good));
  assert.equal(verifyHs256(key, 'other', good), undefined);
  assert.equal(verifyHs256(key, 't', good, now + 61_000), undefined);
  const [, body, sig] = good.split('.');
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 't' })).toString('base64url')}.${body}.`;
  assert.equal(verifyHs256(key, 't', none), undefined);
  const extra = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 't', kid: 'x' })).toString('base64url')}.${body}.${sig}`;
  assert.equal(verifyHs256(key, 't', extra), undefined);
  assert.equal(verifyHs256(key, 't', 'a.b'), undefined);
});

test('cursors are bound to user, list and query', async () => {
  const q = hashQuery({ sort: { field: 'title', direction: 'asc' }, search: null, filters: [] });
  const cursor = await signer.signCursor(alice, { listId: 'my-cases', queryHash: q, skiptoken: 'tok' });
  assert.equal(await signer.verifyCursor(cursor, alice, { listId: 'my-cases', queryHash: q }), 'tok');
  assert.equal(
    await code(signer.verifyCursor(cursor, bob, { listId: 'my-cases', queryHash: q })),
    'PORTICO_CURSOR_INVALID',
  );
  assert.equal(
    await code(signer.verifyCursor(cursor, alice, { listId: 'other', queryHash: q })),
    'PORTICO_CURSOR_INVALID',
  );
  const q2 = hashQuery({ sort: { field: 'title', direction: 'desc' }, search: null, filters: [] });
  assert.notEqual(q, q2);
  assert.equal(
    await code(signer.verifyCursor(cursor, alice, { listId: 'my-cases', queryHash: q2 })),
    'PORTICO_CURSOR_INVALID',
  );
});
