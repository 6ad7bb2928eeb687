/**
 * Forms and lists per role (`roles` in forms/ and lists/): a role that is not listed must not get
 * the surface at all — the same 404 as for an id that does not exist, and nothing reaches Dataverse.
 * Scope alone would only narrow the records; these attacks check the surface itself is closed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS, startHarness } from '../testing/proxy-harness.js';
import type { CallOptions, Harness } from '../testing/proxy-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  // Warm the identity cache for both users so any upstream call below would be the attack's own.
  for (const as of ['alice', 'vera'] as const) {
    const res = await h.call(
      'GET',
      as === 'alice' ? '/api/v1/lists/my-cases' : '/api/v1/lists/account-cases',
      {
        as,
      },
    );
    assert.equal(res.status, 200, res.text);
  }
});
after(async () => {
  await h.close();
});

interface Attempt {
  name: string;
  method: string;
  path: string;
  options: CallOptions;
  code: 'PORTICO_FORM_NOT_FOUND' | 'PORTICO_LIST_NOT_FOUND';
}

const alice = DEMO_IDS.contacts.alice;
const customerAttempts: Attempt[] = [
  {
    name: 'agent contact form definition',
    method: 'GET',
    path: '/api/v1/forms/contact-agent',
    code: 'PORTICO_FORM_NOT_FOUND',
    options: {},
  },
  {
    name: 'own contact through the agent form',
    method: 'GET',
    path: `/api/v1/forms/contact-agent/records/${alice}`,
    code: 'PORTICO_FORM_NOT_FOUND',
    options: {},
  },
  {
    name: 'create a contact through the agent form',
    method: 'POST',
    path: '/api/v1/forms/contact-agent/records',
    code: 'PORTICO_FORM_NOT_FOUND',
    options: { body: { values: { lastname: 'Intruder' } } },
  },
  {
    name: 'update own contact through the agent form',
    method: 'PATCH',
    path: `/api/v1/forms/contact-agent/records/${alice}`,
    code: 'PORTICO_FORM_NOT_FOUND',
    options: { body: { values: { jobtitle: 'Owner' } }, headers: { 'if-match': 'W/"1"' } },
  },
  {
    name: 'delete own contact through the agent form',
    method: 'DELETE',
    path: `/api/v1/forms/contact-agent/records/${alice}`,
    code: 'PORTICO_FORM_NOT_FOUND',
    options: { headers: { 'if-match': 'W/"1"' } },
  },
  {
    name: 'agent form validator module',
    method: 'GET',
    path: '/api/v1/forms/contact-agent/validator.js',
    code: 'PORTICO_FORM_NOT_FOUND',
    options: {},
  },
  {
    name: 'account contacts list definition',
    method: 'GET',
    path: '/api/v1/lists/account-contacts',
    code: 'PORTICO_LIST_NOT_FOUND',
    options: {},
  },
  {
    name: 'account contacts records',
    method: 'GET',
    path: '/api/v1/lists/account-contacts/records',
    code: 'PORTICO_LIST_NOT_FOUND',
    options: {},
  },
  {
    name: 'account contacts search',
    method: 'GET',
    path: '/api/v1/lists/account-contacts/records?search=a',
    code: 'PORTICO_LIST_NOT_FOUND',
    options: {},
  },
  {
    name: 'account cases records',
    method: 'GET',
    path: '/api/v1/lists/account-cases/records',
    code: 'PORTICO_LIST_NOT_FOUND',
    options: {},
  },
];

describe('a customer cannot open agent forms and lists', () => {
  for (const a of customerAttempts) {
    test(`${a.method} ${a.name}: 404 ${a.code}, no upstream call`, async () => {
      h.emulator.requestLog.clear();
      const res = await h.call(a.method, a.path, { ...a.options, as: 'alice' });
      assert.equal(res.status, 404, res.text);
      assert.equal(res.body.error.code, a.code);
      assert.equal(h.emulator.requestLog.count(), 0, 'nothing reached Dataverse');
    });
  }

  test('the 404 for a form the role may not see is the same as for a form that does not exist', async () => {
    const hidden = await h.call('GET', '/api/v1/forms/contact-agent', { as: 'alice' });
    const missing = await h.call('GET', '/api/v1/forms/no-such-form', { as: 'alice' });
    assert.equal(hidden.status, missing.status);
    assert.equal(hidden.body.error.code, missing.body.error.code);
    // Same message with the id swapped: the answer does not reveal that the form exists.
    assert.equal(
      String(hidden.body.error.message).replace('contact-agent', '<id>'),
      String(missing.body.error.message).replace('no-such-form', '<id>'),
    );
  });

  test('the customer still gets their own forms and lists', async () => {
    assert.equal((await h.call('GET', '/api/v1/forms/contact-profile', { as: 'alice' })).status, 200);
    assert.equal((await h.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' })).status, 200);
    assert.equal((await h.call('GET', '/api/v1/forms/case-create', { as: 'alice' })).status, 200);
  });
});

describe('an agent cannot open customer-only forms and lists', () => {
  test('contact-profile and my-cases: 404, no upstream call', async () => {
    h.emulator.requestLog.clear();
    const form = await h.call('GET', `/api/v1/forms/contact-profile/records/${DEMO_IDS.contacts.vera}`, {
      as: 'vera',
    });
    assert.equal(form.status, 404);
    assert.equal(form.body.error.code, 'PORTICO_FORM_NOT_FOUND');
    const list = await h.call('GET', '/api/v1/lists/my-cases/records', { as: 'vera' });
    assert.equal(list.status, 404);
    assert.equal(list.body.error.code, 'PORTICO_LIST_NOT_FOUND');
    assert.equal(h.emulator.requestLog.count(), 0);
  });
});
