/**
 * The notes routes per role: a customer and an agent read the published notes of the cases in
 * their scope and add notes with files; a role without readNotes gets no timeline and 403s, a role
 * with readNotes alone reads but may not add. Paging, authors, file names, download headers, the
 * audit lines and the all-or-nothing change set are checked against the emulator's rows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRegistry } from '../config/index.js';
import { DEMO_IDS, startHarness } from '../testing/proxy-harness.js';
import type { CallOptions, Harness } from '../testing/proxy-harness.js';
import { copySchemas } from '../testing/schema-copies.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAKElEQVR42mO4aGV10cpKO2eDds4GZDYDVtGLVlYMWEWhElhNY6CDHQDa2VGBqGMB2wAAAABJRU5ErkJggg==',
  'base64',
);

let h: Harness;
let aliceCase = '';
let bobCase = '';
let fabrikamCase = '';
let keys = 0;

before(async () => {
  // Two more roles over the customer's scope: one without the notes privileges, one that may only read notes.
  const dir = await copySchemas();
  const file = join(dir, 'access.json');
  const access = JSON.parse(await readFile(file, 'utf8')) as {
    roles: Record<string, { permissions: Array<{ entity: string; privileges: string[] }> }>;
  };
  const customer = access.roles.customer!;
  const without = (drop: string[]) => ({
    ...customer,
    permissions: customer.permissions.map((p) => ({
      ...p,
      privileges: p.privileges.filter((x) => !drop.includes(x)),
    })),
  });
  access.roles.viewer = without(['readNotes', 'addNotes']);
  access.roles.listener = without(['addNotes']);
  await writeFile(file, JSON.stringify(access));
  const loaded = await loadRegistry(dir);
  await rm(dir, { recursive: true, force: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const registry = loaded.registry;
  h = await startHarness({ registry: { current: () => registry } });
  const caseOf = async (note: string) => {
    const res = await fetch(`${h.emulator.url}annotations(${note})?$select=_objectid_value`);
    return String(((await res.json()) as { _objectid_value: string })._objectid_value);
  };
  aliceCase = await caseOf(DEMO_IDS.notes.aliceReply);
  bobCase = await caseOf(DEMO_IDS.notes.bobAnswer);
  fabrikamCase = await caseOf(DEMO_IDS.notes.fabrikamReply);
});
after(async () => {
  await h.close();
});

const as = async (role: 'viewer' | 'listener'): Promise<CallOptions> => ({
  token: await h.token('alice', { portico_role: role }),
});
const notesOf = (caseId: string) => `/api/v1/forms/case-edit/records/${caseId}/notes`;

function upload(text: string, files: Array<{ name: string; type: string; bytes: Buffer | string }> = []) {
  const form = new FormData();
  form.append('text', text);
  for (const f of files)
    form.append(
      'files',
      new Blob([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], { type: f.type }),
      f.name,
    );
  keys += 1;
  return { form, headers: { 'Idempotency-Key': `notes-test-key-${String(keys).padStart(6, '0')}` } };
}

async function annotations(filter = ''): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(
    `${h.emulator.url}annotations?$select=subject,notetext,filename,mimetype,filesize,_objectid_value${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`,
  );
  return ((await res.json()) as { value: Array<Record<string, unknown>> }).value;
}

/** A note as staff write it in Dynamics, straight into the emulator. */
async function staffNote(caseId: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${h.emulator.url}annotations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Prefer: 'return=representation' },
    body: JSON.stringify({ 'objectid_incident@odata.bind': `/incidents(${caseId})`, ...body }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return String(((await res.json()) as { annotationid: string }).annotationid);
}

