/**
 * The generated OpenAPI document against the real server: every documented operation is driven
 * with a valid request, and the shared refusals (400, 401, 404, 405, 409, 412, 413, 415, 428, 429)
 * are driven on representative operations. Each real answer must be documented for its operation:
 * its status, its body (checked with Ajv against the documented schema) and the headers the
 * document says are always there. The suite fails if an operation was never answered successfully.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../config/ajv.js';
import { ERROR_CATALOGUE } from './errors.js';
import { openApiDocument } from './openapi.js';
import { ROUTES } from './routes/table.js';
import { WIDGET_CHUNKS, WIDGET_FILES } from './routes/widgets.js';
import { API_KEYWORDS } from './routes/validate.js';
import { ADMIN_TOKEN, DEMO_IDS, sendRaw, startHarness } from '../testing/proxy-harness.js';
import type { CallOptions, CallResult, Harness } from '../testing/proxy-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the document is read as JSON

const BUNDLE = 'https://openapi.test/components';
const WIDGETS_BUILT = existsSync(fileURLToPath(new URL('../../dist/widgets/portico.js', import.meta.url)));

let h: Harness;
let doc: Json;
const ajv = createAjv();
for (const keyword of API_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
const compiled = new Map<string, ValidateFunction>();
/** `METHOD /path` of each documented operation → the statuses it was seen to answer. */
const seen = new Map<string, Set<number>>();

/** Document references → the bundle Ajv holds the component schemas under. */
const rebase = (schema: unknown): Json =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BUNDLE}#/$defs/`)) as Json;

function validator(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let check = compiled.get(key);
  if (!check) {
    check = ajv.compile(rebase(schema));
    compiled.set(key, check);
  }
  return check;
}

