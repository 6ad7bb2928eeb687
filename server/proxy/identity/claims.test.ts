import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PorticoError } from '../errors.js';
import { normaliseClaims } from './claims.js';

const NAMES = { contactClaim: 'contactid', emailClaim: 'email', roleClaim: 'portico_role' };
const base = { sub: 'site-user-1', portico_role: 'customer' };

test('identifier claims of another type or with hidden characters are refused, naming the claim (table-driven)', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'email with a control character',
      { email: 'a\u0001@b.example' },
      /"email" claim contains control characters/,
    ],
    ['email with DEL', { email: 'a\u007f@b.example' }, /"email" claim contains control characters/],
    ['email with a C1 control', { email: 'a\u0085@b.example' }, /"email" claim contains control characters/],
    [
      'email with an unpaired high surrogate',
      { email: 'a\ud800@b.example' },
      /"email" claim contains an unpaired surrogate/,
    ],
    ['email with an unpaired low surrogate', { email: 'a@b.example\udfff' }, /unpaired surrogate/],
    [
      'role with a bidi override',
      { portico_role: 'cust\u202eremo' },
      /"portico_role" claim contains invisible formatting/,
    ],
    ['role with a zero-width space', { portico_role: 'agent\u200b' }, /invisible formatting/],
    ['role as an array', { portico_role: ['agent'] }, /"portico_role" claim must be a string, not an array/],
    ['contact id as a number', { contactid: 42 }, /"contactid" claim must be a string, not a number/],
    ['contact id as an object', { contactid: { id: 'x' } }, /not an object/],
    ['email as a boolean', { email: true }, /"email" claim must be a string, not a boolean/],
    ['subject with a newline', { sub: 'a\nb' }, /"sub" claim contains control characters/],
    ['subject as a number', { sub: 7 }, /"sub" claim must be a string/],
  ];
  for (const [name, claims, message] of cases) {
    assert.throws(
      () => normaliseClaims({ ...base, ...claims }, NAMES),
      (error: unknown) =>
        error instanceof PorticoError &&
        error.code === 'PORTICO_AUTH_CLAIM_INVALID' &&
        error.status === 401 &&
        message.test(error.message),
      name,
    );
  }
});

test('the configured claim names are the ones checked', () => {
  const names = { contactClaim: 'crm_contact', emailClaim: 'mail', roleClaim: 'role' };
  assert.throws(() => normaliseClaims({ sub: 's', mail: 'a\u0000@b.example' }, names), /"mail" claim/);
  // A claim under a name Portico does not read is not its business.
  assert.equal(normaliseClaims({ sub: 's', email: 42, role: 'agent' }, names).role, 'agent');
});

test('usable claims pass unchanged; null counts as absent', () => {
  const claims = normaliseClaims(
    { ...base, contactid: null, email: 'Zoë.Ünal@b.example', portico_role: null, given_name: 'Zoë' },
    NAMES,
  );
  assert.deepEqual(claims, {
    sub: 'site-user-1',
    role: undefined,
    contactId: undefined,
    email: 'Zoë.Ünal@b.example',
    givenName: 'Zoë',
    familyName: undefined,
    name: undefined,
  });
});

test('display names are cleaned rather than refused: they only ever name a new contact', () => {
  const claims = normaliseClaims(
    {
      ...base,
      given_name: ' Al\u0000ice\ud800 ',
      family_name: ['Brooks'],
      name: '\u0007\u0008',
    },
    NAMES,
  );
  assert.equal(claims.givenName, 'Alice');
  assert.equal(claims.familyName, undefined);
  assert.equal(claims.name, undefined);
  // Some scripts need the zero-width joiner; in a name it stays.
  assert.equal(normaliseClaims({ ...base, name: 'क्\u200dष' }, NAMES).name, 'क्\u200dष');
});
