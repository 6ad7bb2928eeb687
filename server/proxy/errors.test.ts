import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE, PorticoError } from './errors.js';
import { clientFailure, requestReadError } from './http.js';
import { openApiDocument } from './openapi.js';
import { ROUTES } from './routes/table.js';

test('every code is PORTICO_<AREA>_<NAME>, has an HTTP error status and a documented meaning', () => {
  for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
    assert.match(code, /^PORTICO_[A-Z]+_[A-Z_]+$/, code);
    assert.ok(spec.status >= 400 && spec.status <= 599, code);
    assert.ok(spec.meaning.length > 20, code);
  }
});

test('an error response carries code, status, message and request id, and nothing else unless given', () => {
  const error = new PorticoError('PORTICO_RECORD_NOT_FOUND', 'No record.', {
    cause: new Error('upstream said 0x80040217'),
  });
  assert.deepEqual(error.toResponse('req-1'), {
    error: { code: 'PORTICO_RECORD_NOT_FOUND', status: 404, message: 'No record.', requestId: 'req-1' },
  });
});

test('the OpenAPI document lists every catalogue code', () => {
  const doc = openApiDocument('http://127.0.0.1:1', ROUTES) as {
    openapi: string;
    components: {
      schemas: { ErrorResponse: { properties: { error: { properties: { code: { enum: string[] } } } } } };
    };
  };
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(
    doc.components.schemas.ErrorResponse.properties.error.properties.code.enum.sort(),
    Object.keys(ERROR_CATALOGUE).sort(),
  );
});

test('the README error table lists every catalogue code with its status and meaning, and nothing else', () => {
  const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  const rows: Record<string, { status: number; meaning: string }> = {};
  for (const m of readme.matchAll(/^\| `(PORTICO_[A-Z_]+)` *\| (\d{3}) *\| (.*?) *\|$/gm))
    rows[m[1]!] = { status: Number(m[2]), meaning: m[3]! };
  assert.deepEqual(rows, JSON.parse(JSON.stringify(ERROR_CATALOGUE)));
});

test('failures while reading a request map to catalogue codes in one place; anything else stays a server error', () => {
  const cases: Array<[string, unknown, string | undefined]> = [
    ['over the limit', { type: 'entity.too.large', status: 413, expose: true }, 'PORTICO_BODY_TOO_LARGE'],
    ['JSON syntax', { type: 'entity.parse.failed', status: 400, expose: true }, 'PORTICO_BODY_MALFORMED'],
    [
      'charset',
      { type: 'charset.unsupported', status: 415, expose: true },
      'PORTICO_CONTENT_TYPE_UNSUPPORTED',
    ],
    [
      'content encoding',
      { type: 'encoding.unsupported', status: 415, expose: true },
      'PORTICO_CONTENT_TYPE_UNSUPPORTED',
    ],
    ['body cut short', { type: 'request.aborted', status: 400, expose: true }, 'PORTICO_BODY_MALFORMED'],
    [
      'length mismatch',
      { type: 'request.size.invalid', status: 400, expose: true },
      'PORTICO_BODY_MALFORMED',
    ],
    ['another client error while reading', { status: 400, expose: true }, 'PORTICO_REQUEST_MALFORMED'],
    [
      'the router decoding a parameter',
      Object.assign(new URIError('Failed to decode param'), { status: 400 }),
      'PORTICO_REQUEST_MALFORMED',
    ],
    ['a URIError of our own', new URIError('URI malformed'), undefined],
    ['a plain bug', new TypeError('x is undefined'), undefined],
    ['a server error from a library', { status: 500, expose: false }, undefined],
    ['nothing', undefined, undefined],
  ];
  for (const [name, error, code] of cases) assert.equal(requestReadError(error)?.code, code, name);
});

test("requests Node's parser refuses get the catalogue error for their kind", () => {
  assert.equal(clientFailure({ code: 'HPE_HEADER_OVERFLOW' }).code, 'PORTICO_HEADERS_TOO_LARGE');
  assert.equal(clientFailure({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }).code, 'PORTICO_REQUEST_TIMEOUT');
  assert.equal(clientFailure({ code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW' }).code, 'PORTICO_BODY_TOO_LARGE');
  for (const code of [
    'HPE_INVALID_CONTENT_LENGTH',
    'HPE_INVALID_METHOD',
    'HPE_UNEXPECTED_CONTENT_LENGTH',
    undefined,
  ]) {
    assert.equal(clientFailure({ code }).code, 'PORTICO_REQUEST_MALFORMED', String(code));
  }
});
