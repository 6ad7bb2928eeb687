/**
 * The client's `$batch` change set against its peer, the emulator's batch.ts: several writes in
 * one call, each answer matched to its operation, all or nothing when one fails, and a retry
 * only when every part is a create-only upsert.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { UpstreamClient } from './client.js';
import { changesetRequest, readBatchResponse } from './batch.js';
import { DEMO_IDS } from '../emulator/demo-ids.js';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';

let emu: Emulator;
let client: UpstreamClient;
before(async () => {
  emu = await startEmulator({ port: 0, db: ':memory:', seed: 'demo' });
  client = new UpstreamClient({ baseUrl: emu.url });
});
after(async () => {
  client.close();
  await emu.close();
});

const note = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  method: 'PATCH' as const,
  path: `annotations(${id})?$select=annotationid,notetext`,
  headers: { 'If-None-Match': '*', Prefer: 'return=representation' },
  body: { notetext: text, 'objectid_contact@odata.bind': `/contacts(${DEMO_IDS.contacts.alice})`, ...extra },
});

async function count(): Promise<number> {
  const res = await client.request({ method: 'GET', path: `annotations/$count` });
  return Number(String(res.body).replace(/^\uFEFF/, ''));
}

test('writes every operation in one call and answers each in order', async () => {
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  emu.requestLog.clear();
  const res = await client.changeset(ids.map((id, i) => note(id, `batched ${i}`)));
  assert.equal(emu.requestLog.count(), 1, 'one upstream call');
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.parts.map((p) => [p.status, p.contentId, (p.body as { annotationid: string }).annotationid]),
    ids.map((id, i) => [201, String(i + 1), id]),
  );
  assert.deepEqual(
    res.parts.map((p) => (p.body as { notetext: string }).notetext),
    ['batched 0', 'batched 1', 'batched 2'],
  );
});

test('one failing operation writes none of them and answers with its error alone', async () => {
  const before = await count();
  const res = await client.changeset([
    note(randomUUID(), 'fine'),
    note(randomUUID(), 'refused', { filename: 'tool.exe', documentbody: 'TVo=' }),
  ]);
  assert.equal(res.status, 400);
  assert.equal(res.parts.length, 1);
  assert.ok(res.parts[0]!.status >= 400);
  assert.match(JSON.stringify(res.parts[0]!.body), /error/);
  assert.equal(await count(), before, 'the first operation was rolled back');
});

test('a create-only change set is safe to send again: the second send changes nothing', async () => {
  const id = randomUUID();
  const built = changesetRequest(emu.url, [note(id, 'once')]);
  assert.equal(built.idempotent, true);
  assert.equal(
    changesetRequest(emu.url, [{ method: 'DELETE', path: `annotations(${id})` }]).idempotent,
    false,
  );
  assert.match(
    built.raw.data.toString(),
    new RegExp(`PATCH ${emu.url.replace(/[.?]/g, '\\$&')}annotations\\(${id}\\)`),
  );
  assert.ok(built.raw.data.toString().includes('\r\n'), 'CRLF line ends, as Dataverse requires');
  assert.equal((await client.changeset([note(id, 'once')])).status, 200);
  const again = await client.changeset([note(id, 'twice')]);
  assert.equal(again.parts[0]!.status, 412);
  const read = await client.request({ method: 'GET', path: `annotations(${id})?$select=notetext` });
  assert.equal((read.body as { notetext: string }).notetext, 'once');
});

test('an answer that is not multipart reads as no parts', () => {
  assert.deepEqual(readBatchResponse({ headers: { 'content-type': 'application/json' }, body: '{}' }), []);
  assert.throws(() => changesetRequest(emu.url, []), /at least one/);
  assert.throws(() => changesetRequest(emu.url, [{ method: 'DELETE', path: '/x' }]), /relative/);
});