/** The documented path item and its key for a request path (`/api/v1/forms/x` → `/forms/{formId}`). */
function pathItem(target: string): { key: string; item: Json } {
  const path = target.split('?')[0]!;
  for (const [key, item] of Object.entries(doc.paths as Json)) {
    const full = item.servers ? key : `/api/v1${key}`;
    const pattern = new RegExp(`^${full.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return { key, item };
  }
  assert.fail(`${path} is not a documented path`);
}

const resolveRef = (node: Json): Json =>
  typeof node.$ref === 'string'
    ? (node.$ref as string)
        .slice(2)
        .split('/')
        .reduce((at: Json, part: string) => at[part], doc)
    : node;

/** Checks one real answer against the document; returns it. */
function conforms(method: string, path: string, res: CallResult): CallResult {
  const { key, item } = pathItem(path);
  const own = item[method.toLowerCase()] as Json | undefined;
  // A method the path does not offer is answered by the path's 405, documented on every operation.
  const operation = own ?? (Object.values(item).find((v) => (v as Json).responses) as Json);
  const where = `${method} ${key} → ${res.status}`;
  if (!own) assert.equal(res.status, 405, `${where}: an undocumented method must get 405`);
  else seen.set(`${method} ${key}`, (seen.get(`${method} ${key}`) ?? new Set()).add(res.status));
  const response = operation.responses[String(res.status)] as Json | undefined;
  assert.ok(response, `${where}: status not documented (${res.text.slice(0, 200)})`);
  for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
    if (resolveRef(header).required) assert.ok(res.headers.has(name), `${where}: header ${name} promised`);
  }
  if (!response.content) {
    assert.equal(res.text, '', `${where}: documented without a body`);
    return res;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
  const media = response.content[type] as Json | undefined;
  assert.ok(media, `${where}: ${type} is not a documented content type`);
  if (method !== 'HEAD' && type === 'application/json') {
    const check = validator(media.schema);
    // A byte range of a JSON file is a piece of its text, not JSON.
    assert.ok(
      check(res.status === 206 ? res.text : res.body),
      `${where}: ${ajv.errorsText(check.errors)} in ${res.text.slice(0, 300)}`,
    );
  }
  return res;
}

async function drive(method: string, path: string, status: number, options: CallOptions = {}) {
  const res = await h.call(method, path, options);
  assert.equal(res.status, status, `${method} ${path}: ${res.text.slice(0, 300)}`);
  return conforms(method, path, res);
}

before(async () => {
  h = await startHarness({ bodyLimitBytes: 4096 });
  doc = (await h.call('GET', '/api/v1/openapi.json')).body as Json;
  ajv.addSchema({ $id: BUNDLE, $defs: rebase(doc.components.schemas) });
});
after(async () => {
  await h.close();
});

describe('the OpenAPI document', () => {
  test('is generated from the route table: one operation per route, every path where the server has it', () => {
    const documented = Object.entries(doc.paths as Json).flatMap(([key, item]) =>
      Object.keys(item as Json)
        .filter((k) => k !== 'servers')
        .map((m) => `${m.toUpperCase()} ${(item as Json).servers ? key : `/api/v1${key}`}`),
    );
    const routes = ROUTES.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    assert.deepEqual(documented.sort(), routes.sort());
    assert.deepEqual(doc.paths['/healthz'].servers, [{ url: h.base }]);
    assert.deepEqual(doc.servers, [{ url: `${h.base}/api/v1` }]);
    assert.deepEqual(openApiDocument(h.base, ROUTES), doc);
  });

  test('describes every shape it sends: no bare `{ type: object }` anywhere', () => {
    const bare: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${at}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const n = node as Json;
      const shaped = ['properties', 'additionalProperties', 'propertyNames', '$ref', 'anyOf', 'allOf'];
      if (n.type === 'object' && !shaped.some((k) => k in n)) bare.push(at);
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(doc, '#');
    assert.deepEqual(bare, []);
  });

  test('every operation documents the shared refusals with their headers', () => {
    for (const [key, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (method === 'servers') continue;
        const responses = (op as Json).responses as Json;
        for (const status of ['400', '405', '429', '500'])
          assert.ok(responses[status], `${method} ${key} ${status}`);
        assert.ok(responses['405'].headers.Allow.required, `${method} ${key} Allow`);
        assert.ok(responses['429'].headers['Retry-After'].required, `${method} ${key} Retry-After`);
        for (const name of ['RateLimit', 'RateLimit-Policy']) assert.ok(responses['429'].headers[name]);
        const secured = (op as Json).security.length > 0;
        assert.equal(Boolean(responses['401']), secured, `${method} ${key} 401 iff secured`);
        if ((op as Json).requestBody)
          for (const s of ['413', '415']) assert.ok(responses[s], `${method} ${key} ${s}`);
        const codes = Object.entries(responses)
          .filter(([s]) => Number(s) >= 400)
          .flatMap(
            ([, r]) =>
              (r as Json).content['application/json'].schema.allOf[1].properties.error.properties.code.enum,
          );
        for (const code of codes) assert.ok(code in ERROR_CATALOGUE, code);
      }
    }
  });
});

describe('every operation, driven', () => {
  let aliceCase: { id: string; etag: string };

  test('public: health, readiness, this document, validator modules, widget files', async () => {
    await drive('GET', '/healthz', 200);
    await drive('GET', '/readyz', 200);
    await drive('GET', '/api/v1/openapi.json', 200);
    await drive('GET', '/api/v1/admin/config-status', 200, { token: ADMIN_TOKEN });
    await drive('GET', '/api/v1/admin/config-status', 401, { token: 'not-the-admin-token' });
    const module = await drive('GET', '/api/v1/forms/case-create/validator.js?role=customer', 200);
    await drive('GET', '/api/v1/forms/case-create/validator.js?role=customer', 304, {
      headers: { 'If-None-Match': module.headers.get('etag')! },
    });
    await drive('GET', '/api/v1/forms/case-create/validator.js', 404);
    await drive('GET', '/api/v1/forms/no-such-form/validator.js?role=customer', 404);
    if (WIDGETS_BUILT) {
      const built = readdirSync(fileURLToPath(new URL('../../dist/widgets/', import.meta.url)));
      assert.deepEqual(
        built.filter((f) => f.startsWith('portico-')).sort(),
        [...WIDGET_CHUNKS].sort(),
        'the server serves exactly the chunks the build makes',
      );
    }
    for (const file of WIDGET_FILES) {
      if (!WIDGETS_BUILT) {
        await drive('GET', `/widgets/${file}`, 503);
        continue;
      }
      const first = await drive('GET', `/widgets/${file}`, 200);
      // Over a raw socket: fetch adds `Cache-Control: no-cache` to a conditional request, and a
      // static file server rightly answers that in full.
      const raw = await sendRaw(h.base, {
        method: 'GET',
        target: `/widgets/${file}`,
        headers: [['If-None-Match', first.headers.get('etag')!]],
      });
      assert.equal(raw.status, 304);
      conforms('GET', `/widgets/${file}`, { ...raw, headers: new Headers([...raw.headers]) });
      await drive('GET', `/widgets/${file}`, 206, { headers: { Range: 'bytes=0-9' } });
    }
    // A language's messages come from the configuration, built or not.
    const de = await drive('GET', '/widgets/lang/de.json', 200);
    const raw = await sendRaw(h.base, {
      method: 'GET',
      target: '/widgets/lang/de.json',
      headers: [['If-None-Match', de.headers.get('etag')!]],
    });
    assert.equal(raw.status, 304);
    conforms('GET', '/widgets/lang/de.json', { ...raw, headers: new Headers([...raw.headers]) });
    await drive('GET', '/widgets/lang/fr.json', 404);
    await drive('GET', '/widgets/lang/fr-CA.json', 404);
  });

  test('forms and lists', async () => {
    await drive('GET', '/api/v1/forms/case-edit', 200, { as: 'alice' });
    await drive('GET', '/api/v1/forms/case-edit', 401);
    await drive('GET', '/api/v1/forms/no-such-form', 404, { as: 'alice' });
    await drive('GET', '/api/v1/forms/case-edit/owners?search=e', 200, { as: 'vera' });
    await drive('GET', '/api/v1/forms/case-edit/owners', 403, { as: 'alice' });
    await drive('GET', '/api/v1/forms/case-edit/owners?search=a&search=b', 400, { as: 'vera' });
    await drive('GET', '/api/v1/forms/case-create/lookups/customerid?search=a', 200, { as: 'vera' });
    await drive('GET', '/api/v1/forms/case-create/lookups/title', 404, { as: 'vera' });
    await drive('GET', '/api/v1/forms/case-create/lookups/customerid?search=a&search=b', 400, { as: 'vera' });
    await drive('GET', '/api/v1/lists/my-cases', 200, { as: 'alice' });
    await drive('GET', '/api/v1/lists/no-such-list', 404, { as: 'alice' });
    const page = await drive('GET', '/api/v1/lists/my-cases/records?filter.statecode=0', 200, {
      as: 'alice',
    });
    await drive('GET', '/api/v1/lists/my-cases/records?sort=description', 400, { as: 'alice' });
    aliceCase = page.body.rows[0];
  });

  test('records: create, read, update, delete, with their refusals', async () => {
    const create = (body: unknown, extra: CallOptions = {}) => ({ as: 'alice' as const, body, ...extra });
    const created = await drive(
      'POST',
      '/api/v1/forms/case-create/records',
      201,
      create({ values: { title: 'OpenAPI' } }),
    );
    assert.match(
      created.headers.get('location') ?? '',
      new RegExp(`/api/v1/forms/case-create/records/${created.body.id}$`),
    );
    await drive(
      'POST',
      '/api/v1/forms/case-create/records',
      400,
      create({ values: { title: 'x' }, extra: 1 }),
    );
    await drive('POST', '/api/v1/forms/case-create/records', 400, create({ values: { title: 5 } }));
    await drive(
      'POST',
      '/api/v1/forms/case-create/records',
      413,
      create({ values: { title: 'x'.repeat(5000) } }),
    );
    await drive('POST', '/api/v1/forms/case-create/records', 415, {
      as: 'alice',
      rawBody: '{"values":{}}',
      headers: { 'Content-Type': 'text/plain' },
    });
    const path = `/api/v1/forms/case-edit/records/${aliceCase.id}`;
    const read = await drive('GET', path, 200, { as: 'alice' });
    await drive('GET', `/api/v1/forms/case-edit/records/${DEMO_IDS.contacts.bob}`, 404, { as: 'alice' });
    await drive('GET', '/api/v1/forms/case-edit/records/not-a-guid', 404, { as: 'alice' });
    await drive('PATCH', path, 428, { as: 'alice', body: { values: { title: 'No version' } } });
    const updated = await drive('PATCH', path, 200, {
      as: 'alice',
      body: { values: { title: 'Renamed through the document' } },
      headers: { 'If-Match': read.body.etag },
    });
    await drive('PATCH', path, 412, {
      as: 'alice',
      body: { values: { title: 'Stale' } },
      headers: { 'If-Match': read.body.etag },
    });
    aliceCase = updated.body;
    await drive('PUT', path, 405, { as: 'alice', body: { values: {} } });
    await drive('DELETE', path, 403, { as: 'alice', headers: { 'If-Match': aliceCase.etag } });
    const contact = await drive('POST', '/api/v1/forms/contact-agent/records', 201, {
      as: 'vera',
      body: { values: { firstname: 'Open', lastname: 'Api', emailaddress1: 'openapi@fabrikam.example' } },
    });
    await drive('DELETE', `/api/v1/forms/contact-agent/records/${contact.body.id}`, 204, {
      as: 'vera',
      headers: { 'If-Match': contact.body.etag },
    });
  });

  test('record actions: each action, an unknown one, a refused owner, a state that forbids it', async () => {
    const action = (id: string, name: string, body: unknown, etag: string, status: number) =>
      drive('POST', `/api/v1/forms/case-edit/records/${id}/actions/${name}`, status, {
        as: 'vera',
        body,
        headers: { 'If-Match': etag },
      });
    const page = await h.call('GET', '/api/v1/lists/account-cases/records?filter.statecode=0', {
      as: 'vera',
    });
    const row = page.body.rows[0] as { id: string; etag: string };
    const team = { owner: { id: DEMO_IDS.teams.escalations, type: 'team' } };
    const assigned = await action(row.id, 'assign', team, row.etag, 200);
    await action(
      row.id,
      'assign',
      { owner: { id: DEMO_IDS.users.integration, type: 'systemuser' } },
      assigned.body.etag,
      400,
    );
    await action(row.id, 'assign', { owner: team.owner, note: 1 }, assigned.body.etag, 400);
    await action(row.id, 'escalate', {}, assigned.body.etag, 404);
    const cancelled = await action(row.id, 'cancel', {}, assigned.body.etag, 200);
    await action(row.id, 'cancel', {}, cancelled.body.etag, 409);
    const reopened = await action(row.id, 'reopen', {}, cancelled.body.etag, 200);
    await action(row.id, 'resolve', { resolution: '  ' }, reopened.body.etag, 400);
    await action(row.id, 'resolve', { resolution: 'Documented' }, reopened.body.etag, 200);
  });

  test('notes: an older page, a note with a file, its download, and their refusals', async () => {
    const notesPath = `/api/v1/forms/case-edit/records/${aliceCase.id}/notes`;
    const key = { 'Idempotency-Key': 'openapi-note-key-0001' };
    const form = new FormData();
    form.append('text', 'Through the document.');
    form.append('files', new Blob(['plain words\n'], { type: 'text/plain' }), 'words.txt');
    const added = await drive('POST', notesPath, 201, { as: 'alice', form, headers: key });
    const bad = new FormData();
    bad.append('text', 'x');
    bad.append('files', new Blob(['MZ'], { type: 'application/octet-stream' }), 'tool.exe');
    await drive('POST', notesPath, 400, {
      as: 'alice',
      form: bad,
      headers: { 'Idempotency-Key': 'openapi-note-key-0002' },
    });
    await drive('POST', notesPath, 415, {
      as: 'alice',
      body: { text: 'json' },
      headers: { 'Idempotency-Key': 'openapi-note-key-0003' },
    });
    await drive('GET', notesPath, 200, { as: 'alice' });
    await drive('GET', `${notesPath}?before=forged`, 400, { as: 'alice' });
    const file = `${notesPath}/${added.body.value[0].id}/attachment`;
    const download = await drive('GET', file, 200, { as: 'alice' });
    assert.equal(download.text, 'plain words\n');
    await drive('GET', `${notesPath}/${DEMO_IDS.notes.aliceInternal}/attachment`, 404, { as: 'alice' });
    await drive('GET', `${notesPath}/not-a-guid/attachment`, 404, { as: 'alice' });
  });

  test('the rate limit answers 429 with Retry-After and the RateLimit headers', async () => {
    const limited = await startHarness({ rateLimitPerIp: 2 });
    try {
      for (const status of [200, 200, 429]) {
        const res = await limited.call('GET', '/healthz');
        assert.equal(res.status, status, res.text);
        conforms('GET', '/healthz', res);
      }
    } finally {
      await limited.close();
    }
  });

  test('every documented operation was answered successfully', (t) => {
    const operations = Object.entries(doc.paths as Json).flatMap(([key, item]) =>
      Object.keys(item as Json)
        .filter((k) => k !== 'servers')
        .map((m) => `${m.toUpperCase()} ${key}`),
    );
    const ok = (key: string) =>
      [...(seen.get(key) ?? [])].some((s) => s < 300 || (!WIDGETS_BUILT && s === 503));
    assert.deepEqual(
      operations.filter((key) => !ok(key)),
      [],
    );
    const pairs = [...seen.values()].reduce((n, s) => n + s.size, 0);
    t.diagnostic(`${operations.length} operations, all driven; ${pairs} (operation, status) pairs seen`);
  });
});