describe('the timeline per role', () => {
  test('customers and agents get the timeline with its limits; a role without readNotes gets none', async () => {
    for (const user of ['alice', 'vera'] as const) {
      const def = await h.call('GET', '/api/v1/forms/case-edit', { as: user });
      assert.deepEqual(def.body.timeline, {
        pageSize: 10,
        maxLength: 2000,
        canAdd: true,
        attachments: {
          accept: ['.png', '.jpg', '.jpeg', '.gif', '.pdf', '.txt'],
          types: ['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain'],
          maxBytes: 3145728,
          maxFiles: 3,
        },
      });
    }
    const viewer = await h.call('GET', '/api/v1/forms/case-edit', await as('viewer'));
    assert.equal(viewer.status, 200);
    assert.equal(viewer.body.timeline, undefined);
    const listener = await h.call('GET', '/api/v1/forms/case-view', await as('listener'));
    assert.deepEqual(listener.body.timeline, { pageSize: 10, maxLength: 2000, canAdd: false });
  });

  test("a customer's case comes with its published notes only, staff under the display name, the marker stripped", async () => {
    const res = await h.call('GET', `/api/v1/forms/case-edit/records/${aliceCase}`, { as: 'alice' });
    assert.equal(res.status, 200);
    const notes = res.body.notes.value as Array<Record<string, unknown>>;
    assert.deepEqual(
      notes.map((n) => n.id),
      [DEMO_IDS.notes.aliceReply, DEMO_IDS.notes.alicePhoto],
    );
    assert.deepEqual(notes[0]!.author, { name: 'Contoso Support', staff: true });
    assert.equal(notes[0]!.mine, false);
    assert.ok(!String(notes[0]!.text).startsWith('*WEB*'));
    assert.deepEqual(notes[1]!.author, { name: 'Alice Brooks', staff: false });
    assert.equal(notes[1]!.mine, true);
    assert.deepEqual(notes[1]!.attachment, { name: 'display.png', size: 97, type: 'image/png' });
    assert.equal(res.body.notes.next, undefined);
  });

  test("an agent reads the account's case notes with the internal note hidden, and adds one under their name", async () => {
    const res = await h.call('GET', notesOf(fabrikamCase), { as: 'vera' });
    assert.equal(res.status, 200, res.text);
    const ids = (res.body.value as Array<{ id: string }>).map((n) => n.id);
    assert.ok(ids.includes(DEMO_IDS.notes.fabrikamReply));
    assert.ok(!ids.includes(DEMO_IDS.notes.fabrikamInternal));
    const added = await h.call('POST', notesOf(fabrikamCase), {
      as: 'vera',
      ...upload('We have ordered the part.'),
    });
    assert.equal(added.status, 201, added.text);
    const [note] = added.body.value as Array<Record<string, unknown>>;
    assert.equal(note!.text, 'We have ordered the part.');
    assert.deepEqual(note!.author, { name: 'Vera Lindqvist', staff: false });
    assert.equal(note!.mine, true);
    const stored = await annotations(`annotationid eq ${String(note!.id)}`);
    assert.equal(stored[0]!.notetext, '*WEB* We have ordered the part.');
    assert.equal(stored[0]!._objectid_value, fabrikamCase);
    assert.match(String(stored[0]!.subject), /^Vera Lindqvist \(portal\) \[contact:/);
    const again = await h.call('GET', notesOf(fabrikamCase), { as: 'vera' });
    assert.equal((again.body.value as Array<{ id: string }>)[0]!.id, note!.id, 'newest first');
  });

  test("a customer cannot see an agent's account case or its notes", async () => {
    const res = await h.call('GET', notesOf(fabrikamCase), { as: 'alice' });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'PORTICO_RECORD_NOT_FOUND');
  });

  test('a role without readNotes: no notes with the record, 403 on every notes route, nothing written', async () => {
    const opts = await as('viewer');
    const record = await h.call('GET', `/api/v1/forms/case-edit/records/${aliceCase}`, opts);
    assert.equal(record.status, 200);
    assert.equal(record.body.notes, undefined);
    const before = (await annotations()).length;
    const attempts = [
      await h.call('GET', notesOf(aliceCase), opts),
      await h.call('POST', notesOf(aliceCase), { ...opts, ...upload('hello') }),
      await h.call('GET', `${notesOf(aliceCase)}/${DEMO_IDS.notes.alicePhoto}/attachment`, opts),
    ];
    for (const res of attempts) {
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.error.code, 'PORTICO_ACCESS_DENIED');
    }
    assert.equal((await annotations()).length, before);
  });

  test('a role with readNotes but not addNotes reads and downloads, and may not add', async () => {
    const opts = await as('listener');
    assert.equal((await h.call('GET', notesOf(aliceCase), opts)).status, 200);
    const file = await h.call('GET', `${notesOf(aliceCase)}/${DEMO_IDS.notes.alicePhoto}/attachment`, opts);
    assert.equal(file.status, 200);
    const before = (await annotations()).length;
    const refused = await h.call('POST', notesOf(aliceCase), { ...opts, ...upload('hello') });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'PORTICO_ACCESS_DENIED');
    assert.equal((await annotations()).length, before);
  });
});

