/** Scope attacks (scope.ts), and a list offered to agents only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAttackGroup } from './groups.js';
import { h, useAttackHarness } from './support.js';

useAttackHarness();
runAttackGroup('scope');

test("a customer opening the agents' contact list is refused: the list is for agents only (roles)", async () => {
  h.emulator.requestLog.clear();
  const res = await h.call('GET', '/api/v1/lists/account-contacts/records', { as: 'alice' });
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'PORTICO_LIST_NOT_FOUND');
  assert.equal(h.upstreamWrites(), 0);
});
