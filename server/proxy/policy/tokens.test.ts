import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Permission } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import { TokenSigner, hashQuery } from './tokens.js';

const secret = 'signing-secret-0123456789-0123456789';
const signer = new TokenSigner(secret, 3600, 900);
const alice = { sub: 'alice', role: 'customer', contactId: 'c0000000-0000-4000-8000-000000000001' };
const bob = { sub: 'bob', role: 'customer', contactId: 'c0000000-0000-4000-8000-000000000002' };
const permission = {
  entity: 'incident',
  scope: 'contact',
  via: 'customerid',
  paths: [[{ column: 'customerid', table: 'contact', navigation: 'customerid_contact' }]],
  privileges: new Set(['read', 'update']),
  hidden: new Set(),
  readOnly: new Set(),
} as unknown as Permission;
const record = {
  entity: 'incident',
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  stateColumns: ['statecode', 'statuscode'],
};
const state = { statecode: 0, statuscode: 2 };

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof PorticoError ? e.code : String(e)),
  );

test('a version token round-trips with the state it was read in, is compact and reveals only the ETag and state', async () => {
  const token = await signer.signVersion(alice, permission, alice.contactId, {
    etag: 'W/"42"',
    state,
    ...record,
  });
  assert.deepEqual(await signer.verifyVersion(token, alice, permission, alice.contactId, record), {
    etag: 'W/"42"',
    state,
    indirect: false,
  });
  assert.deepEqual(await signer.verifyVersion(`"${token}"`, alice, permission, alice.contactId, record), {
    etag: 'W/"42"',
    state,
    indirect: false,
  });
  assert.ok(token.length < 100, `compact: ${token.length}`);
  assert.ok(!token.includes(Buffer.from(alice.contactId).toString('base64url').slice(0, 12)));
  assert.match(token, /^[A-Za-z0-9_.-]+$/, 'safe in a header without quoting');
});

test('a version token is refused for another user, record, anchor, scope rule, or after tampering', async () => {
  const token = await signer.signVersion(alice, permission, alice.contactId, {
    etag: 'W/"42"',
    state,
    ...record,
  });
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
      'rule with another scope path',
      signer.verifyVersion(
        token,
        alice,
        {
          ...permission,
          paths: [
            ...permission.paths,
            [
              { column: 'customerid', table: 'contact', navigation: 'customerid_contact' },
              { column: 'parentcustomerid', table: 'contact', navigation: 'parentcustomerid_contact' },
            ],
          ],
        } as Permission,
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
      'state swapped for another',
      signer.verifyVersion(
        (() => {
          const [kind, , exp, mac] = token.split('.');
          const forged = Buffer.from(JSON.stringify(['W/"42"', 1, 5])).toString('base64url');
          return `${kind}.${forged}.${exp}.${mac}`;
        })(),
        alice,
        permission,
        alice.contactId,
        record,
      ),
    ],
    [
      'preconditions changed since (other state columns)',
      signer.verifyVersion(token, alice, permission, alice.contactId, {
        ...record,
        stateColumns: ['statecode'],
      }),
    ],
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

test('an expired version token is refused', async () => {
  const shortLived = new TokenSigner(secret, 1, 900);
  const token = await shortLived.signVersion(alice, permission, alice.contactId, {
    etag: 'W/"1"',
    state,
    ...record,
  });
  const [kind, value, exp, mac] = token.split('.');
  const past = `${kind}.${value}.${Number(exp) - 3600}.${mac}`;
  assert.equal(
    await code(shortLived.verifyVersion(past, alice, permission, alice.contactId, record)),
    'PORTICO_ETAG_INVALID',
  );
  await new Promise((resolve) => setTimeout(resolve, (Number(exp) + 1) * 1000 - Date.now()));
  assert.equal(
    await code(shortLived.verifyVersion(token, alice, permission, alice.contactId, record)),
    'PORTICO_ETAG_INVALID',
  );
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

test('a version token whose MAC is re-spelt in its unused last bits is refused', async () => {
  const token = await signer.signVersion(alice, permission, alice.contactId, {
    etag: 'W/"7"',
    state,
    ...record,
  });
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token.at(-1)!);
  // 32 MAC bytes fill 42 characters and 4 bits of the 43rd; its 2 low bits carry nothing.
  for (const low of [1, 2, 3]) {
    const respelt = `${token.slice(0, -1)}${alphabet[(last & ~3) | low]}`;
    assert.notEqual(respelt, token);
    await assert.rejects(
      signer.verifyVersion(respelt, alice, permission, alice.contactId, record),
      /PORTICO_ETAG_INVALID|not a current version/,
    );
  }
  assert.equal((await signer.verifyVersion(token, alice, permission, alice.contactId, record)).etag, 'W/"7"');
});

test('a version token carries whether the record was held only through another record, under the MAC', async () => {
  const claims = { etag: 'W/"7"', state, ...record };
  const through = await signer.signVersion(alice, permission, alice.contactId, { ...claims, indirect: true });
  const own = await signer.signVersion(alice, permission, alice.contactId, claims);
  const verified = await signer.verifyVersion(through, alice, permission, alice.contactId, record);
  assert.equal(verified.indirect, true);
  assert.equal((await signer.verifyVersion(own, alice, permission, alice.contactId, record)).indirect, false);
  // Dropping the mark (to skip the scope read on write) breaks the MAC.
  const [kind, value, exp, mac] = through.split('.');
  const parts = JSON.parse(Buffer.from(value!, 'base64url').toString('utf8')) as unknown[];
  const stripped = Buffer.from(JSON.stringify(parts.slice(0, -1))).toString('base64url');
  assert.equal(
    await code(
      signer.verifyVersion(`${kind}.${stripped}.${exp}.${mac}`, alice, permission, alice.contactId, record),
    ),
    'PORTICO_ETAG_INVALID',
  );
});
