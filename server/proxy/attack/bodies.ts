/** Body attacks: prototype-pollution keys, oversized, malformed, mistyped, encoded and deeply nested bodies. */
import { gzipSync } from 'node:zlib';
import { aliceCase, aliceEdit, ifMatch } from './support.js';
import type { Attack } from './support.js';

const raw = (
  rawBody: string,
  contentType: string | undefined,
  path = '/api/v1/forms/case-create/records',
): Partial<Attack> => ({
  method: 'POST',
  path,
  options: { as: 'alice', rawBody, headers: contentType ? { 'Content-Type': contentType } : {} },
});

export const bodyAttacks: Attack[] = [
  {
    name: '__proto__ at the top',
    ...raw('{"__proto__":{"admin":true},"values":{"title":"x"}}', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_UNSAFE_KEY',
  } as Attack,
  {
    name: 'constructor inside values',
    ...raw('{"values":{"title":"x","constructor":{"prototype":{"x":1}}}}', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_UNSAFE_KEY',
  } as Attack,
  {
    name: 'prototype nested deep',
    ...raw('{"values":{"title":"x","a":{"b":{"prototype":1}}}}', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_UNSAFE_KEY',
  } as Attack,
  {
    name: 'oversized body',
    ...raw(JSON.stringify({ values: { title: 'x'.repeat(100_000) } }), 'application/json'),
    status: 413,
    code: 'PORTICO_BODY_TOO_LARGE',
  } as Attack,
  {
    name: 'malformed JSON',
    ...raw('{"values":{"title":"x"', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'text/plain body',
    ...raw('{"values":{"title":"x"}}', 'text/plain'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'form-encoded body',
    ...raw('values[title]=x', 'application/x-www-form-urlencoded'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'JSON with a vendor type',
    ...raw('{"values":{"title":"x"}}', 'application/merge-patch+json'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'latin-1 charset',
    ...raw('{"values":{"title":"x"}}', 'application/json; charset=iso-8859-1'),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  } as Attack,
  {
    name: 'top-level array',
    ...raw('[{"values":{"title":"x"}}]', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'top-level string',
    ...raw('"values"', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'empty body',
    ...raw('', 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
  {
    name: 'Content-Encoding: deflate on a body that is not (was a 500)',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: {
      as: 'alice',
      rawBody: '{"values":{"title":"x"}}',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' },
    },
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'Content-Encoding: br on a body that is not',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: {
      as: 'alice',
      rawBody: '{"values":{"title":"x"}}',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
    },
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'a genuinely gzipped body (bodies are never inflated)',
    method: 'POST',
    path: '/api/v1/forms/case-create/records',
    options: {
      as: 'alice',
      rawBody: new Blob([gzipSync('{"values":{"title":"x"}}')]),
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    },
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'a DELETE with a deflate JSON body that is not (only POST, PATCH and PUT bodies are read)',
    method: 'DELETE',
    path: aliceEdit,
    options: () =>
      Promise.resolve({
        as: 'alice',
        rawBody: '{}',
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': 'deflate',
          ...ifMatch(() => aliceCase.etag),
        },
      }),
    status: 403,
    code: 'PORTICO_ACCESS_DENIED',
  },
  {
    name: 'deeply nested',
    ...raw(`{"values":{"title":${'['.repeat(50)}${']'.repeat(50)}}}`, 'application/json'),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  } as Attack,
];
