/**
 * The fuzz suite: generated requests against every route the server has, public ones included,
 * with every method — paths and percent-encodings, query strings, headers (content type and
 * encoding, framing, method overrides, hostile Host and X-Forwarded-*), bodies of any shape and
 * tokens with generated claims, validly signed so that claim handling is reached.
 *
 * The property, for every request: the server answers (within the client's timeout), with 2xx/304
 * or with a 4xx whose body carries a code of the catalogue (`errors.ts`) and that code's status;
 * never a 5xx, a stack trace, the upstream's address or a host the request named; and the emulator
 * sees no write unless the request succeeded (or Dataverse itself refused it: a conflict or a
 * business rule).
 *
 * Seeded and bounded so that it runs in seconds inside `npm test`. A failure prints the seed and
 * fast-check's path; replay it with
 *   PORTICO_FUZZ_SEED=<seed> PORTICO_FUZZ_PATH=<path> node --import tsx --test server/proxy/fuzz.test.ts
 * and explore further with another seed or more runs (PORTICO_FUZZ_RUNS multiplies every property's).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ERROR_CATALOGUE } from './errors.js';
import {
  BROKEN_ESCAPES,
  claimSets,
  escapeAll,
  jsonBodies,
  nastyString,
  percentBytes,
  rawBodies,
  signClaims,
} from './fuzz-inputs.js';
import type { ErrorCode } from './errors.js';
import { ADMIN_TOKEN, ALLOWED_ORIGIN, DEMO_IDS, sendRaw, startHarness } from '../testing/proxy-harness.js';
import type { Harness, RawResult } from '../testing/proxy-harness.js';

const SEED = Number(process.env.PORTICO_FUZZ_SEED ?? 20_240_611);
const REPLAY_PATH = process.env.PORTICO_FUZZ_PATH;
const SCALE = Number(process.env.PORTICO_FUZZ_RUNS ?? 1);
const BODY_LIMIT = 65_536;
/** A host no generated path or body contains: if a response names it, the request chose a URL. */
const HOSTILE_HOST = 'attacker.invalid';
const WIDGETS_BUILT = existsSync(fileURLToPath(new URL('../../dist/widgets/', import.meta.url)));
/**
 * What `upstream-errors.ts` makes of Dataverse refusing a write: the only codes an answer may carry
 * when a write did reach the emulator — and then only if the emulator refused it too.
 */
const UPSTREAM_REFUSALS: ReadonlySet<string> = new Set([
  'PORTICO_RECORD_CONFLICT',
  'PORTICO_CASE_STATE_INVALID',
  'PORTICO_UPSTREAM_REJECTED',
  'PORTICO_RECORD_NOT_FOUND',
  'PORTICO_VALIDATION_FAILED',
]);

let h: Harness;
let sent = 0;
const tokens: Record<'alice' | 'bob' | 'vera', string> = { alice: '', bob: '', vera: '' };
const fixtures = {
  aliceCase: { id: '', etag: '' },
  veraCase: { id: '', etag: '' },
  veraContact: { id: '', etag: '' },
  cursor: '',
};

before(async () => {
  h = await startHarness({
    bodyLimitBytes: BODY_LIMIT,
    rateLimitPerIp: 1_000_000,
    rateLimitPerUser: 1_000_000,
    // Forwarded headers are read for client IPs; they must still never reach a URL.
    trustProxy: 1,
  });
  for (const user of ['alice', 'bob', 'vera'] as const) tokens[user] = await h.token(user);
  // Records of the suite's own, so that whatever the generated requests change or delete, they
  // change nothing another suite relies on.
  const made = async (user: 'alice' | 'vera', form: string, values: Record<string, unknown>) => {
    const res = await h.call('POST', `/api/v1/forms/${form}/records`, { as: user, body: { values } });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.id as string, etag: res.body.etag as string };
  };
  fixtures.aliceCase = await made('alice', 'case-create', { title: 'Fuzz: alice' });
  fixtures.veraCase = await made('vera', 'case-create', { title: 'Fuzz: vera' });
  fixtures.veraContact = await made('vera', 'contact-agent', {
    lastname: 'Fuzz',
    emailaddress1: 'fuzz@fabrikam.example',
  });
  const page = await h.call('GET', '/api/v1/lists/account-cases/records', { as: 'vera' });
  fixtures.cursor = page.body.nextPage ?? '';
});

