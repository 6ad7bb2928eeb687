/**
 * Idempotency-Key on create: a resend with the same key returns the first record, never a second
 * one; keys are per user; a malformed key is refused before anything is written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { idempotentIds } from './idempotency.js';
import { PorticoError } from './errors.js';
import { startHarness } from '../testing/proxy-harness.js';
import type { Harness } from '../testing/proxy-harness.js';

const newKey = (): string => randomUUID().replace(/-/g, '');

describe('idempotentIds', () => {
  const ids = idempotentIds('signing-secret-for-tests-0123456789abcdef');

  test('the same user, form and key always give the same UUID; any difference gives another', () => {
    const key = newKey();
    const id = ids.recordId('alice', 'case-create', key);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(ids.recordId('alice', 'case-create', key), id);
    assert.notEqual(ids.recordId('bob', 'case-create', key), id);
    assert.notEqual(ids.recordId('alice', 'contact-agent', key), id);
    assert.notEqual(ids.recordId('alice', 'case-create', newKey()), id);
    // Parts cannot be shifted into each other.
    assert.notEqual(ids.recordId('a"', 'b', key), ids.recordId('a', '"b', key));
  });

  test("a note's ids: one per file, stable for the same user, form, case and key, never a record's id", () => {
    const key = newKey();
    const caseId = randomUUID();
    const notes = ids.noteIds('alice', 'case-edit', caseId, key, 3);
    assert.equal(new Set(notes).size, 3);
    assert.deepEqual(ids.noteIds('alice', 'case-edit', caseId, key, 3), notes);
    assert.deepEqual(ids.noteIds('alice', 'case-edit', caseId, key, 1), notes.slice(0, 1));
    assert.notDeepEqual(ids.noteIds('bob', 'case-edit', caseId, key, 1), notes.slice(0, 1));
    assert.notDeepEqual(ids.noteIds('alice', 'case-edit', randomUUID(), key, 1), notes.slice(0, 1));
    assert.ok(!notes.includes(ids.recordId('alice', 'case-edit', key)));
  });

  test('another signing secret gives other ids, so ids cannot be predicted from a key', () => {
    const key = newKey();
    assert.notEqual(
      idempotentIds('another-secret-0123456789abcdef0123').recordId('alice', 'case-create', key),
      ids.recordId('alice', 'case-create', key),
    );
  });

  test('accepts 16–128 of [A-Za-z0-9_-]; refuses anything else with PORTICO_IDEMPOTENCY_KEY_INVALID', () => {
    assert.equal(ids.keyOf(undefined), undefined);
    for (const ok of ['a'.repeat(16), 'A-b_9'.repeat(25) + 'abc', newKey()]) assert.equal(ids.keyOf(ok), ok);
    for (const bad of [
      '',
      'short',
      'a'.repeat(15),
      'a'.repeat(129),
      `${'a'.repeat(16)} `,
      `${'a'.repeat(16)}.`,
      'ä'.repeat(16),
      `${newKey()}, ${newKey()}`,
      [newKey(), newKey()],
    ]) {
      assert.throws(
        () => ids.keyOf(bad),
        (e: unknown) =>
          e instanceof PorticoError && e.code === 'PORTICO_IDEMPOTENCY_KEY_INVALID' && e.status === 400,
        JSON.stringify(bad),
      );
    }
  });

  test('refuses a missing signing secret at construction', () => {
    assert.throws(() => idempotentIds(''), /signingSecret/);
  });
});

describe('POST /forms/:formId/records with Idempotency-Key', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const create = (as: 'alice' | 'bob', title: string, key?: string) =>
    h.call('POST', '/api/v1/forms/case-create/records', {
      as,
      headers: key === undefined ? {} : { 'Idempotency-Key': key },
      body: { values: { title, casetypecode: 3, prioritycode: 2, description: 'Idempotency test' } },
    });
  const titled = async (as: 'alice' | 'bob', title: string): Promise<string[]> => {
    const res = await h.call('GET', `/api/v1/lists/my-cases/records?search=${encodeURIComponent(title)}`, {
      as,
    });
    assert.equal(res.status, 200, res.text);
    return (res.body.rows as Array<{ id: string }>).map((r) => r.id);
  };

  test('the same key twice creates one record and returns the same id both times', async () => {
    const key = newKey();
    const title = `Idem once ${key.slice(0, 8)}`;
    const first = await create('bob', title, key);
    assert.equal(first.status, 201, first.text);
    const again = await create('bob', `${title} (edited before resend)`, key);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.body.id, first.body.id);
    // The resend answers with the record the first send created; its own body is not applied.
    assert.equal(again.body.values.title, title);
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.deepEqual(await titled('bob', title), [first.body.id]);
    // The audit trail tells the two apart: one create wrote its fields, the resend wrote nothing.
    const lines = h.audit().filter((e) => e.id === first.body.id && e.operation === 'create');
    assert.deepEqual(
      lines.map((e) => [e.outcome, e.replay ?? false, (e.fields as string[]).length > 0]),
      [
        ['success', false, true],
        ['success', true, false],
      ],
    );
  });

  test('without a key, two sends are two records (the key is what makes a resend recognisable)', async () => {
    const title = `Idem none ${newKey().slice(0, 8)}`;
    const a = await create('bob', title);
    const b = await create('bob', title);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
    assert.equal((await titled('bob', title)).length, 2);
  });

  test('two users with the same key get two records', async () => {
    const key = newKey();
    const title = `Idem users ${key.slice(0, 8)}`;
    const alice = await create('alice', title, key);
    const bob = await create('bob', title, key);
    assert.equal(alice.status, 201, alice.text);
    assert.equal(bob.status, 201, bob.text);
    assert.notEqual(alice.body.id, bob.body.id);
    assert.deepEqual(await titled('alice', title), [alice.body.id]);
    assert.deepEqual(await titled('bob', title), [bob.body.id]);
  });

  test('a malformed key is refused with 400 PORTICO_IDEMPOTENCY_KEY_INVALID and nothing is written', async () => {
    for (const bad of ['too-short', 'x'.repeat(129), 'has space in it 123', '../../etc/passwd-000']) {
      h.emulator.requestLog.clear();
      const res = await create('bob', 'Never written', bad);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.code, 'PORTICO_IDEMPOTENCY_KEY_INVALID');
      assert.equal(h.upstreamWrites(), 0, bad);
    }
    assert.deepEqual(await titled('bob', 'Never written'), []);
  });

  test('a resend after the answer was lost yields the record the first send created, not a second', async () => {
    // The first create is committed in Dataverse but the connection drops before the answer
    // (the emulator resets it after commit; retries are off so Portico gives up): the browser
    // sees a failure and resends with the same key.
    const lossy = await startHarness({ upstreamMaxRetries: 0 });
    try {
      const key = newKey();
      const title = `Idem lost ${key.slice(0, 8)}`;
      const send = () =>
        lossy.call('POST', '/api/v1/forms/case-create/records', {
          as: 'bob',
          headers: { 'Idempotency-Key': key },
          body: { values: { title, casetypecode: 3, prioritycode: 2, description: 'Lost answer' } },
        });
      lossy.emulator.faults.inject({
        match: { method: 'PATCH', path: /incidents/ },
        resetConnection: 'afterCommit',
      });
      const lost = await send();
      assert.ok(lost.status >= 500, `the first answer is a failure (${lost.status})`);
      const resend = await send();
      assert.equal(resend.status, 201, resend.text);
      assert.equal(resend.body.values.title, title);
      const list = await lossy.call(
        'GET',
        `/api/v1/lists/my-cases/records?search=${encodeURIComponent(title)}`,
        {
          as: 'bob',
        },
      );
      assert.deepEqual(
        (list.body.rows as Array<{ id: string }>).map((r) => r.id),
        [resend.body.id],
      );
    } finally {
      await lossy.close();
    }
  });
});
