/** Surface attacks (surface.ts), CORS for listed and unlisted origins, and the admin endpoint without an admin token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, ALLOWED_ORIGIN, startHarness } from '../../testing/proxy-harness.js';
import { runAttackGroup } from './groups.js';
import { aliceEdit, h, useAttackHarness } from './support.js';

useAttackHarness();
runAttackGroup('surface');

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