after(async () => {
  await h.close();
  console.log(`fuzz: ${sent} generated requests (seed ${SEED})`);
});

// ---------------------------------------------------------------------------------------------
// Requests

interface Fuzzed {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body?: string | Uint8Array;
  framing: Framing;
  noHost?: boolean;
  /** Claims to sign into the Authorization header (over a valid base). */
  claims?: Record<string, unknown>;
}

type Framing =
  'auto' | 'short' | 'huge' | 'nonnumeric' | 'duplicate' | 'chunked' | 'broken-chunks' | 'te-and-cl';

function segment(real: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }).map(percentBytes) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.stringMatching(/^[a-z0-9-]{0,8}$/),
          fc.constantFrom(...BROKEN_ESCAPES),
          fc.stringMatching(/^[a-z]{0,3}$/),
        )
        .map((parts) => parts.join('')),
    },
    { weight: 1, arbitrary: nastyString.map(escapeAll) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '.',
        '..',
        '%2e%2e',
        '%2E',
        '',
        '%2F',
        '..%2F..%2Faccess.json',
        '__proto__',
        'constructor',
        '%00',
      ),
    },
    { weight: 1, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
    { weight: 1, arbitrary: fc.uuid().map((id) => escapeAll(`${id}) or (1 eq 1`)) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom('a', '-', '0', '%41'), minLength: 100, maxLength: 3000 }),
    },
  );
}

function queryString(keys: readonly string[], values: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...keys) },
    fc.constantFrom(
      '$filter',
      '$select',
      '$top',
      'access_token',
      'filter.',
      'filter.__proto__',
      '__proto__',
      'a[b]',
      'sort[]',
    ),
    nastyString.map(escapeAll),
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    fc.uint8Array({ maxLength: 12 }).map(percentBytes),
    fc.constantFrom(...BROKEN_ESCAPES),
    nastyString.map(escapeAll),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.string({ unit: fc.constantFrom('a', '%20'), minLength: 90, maxLength: 400 }),
  );
  return fc
    .array(fc.tuple(key, value, fc.boolean()), { maxLength: 5 })
    .map((pairs) =>
      pairs.length ? `?${pairs.map(([k, v, bare]) => (bare ? k : `${k}=${v}`)).join('&')}` : '',
    );
}

interface Route {
  methods: readonly string[];
  parts: ReadonlyArray<string | fc.Arbitrary<string>>;
  query?: fc.Arbitrary<string>;
}

function routes(): Route[] {
  const forms = [...h.registry.forms.keys()];
  const lists = [...h.registry.lists.keys()];
  const ids = [fixtures.aliceCase.id, fixtures.veraCase.id, fixtures.veraContact.id, DEMO_IDS.contacts.alice];
  const form = segment(forms);
  const id = segment(ids);
  const listQuery = queryString(
    [
      'sort',
      'direction',
      'search',
      'page',
      'filter.statecode',
      'filter.prioritycode',
      'filter.casetypecode',
      'filter.x',
    ],
    ['title', 'modifiedon', 'createdon', 'asc', 'desc', '0', '1', '2', '3', 'help', fixtures.cursor],
  );
  return [
    { methods: ['GET'], parts: ['healthz'] },
    { methods: ['GET'], parts: ['readyz'] },
    { methods: ['GET'], parts: ['api', 'v1', 'openapi.json'] },
    { methods: ['GET'], parts: ['api', 'v1', 'admin', 'config-status'] },
    {
      methods: ['GET'],
      parts: ['api', 'v1', 'forms', form, 'validator.js'],
      query: queryString(['role', 'v'], ['customer', 'agent', '1', '__proto__']),
    },
    {
      methods: ['GET'],
      parts: ['widgets', segment(['portico.js', 'portico.iife.js', 'custom-elements.json'])],
    },
    { methods: ['GET'], parts: ['api', 'v1', 'forms', form] },
    {
      methods: ['GET'],
      parts: ['api', 'v1', 'forms', form, 'owners'],
      query: queryString(['search'], ['tier', 'a']),
    },
    { methods: ['POST'], parts: ['api', 'v1', 'forms', form, 'records'] },
    { methods: ['GET', 'PATCH', 'DELETE'], parts: ['api', 'v1', 'forms', form, 'records', id] },
    {
      methods: ['POST'],
      parts: [
        'api',
        'v1',
        'forms',
        form,
        'records',
        id,
        'actions',
        segment(['assign', 'resolve', 'cancel', 'reopen']),
      ],
    },
    { methods: ['GET'], parts: ['api', 'v1', 'lists', segment(lists)] },
    { methods: ['GET'], parts: ['api', 'v1', 'lists', segment(lists), 'records'], query: listQuery },
    {
      methods: ['GET'],
      parts: ['api', 'v1', segment(['incidents', 'contacts', '$batch', 'WhoAmI']), segment(['x'])],
    },
  ];
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;

function target(route: Route): fc.Arbitrary<string> {
  const parts = route.parts.map((part) => (typeof part === 'string' ? fc.constant(part) : part));
  return fc
    .record({
      parts: fc.tuple(...parts),
      query: route.query ?? fc.constant(''),
      prefix: fc.constantFrom('', '', '', '', '', '/', '/api/v1/..', '/API/V1/..'),
      trailing: fc.constantFrom('', '', '', '', '/', '/x', '%2F'),
    })
    .map(({ parts: p, query, prefix, trailing }) => `${prefix}/${p.join('/')}${trailing}${query}`);
}

function method(route: Route): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...route.methods) }, fc.constantFrom(...METHODS));
}

