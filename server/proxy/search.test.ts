/**
 * List search end to end: the Portico server bracket-escapes a user's wildcard characters for
 * Dataverse's LIKE, and the emulator must honour those brackets the way SQL Server does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../testing/proxy-harness.js';
import type { Harness } from '../testing/proxy-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

async function createCase(title: string): Promise<void> {
  const res = await h.call('POST', '/api/v1/forms/case-create/records', {
    as: 'bob',
    body: { values: { title, casetypecode: 3, prioritycode: 2, description: 'Search test' } },
  });
  assert.equal(res.status, 201, res.text);
}

async function search(text: string): Promise<string[]> {
  const res = await h.call('GET', `/api/v1/lists/my-cases/records?search=${encodeURIComponent(text)}`, {
    as: 'bob',
  });
  assert.equal(res.status, 200, res.text);
  return (res.body.rows as Array<{ values: { title: string } }>).map((r) => r.values.title).sort();
}

describe('list search with wildcard characters', () => {
  test('"50%" finds "50% off" and not "500 units"; "_" and "[" are literal too', async () => {
    for (const title of ['50% off', '500 units', 'snake_case', 'snakeXcase', '[draft] plan'])
      await createCase(title);
    assert.deepEqual(await search('50%'), ['50% off']);
    assert.deepEqual(await search('500'), ['500 units']);
    assert.deepEqual(await search('snake_'), ['snake_case']);
    assert.deepEqual(await search('[draft]'), ['[draft] plan']);
  });
});
