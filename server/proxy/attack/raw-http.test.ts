/**
 * Attacks only a raw socket can send: malformed framing and headers, and a hostile Host or
 * X-Forwarded-* that must never choose a URL Portico writes.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sendRaw, startHarness } from '../../testing/proxy-harness.js';
import type { Harness } from '../../testing/proxy-harness.js';
import { h, useAttackHarness } from './support.js';

useAttackHarness({ records: false });

/** Requests that only a raw socket can send: framing, headers and Host as a stranger writes them. */
describe('malformed HTTP gets a catalogue answer, not a bare status line', () => {
  let aliceToken = '';
  before(async () => {
    aliceToken = await h.token('alice');
  });
  const post = (headers: Array<[string, string]>, body = '{"values":{"title":"x"}}') =>
    sendRaw(h.base, {
      method: 'POST',
      target: '/api/v1/forms/case-create/records',
      headers: [['Authorization', `Bearer ${aliceToken}`], ['Content-Type', 'application/json'], ...headers],
      body,
    });
  const refusals: Array<{
    name: string;
    send: () => ReturnType<typeof sendRaw>;
    status: number;
    code: string;
  }> = [
    {
      name: 'a Content-Length that is not a number',
      send: () => post([['Content-Length', 'abc']]),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'two Content-Length headers that disagree',
      send: () =>
        post([
          ['Content-Length', '24'],
          ['Content-Length', '25'],
        ]),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'Transfer-Encoding: chunked over a body that is not chunked',
      send: () => post([['Transfer-Encoding', 'chunked']]),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'no Host header',
      send: () => sendRaw(h.base, { method: 'GET', target: '/healthz', noHost: true }),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'a control character in the path',
      send: () => sendRaw(h.base, { method: 'GET', target: '/api/v1/forms/a\u0001b' }),
      status: 400,
      code: 'PORTICO_REQUEST_MALFORMED',
    },
    {
      name: 'headers larger than the server reads',
      send: () =>
        sendRaw(h.base, { method: 'GET', target: '/healthz', headers: [['X-Padding', 'p'.repeat(20_000)]] }),
      status: 431,
      code: 'PORTICO_HEADERS_TOO_LARGE',
    },
    {
      // Answered at once: before, the server drained the declared length first, holding the
      // connection for as long as the client cared to trickle.
      name: 'a Content-Length far above the limit, with the body never sent',
      send: () =>
        sendRaw(h.base, {
          method: 'POST',
          target: '/api/v1/forms/case-create/records',
          headers: [
            ['Authorization', `Bearer ${aliceToken}`],
            ['Content-Type', 'application/json'],
            ['Content-Length', '99999999999'],
          ],
          body: '{}',
          timeoutMs: 3000,
        }),
      status: 413,
      code: 'PORTICO_BODY_TOO_LARGE',
    },
  ];

  for (const refusal of refusals) {
    test(refusal.name, async () => {
      h.emulator.requestLog.clear();
      const res = await refusal.send();
      assert.equal(res.status, refusal.status, res.text);
      assert.equal(res.body?.error?.code, refusal.code);
      assert.equal(typeof res.body.error.requestId, 'string');
      assert.deepEqual(
        h.emulator.requestLog.entries().filter((e) => e.method !== 'GET'),
        [],
      );
    });
  }

  test('an Expect other than 100-continue is ignored, not answered with a bare 417', async () => {
    const res = await sendRaw(h.base, {
      method: 'GET',
      target: '/healthz',
      headers: [['Expect', 'something']],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
  });
});

/**
 * Absolute URLs come from PORTICO_PUBLIC_URL or the listening address, never from the request:
 * a validator module URL chosen by a Host header and kept by a shared cache is a script of the
 * attacker's choosing on the host page.
 */
describe('hostile Host and X-Forwarded-* never choose a URL', () => {
  const HOSTILE: Array<[string, string]> = [
    ['Host', 'attacker.invalid'],
    ['X-Forwarded-Host', 'attacker.invalid'],
    ['X-Forwarded-Proto', 'https'],
    ['Forwarded', 'host=attacker.invalid;proto=https'],
  ];

  async function urlsOf(server: Harness, user: 'alice' | 'vera') {
    const auth: [string, string] = ['Authorization', `Bearer ${await server.token(user)}`];
    const form = await sendRaw(server.base, {
      method: 'GET',
      target: '/api/v1/forms/case-create',
      headers: [auth, ...HOSTILE],
    });
    const openapi = await sendRaw(server.base, {
      method: 'GET',
      target: '/api/v1/openapi.json',
      headers: HOSTILE,
    });
    const created = await sendRaw(server.base, {
      method: 'POST',
      target: '/api/v1/forms/case-create/records',
      headers: [auth, ['Content-Type', 'application/json'], ...HOSTILE],
      body: JSON.stringify({ values: { title: 'Hostile Host' } }),
    });
    assert.equal(form.status, 200, form.text);
    assert.equal(openapi.status, 200, openapi.text);
    assert.equal(created.status, 201, created.text);
    for (const res of [form, openapi, created]) {
      assert.ok(!`${[...res.headers.values()].join(' ')} ${res.text}`.includes('attacker.invalid'), res.text);
    }
    return {
      validator: form.body.validator as string,
      server: openapi.body.servers[0].url as string,
      location: created.headers.get('location') ?? '',
      id: created.body.id as string,
      openapi,
    };
  }

  test('without PORTICO_PUBLIC_URL: the listening address', async () => {
    const urls = await urlsOf(h, 'alice');
    assert.ok(urls.validator.startsWith(`${h.base}/api/v1/forms/case-create/validator.js?`), urls.validator);
    assert.equal(urls.server, `${h.base}/api/v1`);
    assert.equal(urls.location, `${h.base}/api/v1/forms/case-create/records/${urls.id}`);
  });

  test('with PORTICO_PUBLIC_URL and PORTICO_TRUST_PROXY: the configured URL, base path included', async () => {
    const proxied = await startHarness({ publicUrl: 'https://www.contoso.example/portico', trustProxy: 1 });
    try {
      const urls = await urlsOf(proxied, 'vera');
      assert.ok(
        urls.validator.startsWith(
          'https://www.contoso.example/portico/api/v1/forms/case-create/validator.js?',
        ),
        urls.validator,
      );
      assert.equal(urls.server, 'https://www.contoso.example/portico/api/v1');
      assert.equal(
        urls.location,
        `https://www.contoso.example/portico/api/v1/forms/case-create/records/${urls.id}`,
      );
    } finally {
      await proxied.close();
    }
  });

  test('with PORTICO_TRUST_PROXY alone: still the listening address', async () => {
    const proxied = await startHarness({ trustProxy: 2 });
    try {
      const urls = await urlsOf(proxied, 'vera');
      assert.ok(urls.validator.startsWith(`${proxied.base}/api/v1/`), urls.validator);
      assert.equal(urls.server, `${proxied.base}/api/v1`);
      assert.equal(urls.location, `${proxied.base}/api/v1/forms/case-create/records/${urls.id}`);
    } finally {
      await proxied.close();
    }
  });

  test('the cacheable OpenAPI document and validator module vary by Origin, and say so', async () => {
    const { openapi } = await urlsOf(h, 'alice');
    const plain = await sendRaw(h.base, { method: 'GET', target: '/api/v1/openapi.json' });
    assert.equal(plain.text, openapi.text, 'the same document whatever the Host');
    assert.match(plain.headers.get('cache-control') ?? '', /public/);
    assert.equal(plain.headers.get('vary'), 'Origin');
    const form = await h.call('GET', '/api/v1/forms/case-create', { as: 'alice' });
    const url = new URL(form.body.validator);
    const module = await sendRaw(h.base, { method: 'GET', target: `${url.pathname}${url.search}` });
    assert.equal(module.status, 200);
    assert.match(module.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(
      module.headers.get('vary'),
      'Origin',
      'an answer stored for a request without Origin must not be served to a page that sends one',
    );
  });
});