const AUTH_KINDS = ['none', 'alice', 'bob', 'vera', 'admin', 'garbage'] as const;

function headers(): fc.Arbitrary<Array<[string, string]>> {
  const etags = () => [fixtures.aliceCase.etag, fixtures.veraCase.etag, fixtures.veraContact.etag];
  /** Present in one request out of `oneIn`: each request stays close enough to a valid one to get far. */
  const opt = <T>(arb: fc.Arbitrary<T>, oneIn = 6) =>
    fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  return fc
    .record({
      auth: fc.constantFrom(...AUTH_KINDS),
      garbage: fc.oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer a.b.c',
          'Basic YTpi',
          'bearer x',
          `Bearer ${'a'.repeat(9000)}`,
        ),
        nastyString.map((s) => `Bearer ${s}`),
      ),
      contentType: opt(
        fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'APPLICATION/JSON',
            'application/json; charset=latin1',
            'application/json; charset=utf-16',
            'application/json; charset="x"',
            'application/json;;;',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/merge-patch+json',
            'application/jsonx',
            '',
            '*/*',
          ),
          nastyString,
        ),
        2,
      ),
      contentEncoding: opt(
        fc.constantFrom(
          'identity',
          'gzip',
          'deflate',
          'br',
          'zstd',
          'gzip, deflate',
          'compress',
          'x-gzip',
          '',
        ),
      ),
      override: opt(
        fc.tuple(
          fc.constantFrom('X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override'),
          fc.constantFrom('DELETE', 'PATCH', 'PUT', 'POST', 'GET'),
        ),
      ),
      ifMatch: opt(fc.oneof(fc.constantFrom(...etags(), '*', 'W/"1"', '', 'e1.x.1.y'), nastyString)),
      ifNoneMatch: opt(fc.constantFrom('*', '"x"', '')),
      idempotencyKey: opt(fc.oneof(fc.constantFrom('fuzz-key-0123456789abcdef', 'short'), nastyString)),
      origin: opt(fc.constantFrom(ALLOWED_ORIGIN, 'https://evil.example', 'null', '')),
      preflight: opt(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'x')),
      host: opt(
        fc.constantFrom(
          HOSTILE_HOST,
          `${HOSTILE_HOST}:443`,
          `${HOSTILE_HOST}:80@127.0.0.1`,
          `${'a.'.repeat(200)}${HOSTILE_HOST}`,
          '[::1]',
          '',
          'a b',
          '127.0.0.1:1',
        ),
      ),
      forwarded: opt(
        fc.record({
          host: fc.constantFrom(HOSTILE_HOST, `${HOSTILE_HOST}:8443`, `${HOSTILE_HOST}, 127.0.0.1`),
          proto: fc.constantFrom('https', 'javascript', 'http, https', ''),
          for: fc.constantFrom('1.2.3.4', ',,,garbage', '::1, 1.1.1.1', 'unknown', '999.999.1.1', ''),
          forwarded: fc.constantFrom(`host=${HOSTILE_HOST};proto=https`, 'for=_hidden', ''),
        }),
      ),
      requestId: opt(fc.oneof(fc.constantFrom('fuzz-request-0001', 'x'.repeat(65)), nastyString)),
      accept: opt(fc.constantFrom('text/html', 'application/xml', '*/*;q=0', '')),
      language: opt(fc.constantFrom('de', 'xx-YY', '*', '')),
      odd: opt(
        fc.tuple(
          fc.constantFrom('X-Fuzz', 'Cookie', 'Expect', 'Upgrade', 'Range'),
          fc.string({ unit: 'binary', maxLength: 16 }),
        ),
      ),
      bigHeader: opt(fc.integer({ min: 17_000, max: 40_000 }), 60),
    })
    .map((r) => {
      const list: Array<[string, string]> = [];
      if (r.auth === 'garbage') list.push(['Authorization', r.garbage]);
      else if (r.auth === 'admin') list.push(['Authorization', `Bearer ${ADMIN_TOKEN}`]);
      else if (r.auth !== 'none') list.push(['Authorization', `Bearer ${tokens[r.auth]}`]);
      if (r.contentType !== undefined) list.push(['Content-Type', r.contentType]);
      if (r.contentEncoding !== undefined) list.push(['Content-Encoding', r.contentEncoding]);
      if (r.override) list.push(r.override);
      if (r.ifMatch !== undefined) list.push(['If-Match', r.ifMatch]);
      if (r.ifNoneMatch !== undefined) list.push(['If-None-Match', r.ifNoneMatch]);
      if (r.idempotencyKey !== undefined) list.push(['Idempotency-Key', r.idempotencyKey]);
      if (r.origin !== undefined) list.push(['Origin', r.origin]);
      if (r.preflight !== undefined) list.push(['Access-Control-Request-Method', r.preflight]);
      if (r.host !== undefined) list.push(['Host', r.host]);
      if (r.forwarded) {
        list.push(['X-Forwarded-Host', r.forwarded.host], ['X-Forwarded-Proto', r.forwarded.proto]);
        list.push(['X-Forwarded-For', r.forwarded.for], ['Forwarded', r.forwarded.forwarded]);
      }
      if (r.requestId !== undefined) list.push(['X-Request-Id', r.requestId]);
      if (r.accept !== undefined) list.push(['Accept', r.accept]);
      if (r.language !== undefined) list.push(['Accept-Language', r.language]);
      if (r.odd) list.push(r.odd);
      if (r.bigHeader) list.push(['X-Padding', 'p'.repeat(r.bigHeader)]);
      return list;
    });
}

