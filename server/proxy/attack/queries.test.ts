/** Query attacks (queries.ts), and search text that tries to widen the scope. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAttackGroup } from './groups.js';
import { h, useAttackHarness } from './support.js';

useAttackHarness();
runAttackGroup('queries');

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