describe('adding notes', () => {
  test('files: one annotation per file, the first with the text, names cleaned, audited with SHA-256', async () => {
    const text = Buffer.from('Serial: 42\n');
    const sent = upload('Two files.', [
      { name: '../../uploads/ph\u202Eoto.png', type: 'image/png', bytes: PNG },
      { name: 'C:\\Users\\bob\\Bericht über Ärger.txt', type: 'text/plain; charset=utf-8', bytes: text },
    ]);
    const res = await h.call('POST', notesOf(bobCase), { as: 'bob', ...sent });
    assert.equal(res.status, 201, res.text);
    const notes = res.body.value as Array<Record<string, { name: string } | string>>;
    assert.deepEqual(
      notes.map((n) => [n.text, (n.attachment as { name: string }).name]),
      [
        ['Two files.', 'photo.png'],
        ['', 'Bericht über Ärger.txt'],
      ],
    );
    const stored = await annotations(`_objectid_value eq ${bobCase} and filename eq 'photo.png'`);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.filesize, PNG.length);
    const line = h.audit().find((l) => l.operation === 'addNote' && l.id === bobCase);
    assert.deepEqual(line?.files, [
      { name: 'photo.png', size: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex') },
      {
        name: 'Bericht über Ärger.txt',
        size: text.length,
        sha256: createHash('sha256').update(text).digest('hex'),
      },
    ]);
    const download = await h.call('GET', `${notesOf(bobCase)}/${String(notes[1]!.id)}/attachment`, {
      as: 'bob',
    });
    assert.equal(download.status, 200);
    assert.equal(download.text, 'Serial: 42\n');
    assert.equal(download.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(
      download.headers.get('content-disposition'),
      `attachment; filename="Bericht _ber _rger.txt"; filename*=UTF-8''Bericht%20%C3%BCber%20%C3%84rger.txt`,
    );
  });

  test('the largest file the form allows (3 MB) goes in and comes back byte for byte', async () => {
    const big = Buffer.alloc(3145728);
    PNG.copy(big);
    for (let i = PNG.length; i < big.length; i += 1) big[i] = (i * 7919) % 251;
    const res = await h.call('POST', notesOf(aliceCase), {
      as: 'alice',
      ...upload('The full-size screenshot.', [{ name: 'full.png', type: 'image/png', bytes: big }]),
    });
    assert.equal(res.status, 201, res.text);
    const id = String(res.body.value[0].id);
    const file = await fetch(`${h.base}${notesOf(aliceCase)}/${id}/attachment`, {
      headers: { Authorization: `Bearer ${await h.token('alice')}` },
    });
    assert.equal(file.status, 200);
    const back = Buffer.from(await file.arrayBuffer());
    assert.equal(back.length, big.length);
    assert.ok(back.equals(big));
  });

  test('several files are all or nothing: one refused by Dynamics writes none', async () => {
    const org = `${h.emulator.url}organizations(${DEMO_IDS.organization})`;
    const patch = (n: number) =>
      fetch(org, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ maxuploadfilesize: n }),
      });
    assert.equal((await patch(200)).status, 204);
    try {
      const before = (await annotations()).length;
      const res = await h.call('POST', notesOf(aliceCase), {
        as: 'alice',
        ...upload('Too much for this organisation.', [
          { name: 'small.png', type: 'image/png', bytes: PNG },
          { name: 'large.txt', type: 'text/plain', bytes: 'x'.repeat(300) },
        ]),
      });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.error.code, 'PORTICO_UPSTREAM_REJECTED');
      assert.equal((await annotations()).length, before);
    } finally {
      await patch(5_242_880);
    }
  });

  test('an upload whose sender goes away halfway writes nothing and is audited as refused', async () => {
    const before = (await annotations()).length;
    const url = new URL(h.base);
    const boundary = 'aborted-upload-boundary';
    const head = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="text"',
      '',
      'half',
      `--${boundary}`,
      'Content-Disposition: form-data; name="files"; filename="half.png"',
      'Content-Type: image/png',
      '',
      '',
    ].join('\r\n');
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      [
        `POST ${notesOf(aliceCase)} HTTP/1.1`,
        `Host: ${url.host}`,
        `Authorization: Bearer ${await h.token('alice')}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        'Content-Length: 100000',
        'Idempotency-Key: aborted-upload-key-0001',
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(Buffer.concat([Buffer.from(head), PNG]));
    await sleep(100);
    socket.destroy();
    await sleep(200);
    assert.equal((await annotations()).length, before);
    const line = h.audit().find((l) => l.operation === 'addNote' && l.status === 400);
    assert.equal(line?.code, 'PORTICO_BODY_MALFORMED');
  });

  test('older pages continue where the last ended, newest first, without repeats', async () => {
    for (let i = 0; i < 12; i += 1) {
      const res = await h.call('POST', notesOf(fabrikamCase), { as: 'vera', ...upload(`Page note ${i}`) });
      assert.equal(res.status, 201, res.text);
    }
    const seen: Array<{ id: string; createdOn: string }> = [];
    const first = await h.call('GET', `/api/v1/forms/case-edit/records/${fabrikamCase}`, { as: 'vera' });
    let page = first.body.notes as { value: Array<{ id: string; createdOn: string }>; next?: string };
    assert.equal(page.value.length, 10);
    for (;;) {
      seen.push(...page.value);
      if (!page.next) break;
      const res = await h.call('GET', `${notesOf(fabrikamCase)}?before=${encodeURIComponent(page.next)}`, {
        as: 'vera',
      });
      assert.equal(res.status, 200, res.text);
      page = res.body;
    }
    const published = await annotations(
      `_objectid_value eq ${fabrikamCase} and startswith(notetext,'*WEB*')`,
    );
    assert.equal(seen.length, published.length);
    assert.equal(new Set(seen.map((n) => n.id)).size, seen.length);
    const times = seen.map((n) => n.createdOn);
    assert.deepEqual(times, [...times].sort().reverse());
    // A cursor is Vera's for this case: Alice may not use it, nor may it page another case.
    const cursor = first.body.notes.next as string;
    const other = await h.call('GET', `${notesOf(aliceCase)}?before=${encodeURIComponent(cursor)}`, {
      as: 'vera',
    });
    assert.equal(other.body.error.code, 'PORTICO_CURSOR_INVALID');
  });
});

describe('downloads', () => {
  test('a staff attachment of a type the form does not allow is served as octet-stream, never inline', async () => {
    const html = await staffNote(aliceCase, {
      notetext: '*WEB* The page you asked about.',
      filename: 'page.html',
      mimetype: 'text/html',
      documentbody: Buffer.from('<script>alert(1)</script>').toString('base64'),
    });
    const disguised = await staffNote(aliceCase, {
      notetext: '*WEB* A drawing.',
      filename: 'drawing.png',
      mimetype: 'image/svg+xml',
      documentbody: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString(
        'base64',
      ),
    });
    const lying = await staffNote(aliceCase, {
      notetext: '*WEB* Says PNG, is not.',
      filename: 'photo.png',
      mimetype: 'image/png',
      documentbody: Buffer.from('<html>not a png</html>').toString('base64'),
    });
    for (const [id, name] of [
      [html, 'page.html'],
      [disguised, 'drawing.png'],
      [lying, 'photo.png'],
    ] as const) {
      const res = await h.call('GET', `${notesOf(aliceCase)}/${id}/attachment`, { as: 'alice' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/octet-stream', name);
      assert.equal(
        res.headers.get('content-disposition'),
        `attachment; filename="${name}"; filename*=UTF-8''${name}`,
      );
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('content-security-policy'), "sandbox; default-src 'none'");
    }
    const png = await h.call('GET', `${notesOf(aliceCase)}/${DEMO_IDS.notes.alicePhoto}/attachment`, {
      as: 'alice',
    });
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal(png.headers.get('content-length'), '97');
  });
});
