import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sendRaw, startHarness } from '../../testing/proxy-harness.js';
import type { Harness } from '../../testing/proxy-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test('GET /widgets/lang/de.json sends the checked German messages, public and cross-origin, briefly cached', async () => {
  const res = await fetch(`${h.base}/widgets/lang/de.json`, {
    headers: { Origin: 'https://elsewhere.example' },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
  const body = (await res.json()) as Record<string, string>;
  assert.equal(body.save, 'Speichern');
  assert.deepEqual(body, { ...h.registry.languages.get('de')?.messages });
  // Over a raw socket: fetch would add `Cache-Control: no-cache` to the conditional request.
  const again = await sendRaw(h.base, {
    method: 'GET',
    target: '/widgets/lang/de.json',
    headers: [['If-None-Match', res.headers.get('etag')!]],
  });
  assert.equal(again.status, 304);
});

test('a language without a file is a 404 the widgets take for English', async () => {
  const res = await fetch(`${h.base}/widgets/lang/fr.json`);
  assert.equal(res.status, 404);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'PORTICO_LANGUAGE_NOT_FOUND');
  assert.match(body.error.message, /no messages for "fr"; the widgets show English/);
});

test('only a language subtag names a file: nothing outside the loaded languages is ever sent', async () => {
  for (const target of [
    '/widgets/lang/..%2F..%2Fpackage.json',
    '/widgets/lang/..%2Faccess.json',
    '/widgets/lang/%2e%2e.json',
    '/widgets/lang/DE.json',
    '/widgets/lang/de-DE.json',
    '/widgets/lang/__proto__.json',
    '/widgets/lang/constructor.json',
  ]) {
    const res = await sendRaw(h.base, { method: 'GET', target });
    assert.equal(res.status, 404, target);
    assert.ok(!res.text.includes('Speichern'), target);
    // Refused by the route's parameter check or by the router: either way, no file.
    assert.ok(
      ['PORTICO_LANGUAGE_NOT_FOUND', 'PORTICO_ROUTE_NOT_FOUND'].includes(res.body.error.code),
      target,
    );
  }
  // Not the folder's files by any other name either.
  for (const target of ['/widgets/lang/de.json.bak', '/widgets/lang/', '/widgets/lang/de']) {
    const res = await sendRaw(h.base, { method: 'GET', target });
    assert.equal(res.status, 404, target);
  }
});
