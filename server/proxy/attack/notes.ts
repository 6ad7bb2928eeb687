/**
 * Notes attacks: other users' notes and files by id, a staff note kept internal, notes on cases
 * out of scope, and uploads that lie — blocked extensions, content that is not its type, HTML and
 * SVG, path traversal and control or bidi characters in file names, too many or too large files,
 * a truncated body. Each is refused and Dataverse sees no write (notes.test.ts also counts the
 * stored annotations).
 */
import { DEMO_IDS } from '../../testing/proxy-harness.js';
import type { CallOptions } from '../../testing/proxy-harness.js';
import { aliceCase, bobCase, noteCases, northwindCase, veraCase } from './support.js';
import type { Attack } from './support.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAKElEQVR42mO4aGV10cpKO2eDds4GZDYDVtGLVlYMWEWhElhNY6CDHQDa2VGBqGMB2wAAAABJRU5ErkJggg==',
  'base64',
);

let keys = 0;
/** A fresh Idempotency-Key per attack, so no attack is answered as another's replay. */
const key = () => ({ 'Idempotency-Key': `attack-note-key-${String((keys += 1)).padStart(4, '0')}` });

/** A multipart note from `user` with `text` and these files. */
function note(
  user: 'alice' | 'bob' | 'vera',
  text: string | undefined,
  files: ReadonlyArray<{ name: string; type: string; bytes: Buffer | string }>,
): () => Promise<CallOptions> {
  return () => {
    const form = new FormData();
    if (text !== undefined) form.append('text', text);
    for (const f of files)
      form.append(
        'files',
        new Blob([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], { type: f.type }),
        f.name,
      );
    return Promise.resolve({ as: user, form, headers: key() });
  };
}

const notes = (id: () => string) => () => `/api/v1/forms/case-edit/records/${id()}/notes`;
const file = (id: () => string, noteId: string) => () =>
  `/api/v1/forms/case-edit/records/${id()}/notes/${noteId}/attachment`;
const refusedFile = (name: string, type: string, bytes: Buffer | string): Attack => ({
  name: `a note with the file ${JSON.stringify(name)} (${type})`,
  method: 'POST',
  path: notes(() => aliceCase.id),
  options: note('alice', 'see attached', [{ name, type, bytes }]),
  status: 400,
  code: 'PORTICO_VALIDATION_FAILED',
});

const BOUNDARY = 'attack-boundary-0123';
const TRUNCATED = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="text"',
  '',
  'cut short',
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="files"; filename="half.png"',
  'Content-Type: image/png',
  '',
  PNG.subarray(0, 40).toString('latin1'),
].join('\r\n');

