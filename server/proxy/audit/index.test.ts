import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog, outcomeOf } from './index.js';
import type { AuditEntry } from './index.js';

const entry = (id: string): AuditEntry => ({
  requestId: `req-${id}`,
  user: { sub: 'alice', contactId: 'c0000000-0000-4000-8000-000000000001', role: 'customer' },
  operation: 'update',
  entity: 'incident',
  form: 'case-edit',
  id,
  fields: ['title'],
  outcome: 'success',
  status: 200,
});

test('the audit log only ever appends, one JSON object per line, across reopenings', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'portico-audit-')), 'nested', 'audit.log');
  const errors: Error[] = [];
  const first = openAuditLog(file, (e) => errors.push(e));
  first.write(entry('1'));
  first.write(entry('2'));
  await first.close();
  const second = openAuditLog(file, (e) => errors.push(e));
  second.write(entry('3'));
  await second.close();
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { id: string }).id),
    ['1', '2', '3'],
  );
  const parsed = JSON.parse(lines[0]!) as { time: string; fields: string[] };
  assert.ok(!Number.isNaN(Date.parse(parsed.time)));
  assert.deepEqual(errors, []);
});

test('outcomes follow the status', () => {
  assert.deepEqual(
    [200, 201, 412, 409, 404, 403, 401, 400, 413, 415, 428, 503, 429, 500, 502].map(outcomeOf),
    [
      'success',
      'success',
      'conflict',
      'conflict',
      'not_found',
      'denied',
      'denied',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'busy',
      'busy',
      'error',
      'error',
    ],
  );
});