const FRAMINGS: readonly Framing[] = [
  'short',
  'huge',
  'nonnumeric',
  'duplicate',
  'chunked',
  'broken-chunks',
  'te-and-cl',
];
const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('auto' as const) },
  fc.constantFrom(...FRAMINGS),
);

function requests(bodies: fc.Arbitrary<string | Uint8Array>): fc.Arbitrary<Fuzzed> {
  return fc.oneof(
    ...routes().map((route) =>
      fc
        .record({
          method: method(route),
          target: target(route),
          headers: headers(),
          body: fc.option(bodies, { nil: undefined, freq: 4 }),
          framing,
          // One request in twenty leaves out Host altogether.
          noHost: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
        })
        .map((r): Fuzzed => ({
          method: r.method,
          target: r.target,
          headers: r.headers,
          body: r.body,
          framing: r.framing,
          noHost: r.noHost,
        })),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Sending and judging

function framed(request: Fuzzed): { headers: Array<[string, string]>; body?: Buffer } {
  const headers = [...request.headers];
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const length = body?.length ?? 0;
  switch (request.framing) {
    case 'auto':
      return { headers, body };
    case 'short':
      headers.push(['Content-Length', String(Math.floor(length / 2))]);
      return { headers, body };
    case 'huge':
      headers.push(['Content-Length', String(BODY_LIMIT + 1 + length * 1_000_003)]);
      return { headers, body };
    case 'nonnumeric':
      headers.push(['Content-Length', ['abc', '-1', '1.5', '+5', '0x10', '5, 5', ' ', ''][length % 8]!]);
      return { headers, body };
    case 'duplicate':
      headers.push(['Content-Length', String(length)], ['Content-Length', String(length + 1)]);
      return { headers, body };
    case 'chunked': {
      headers.push(['Transfer-Encoding', 'chunked']);
      const chunks =
        body && body.length
          ? [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]
          : [];
      return { headers, body: Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]) };
    }
    case 'broken-chunks':
      headers.push(['Transfer-Encoding', 'chunked']);
      return { headers, body: Buffer.concat([Buffer.from('zz\r\n'), body ?? Buffer.alloc(0)]) };
    case 'te-and-cl':
      headers.push(['Transfer-Encoding', 'chunked'], ['Content-Length', String(length + 5)]);
      return { headers, body: Buffer.concat([body ?? Buffer.alloc(0), Buffer.from('\r\n0\r\n\r\n')]) };
  }
}

interface Write {
  method: string;
  path: string;
  status: number;
}

async function send(request: Fuzzed): Promise<{ res: RawResult; writes: Write[] }> {
  const headers = [...request.headers];
  if (request.claims) {
    const at = headers.findIndex(([name]) => name === 'Authorization');
    if (at !== -1) headers.splice(at, 1);
    headers.push(['Authorization', `Bearer ${await signClaims(request.claims)}`]);
  }
  const wire = framed({ ...request, headers });
  h.emulator.requestLog.clear();
  sent += 1;
  const res = await sendRaw(h.base, {
    method: request.method,
    target: request.target,
    headers: wire.headers,
    ...(wire.body ? { body: wire.body } : {}),
    ...(request.noHost ? { noHost: true } : {}),
    timeoutMs: 15_000,
  });
  const writes = h.emulator.requestLog
    .entries()
    .filter((e) => e.method !== 'GET')
    .map(({ method, path, status }) => ({ method, path, status }));
  return { res, writes };
}

const SUCCESS = new Set([200, 201, 204, 304]);
const CATALOGUE = ERROR_CATALOGUE as Record<string, { status: number }>;
const CATALOGUE_STATUSES = new Set(Object.values(CATALOGUE).map((spec) => spec.status));

/** The property every answer must have; throws (with the answer) when it does not. */
function judge(request: Fuzzed, res: RawResult, writes: Write[]): void {
  const shown = `${res.status} ${res.text.slice(0, 300)}`;
  assert.notEqual(res.status, 0, 'the server answered');
  // The one 5xx that is not about the request: the widget bundle is built by `npm run build`.
  const widgetsUnbuilt =
    !WIDGETS_BUILT &&
    res.status === 503 &&
    (request.method === 'HEAD' || res.body?.error?.code === 'PORTICO_SERVER_NOT_READY') &&
    /^\/widgets\//.test(request.target);
  if (!widgetsUnbuilt) assert.ok(res.status < 500, `no 5xx: ${shown}`);
  if (['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(request.method)) {
    assert.deepEqual(writes, [], 'a read wrote nothing, whatever it asked to override');
  }
  if (!SUCCESS.has(res.status)) {
    assert.ok(res.status >= 400, `a success or an error, not ${shown}`);
    if (request.method === 'HEAD' && res.text === '') {
      assert.ok(CATALOGUE_STATUSES.has(res.status), `HEAD: a catalogue status: ${shown}`);
    } else {
      const code = res.body?.error?.code as ErrorCode | undefined;
      assert.ok(code !== undefined && code in CATALOGUE, `a catalogue code: ${shown}`);
      assert.equal(res.status, CATALOGUE[code]!.status, `the catalogue's status for ${code}`);
      assert.equal(res.body.error.status, res.status);
      assert.equal(typeof res.body.error.requestId, 'string');
      if (writes.length > 0) {
        assert.ok(UPSTREAM_REFUSALS.has(code), `refused with ${code}, yet a write reached the emulator`);
        assert.ok(
          writes.every((write) => write.status >= 400),
          `refused with ${code}, yet the emulator accepted a write: ${JSON.stringify(writes)}`,
        );
      }
    }
  }
  const everything = `${[...res.headers.values()].join('\n')}\n${res.text}`;
  assert.ok(!/\n\s+at [^\n]*\(|node:internal|node_modules/.test(everything), `no stack trace: ${shown}`);
  assert.ok(
    !everything.includes(new URL(h.emulator.url).host) && !everything.includes('/api/data/'),
    `no upstream URL: ${shown}`,
  );
  assert.ok(!everything.includes(HOSTILE_HOST), `no URL from the request's Host or X-Forwarded-*: ${shown}`);
}

async function check(name: string, runs: number, arbitrary: fc.Arbitrary<Fuzzed>): Promise<void> {
  const numRuns = Math.max(1, Math.round(runs * SCALE));
  const property = fc.asyncProperty(arbitrary, async (request) => {
    const { res, writes } = await send(request);
    judge(request, res, writes);
  });
  const details = await fc.check(property, {
    seed: SEED,
    numRuns,
    ...(REPLAY_PATH ? { path: REPLAY_PATH } : {}),
    // Shrinking re-sends requests; bounded so that a failure is reported in seconds, not minutes.
    interruptAfterTimeLimit: 60_000,
    markInterruptAsFailure: false,
  });
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'failed';
    console.error(
      `fuzz "${name}" failed. Replay: PORTICO_FUZZ_SEED=${details.seed} PORTICO_FUZZ_PATH=${details.counterexamplePath ?? ''} node --import tsx --test server/proxy/fuzz.test.ts`,
    );
    assert.fail(report);
  }
}

describe('fuzz: no input reaches a 5xx', () => {
  test('every route and method, with generated paths, percent-encodings, queries and headers', async () => {
    await check(
      'routes',
      700,
      requests(fc.oneof(jsonBodies(h.registry, [DEMO_IDS.contacts.alice]), rawBodies)),
    );
  });

  test('bodies of any shape on every write route, with valid tokens and versions', async () => {
    const ids = [
      fixtures.aliceCase.id,
      fixtures.veraCase.id,
      fixtures.veraContact.id,
      DEMO_IDS.contacts.alice,
      DEMO_IDS.teams.tier1,
      DEMO_IDS.users.supportAgent1,
      DEMO_IDS.accounts.fabrikam,
    ];
    const writeTargets = fc.constantFrom(
      ...[...h.registry.forms.keys()].map((form) => ({
        method: 'POST',
        path: `/api/v1/forms/${form}/records`,
      })),
      ...['case-edit', 'contact-agent', 'contact-profile'].flatMap((form) =>
        [fixtures.aliceCase.id, fixtures.veraCase.id, fixtures.veraContact.id, DEMO_IDS.contacts.alice].map(
          (id) => ({
            method: 'PATCH',
            path: `/api/v1/forms/${form}/records/${id}`,
          }),
        ),
      ),
      ...['assign', 'resolve', 'cancel', 'reopen'].flatMap((action) =>
        [fixtures.aliceCase.id, fixtures.veraCase.id].map((id) => ({
          method: 'POST',
          path: `/api/v1/forms/case-edit/records/${id}/actions/${action}`,
        })),
      ),
    );
    const arbitrary = fc
      .record({
        to: writeTargets,
        user: fc.constantFrom('alice', 'bob', 'vera'),
        etag: fc.constantFrom(fixtures.aliceCase.etag, fixtures.veraCase.etag, fixtures.veraContact.etag),
        body: fc.oneof({ weight: 4, arbitrary: jsonBodies(h.registry, ids) }, rawBodies),
        contentType: fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=utf-16',
        ),
        key: fc.option(fc.constantFrom('fuzz-key-0123456789abcdef', 'fuzz-key-fedcba9876543210'), {
          nil: undefined,
        }),
      })
      .map((r): Fuzzed => ({
        method: r.to.method,
        target: r.to.path,
        headers: [
          ['Authorization', `Bearer ${tokens[r.user as 'alice' | 'bob' | 'vera']}`],
          ['Content-Type', r.contentType],
          ['If-Match', r.etag],
          ...(r.key ? ([['Idempotency-Key', r.key]] as Array<[string, string]>) : []),
        ],
        body: r.body,
        framing: 'auto',
      }));
    await check('bodies', 500, arbitrary);
  });

  test('token claims of every type, validly signed, on routes that read the user', async () => {
    const arbitrary = fc
      .record({
        claims: claimSets(),
        to: fc.constantFrom(
          { method: 'GET', path: '/api/v1/lists/my-cases/records' },
          { method: 'GET', path: '/api/v1/forms/case-create' },
          { method: 'GET', path: `/api/v1/forms/case-edit/records/${fixtures.aliceCase.id}` },
          { method: 'POST', path: '/api/v1/forms/case-create/records' },
        ),
      })
      .map(({ claims, to: { method, path } }): Fuzzed => ({
        method,
        target: path,
        headers: method === 'POST' ? [['Content-Type', 'application/json']] : [],
        body: method === 'POST' ? '{"values":{"title":"Fuzz: claims"}}' : undefined,
        framing: 'auto',
        claims,
      }));
    await check('claims', 400, arbitrary);
  });

  test(`the suite sent generated requests (${SEED})`, () => {
    assert.ok(sent >= Math.round(1600 * SCALE), `${sent} requests`);
  });
});