export const noteAttacks: Attack[] = [
  {
    name: "read another customer's case notes",
    method: 'GET',
    path: notes(() => bobCase.id),
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: "download another customer's attachment through their case",
    method: 'GET',
    path: file(() => noteCases.bob, DEMO_IDS.notes.bobAnswer),
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: "download another customer's attachment by its id through one's own case",
    method: 'GET',
    path: file(() => noteCases.alice, DEMO_IDS.notes.bobAnswer),
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_NOTE_NOT_FOUND',
  },
  {
    name: "an agent downloads another account's attachment",
    method: 'GET',
    path: file(() => noteCases.bob, DEMO_IDS.notes.bobAnswer),
    options: { as: 'vera' },
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: 'a staff note kept internal, by its id, on one’s own case',
    method: 'GET',
    path: file(() => noteCases.alice, DEMO_IDS.notes.aliceInternal),
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_NOTE_NOT_FOUND',
  },
  {
    name: 'a published note without a file, as an attachment',
    method: 'GET',
    path: file(() => noteCases.alice, DEMO_IDS.notes.aliceReply),
    options: { as: 'alice' },
    status: 404,
    code: 'PORTICO_NOTE_NOT_FOUND',
  },
  {
    name: 'an older page with a forged cursor',
    method: 'GET',
    path: () => `${notes(() => noteCases.alice)()}?before=c1.forged.1.${'A'.repeat(43)}`,
    options: { as: 'alice' },
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  },
  {
    name: 'an older page with the cursor given twice',
    method: 'GET',
    path: () => `${notes(() => noteCases.alice)()}?before=a&before=b`,
    options: { as: 'alice' },
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  },
  {
    name: "a note on another customer's case",
    method: 'POST',
    path: notes(() => bobCase.id),
    options: note('alice', 'let me in', []),
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: "a note on another customer's case with one's own version token",
    method: 'POST',
    path: notes(() => bobCase.id),
    options: async () => ({
      ...(await note('alice', 'let me in', [])()),
      headers: { ...key(), 'If-Match': aliceCase.etag },
    }),
    status: 412,
    code: 'PORTICO_ETAG_INVALID',
  },
  {
    name: "an agent's note on another account's case",
    method: 'POST',
    path: notes(() => northwindCase),
    options: note('vera', 'let me in', []),
    status: 404,
    code: 'PORTICO_RECORD_NOT_FOUND',
  },
  {
    name: 'a note without an Idempotency-Key',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: async () => ({ ...(await note('alice', 'no key', [])()), headers: {} }),
    status: 400,
    code: 'PORTICO_IDEMPOTENCY_KEY_INVALID',
  },
  {
    name: 'a note sent as JSON',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: () => Promise.resolve({ as: 'alice', body: { text: 'json' }, headers: key() }),
    status: 415,
    code: 'PORTICO_CONTENT_TYPE_UNSUPPORTED',
  },
  {
    name: 'a note with neither text nor files',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: note('alice', '   ', []),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: 'a note longer than the form allows',
    method: 'POST',
    path: notes(() => veraCase.id),
    options: note('vera', 'x'.repeat(2001), []),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  refusedFile('report.exe', 'application/octet-stream', 'MZ\x90\x00'),
  refusedFile('REPORT.EXE', 'application/x-msdownload', 'MZ\x90\x00'),
  refusedFile('photo.png', 'image/png', 'this is not a PNG image at all'),
  refusedFile('photo.png', 'text/html', PNG),
  refusedFile('invoice.pdf', 'application/pdf', PNG),
  refusedFile('notes.txt', 'text/plain', Buffer.from([0x68, 0x69, 0x00, 0x01])),
  refusedFile('page.html', 'text/html', '<script>alert(1)</script>'),
  refusedFile('drawing.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  refusedFile('page.png.html', 'text/html', '<script>alert(1)</script>'),
  refusedFile('../../../../etc/cron.d/job', 'text/plain', '* * * * * root sh'),
  refusedFile('..\\..\\Windows\\System32\\evil.dll', 'application/octet-stream', 'MZ'),
  refusedFile('invoice\u202Efdp.exe', 'application/pdf', '%PDF-1.4'),
  {
    // A NUL cannot be in a header: the part itself is malformed, before its name is read.
    ...refusedFile('photo\u0000.png.exe', 'image/png', PNG),
    code: 'PORTICO_BODY_MALFORMED',
  },
  refusedFile('', 'image/png', PNG),
  {
    name: 'a note with more files than the form allows',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: note(
      'alice',
      'four',
      [1, 2, 3, 4].map((i) => ({ name: `p${i}.png`, type: 'image/png', bytes: PNG })),
    ),
    status: 400,
    code: 'PORTICO_VALIDATION_FAILED',
  },
  {
    name: 'a file one byte over the size limit',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: note('alice', 'big', [
      {
        name: 'big.png',
        type: 'image/png',
        bytes: Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024 + 1 - PNG.length)]),
      },
    ]),
    status: 413,
    code: 'PORTICO_UPLOAD_TOO_LARGE',
  },
  {
    name: 'an upload whose Content-Length is beyond any note',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: () =>
      Promise.resolve({
        as: 'alice',
        rawBody: new Blob([Buffer.alloc(10 * 1024 * 1024)]),
        headers: { ...key(), 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      }),
    status: 413,
    code: 'PORTICO_UPLOAD_TOO_LARGE',
  },
  {
    name: 'a truncated upload (the body ends inside a file)',
    method: 'POST',
    path: notes(() => aliceCase.id),
    options: () =>
      Promise.resolve({
        as: 'alice',
        rawBody: new Blob([Buffer.from(TRUNCATED, 'latin1')]),
        headers: { ...key(), 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      }),
    status: 400,
    code: 'PORTICO_BODY_MALFORMED',
  },
];
