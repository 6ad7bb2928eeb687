/**
 * Notes attacks (notes.ts), with the stored annotations counted around them, and the replays of
 * an Idempotency-Key, which are answered (201) but write nothing new.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAttackGroup } from './groups.js';
import { aliceCase, h, useAttackHarness } from './support.js';

useAttackHarness();

async function annotations(): Promise<number> {
  const res = await fetch(`${h.emulator.url}annotations/$count`);
  return Number((await res.text()).replace(/^\uFEFF/, ''));
}

let before0 = 0;
test('the emulator holds the seeded annotations before the attacks', async () => {
  before0 = await annotations();
  assert.ok(before0 > 0);
});

runAttackGroup('notes');

test('after every attack the emulator holds exactly the annotations it held before', async () => {
  assert.equal(await annotations(), before0);
});

test('a replayed Idempotency-Key writes nothing new, even with another body, and answers with the first notes', async () => {
  const path = `/api/v1/forms/case-edit/records/${aliceCase.id}/notes`;
  const send = (text: string) => {
    const form = new FormData();
    form.append('text', text);
    return h.call('POST', path, {
      as: 'alice',
      form,
      headers: { 'Idempotency-Key': 'replayed-note-key-0001' },
    });
  };
  const first = await send('The first words.');
  assert.equal(first.status, 201, first.text);
  const count = await annotations();
  for (const text of ['The first words.', 'Different words the second time.']) {
    const again = await send(text);
    assert.equal(again.status, 201, again.text);
    assert.deepEqual(again.body, first.body);
  }
  assert.equal(await annotations(), count);
  const replays = h.audit().filter((l) => l.operation === 'addNote' && l.replay === true);
  assert.equal(replays.length, 2);
  // Another user's equal key is another user's draft: it cannot reach Alice's notes.
  const bobForm = new FormData();
  bobForm.append('text', 'Bob with the same key');
  const bob = await h.call('POST', path, {
    as: 'bob',
    form: bobForm,
    headers: { 'Idempotency-Key': 'replayed-note-key-0001' },
  });
  assert.equal(bob.status, 404);
  assert.equal(await annotations(), count);
});
