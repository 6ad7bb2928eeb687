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
  first.outcome(entry('1'));
  first.outcome(entry('2'));
  await first.close();
  const second = openAuditLog(file, (e) => errors.push(e));
  second.outcome(entry('3'));
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

test('a write attempt is an intent line, then an outcome line repeating it, tied by the request id', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'portico-audit-')), 'audit.log');
  const log = openAuditLog(file, (e) => assert.fail(e));
  const { outcome, status, ...intent } = entry('7');
  log.intent(intent);
  const afterIntent = readFileSync(file, 'utf8');
  log.outcome({ ...intent, outcome, status });
  await log.close();
  // The intent is on disk before the outcome is known: a process that dies in between leaves it.
  assert.equal(afterIntent.split('\n').filter(Boolean).length, 1);
  const [first, second] = readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(Object.keys(first!).sort(), [
    'entity',
    'fields',
    'form',
    'id',
    'operation',
    'phase',
    'requestId',
    'time',
    'user',
  ]);
  assert.equal(first!.phase, 'intent');
  assert.equal(second!.phase, 'outcome');
  assert.equal(second!.requestId, first!.requestId);
  const { time: t1, phase: p1, ...intentFields } = first!;
  const { time: t2, phase: p2, outcome: o, status: st, ...outcomeShared } = second!;
  assert.deepEqual(outcomeShared, intentFields, 'the outcome line repeats who and what');
  assert.deepEqual([p1, p2, o, st], ['intent', 'outcome', 'success', 200]);
  assert.ok(Date.parse(String(t1)) <= Date.parse(String(t2)));
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
