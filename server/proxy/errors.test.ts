import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE, PorticoError } from './errors.js';
import { openApiDocument } from './openapi.js';

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
  const doc = openApiDocument('http://127.0.0.1:1') as {
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
