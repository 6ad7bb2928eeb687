/** File names, download headers and content signatures of attachments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_TYPES, base64Length, extensionOf, largestFileFor } from '../../shared/attachments.js';
import type { CompiledTimeline } from '../../config/types.js';
import { contentDisposition, safeFileName, servedType } from './files.js';

test('a file name keeps only its last path part, without control, bidi or zero-width characters', () => {
  const cases: Array<[string, string]> = [
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\System32\\evil.dll', 'evil.dll'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['re\u200Bport\u2066.pdf', 'report.pdf'],
    ['bell\u0007\u001b[31m.txt', 'bell[31m.txt'],
    ['..hidden.png', 'hidden.png'],
    ['a"b<c>d|e?.png', 'a_b_c_d_e_.png'],
    ['', 'file'],
    ['///', 'file'],
    [`${'x'.repeat(300)}.png`, `${'x'.repeat(196)}.png`],
  ];
  for (const [raw, clean] of cases) assert.equal(safeFileName(raw), clean, JSON.stringify(raw));
});

test('Content-Disposition is always attachment, with an ASCII fallback and the RFC 5987 UTF-8 name', () => {
  assert.equal(
    contentDisposition('Grüße "final" (2).pdf'),
    `attachment; filename="Gr__e _final_ (2).pdf"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20_final_%20%282%29.pdf`,
  );
  assert.equal(
    contentDisposition('../x\r\nSet-Cookie: a=b.txt'),
    `attachment; filename="xSet-Cookie_ a=b.txt"; filename*=UTF-8''xSet-Cookie_%20a%3Db.txt`,
  );
});

test('content signatures: each allowed type recognises its own files and no other', () => {
  const samples: Record<string, Uint8Array> = {
    'image/png': Buffer.from('89504e470d0a1a0a0000', 'hex'),
    'image/jpeg': Buffer.from('ffd8ffe000104a464946', 'hex'),
    'image/gif': Buffer.from('GIF89a\x01\x00', 'latin1'),
    'application/pdf': Buffer.from('%PDF-1.7\n'),
    'text/plain': Buffer.from('Grüße\n'),
  };
  for (const [type, bytes] of Object.entries(samples)) {
    for (const [other, rule] of Object.entries(FILE_TYPES)) {
      // Every binary signature starts with a byte that is not plain text, except PDF's, which is text.
      const expected = other === type || (other === 'text/plain' && type === 'application/pdf');
      assert.equal(rule.matches(bytes), expected, `${other} on a ${type} sample`);
    }
  }
  assert.equal(FILE_TYPES['text/plain']!.matches(Buffer.from([0x61, 0x00])), false, 'NUL');
  assert.equal(FILE_TYPES['text/plain']!.matches(Buffer.from([0xc3, 0x28])), false, 'invalid UTF-8');
  assert.equal(FILE_TYPES['image/png']!.matches(Buffer.from('89504e47', 'hex')), false, 'cut short');
});

test('sizes: Base64 length and the largest file that fits a limit', () => {
  assert.equal(base64Length(3), 4);
  assert.equal(base64Length(4), 8);
  assert.equal(largestFileFor(5_242_880), 3_932_160);
  assert.ok(base64Length(largestFileFor(5_242_880)) <= 5_242_880);
  assert.equal(extensionOf('a.B.PNG'), '.png');
  assert.equal(extensionOf('.env'), '');
  assert.equal(extensionOf('noext'), '');
});

test('a download is served as an allowed type only when name, stored type and content agree', () => {
  const t = {
    allowedTypes: [
      { extension: '.png', type: 'image/png' },
      { extension: '.txt', type: 'text/plain' },
    ],
  } as unknown as CompiledTimeline;
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  assert.equal(servedType(t, 'a.png', 'image/png', png), 'image/png');
  assert.equal(servedType(t, 'a.txt', 'text/plain', Buffer.from('hi')), 'text/plain; charset=utf-8');
  assert.equal(servedType(t, 'a.png', 'text/html', png), 'application/octet-stream');
  assert.equal(servedType(t, 'a.svg', 'image/png', png), 'application/octet-stream');
  assert.equal(servedType(t, 'a.png', 'image/png', Buffer.from('<svg/>')), 'application/octet-stream');
  assert.equal(servedType(t, 'a.html', 'text/html', Buffer.from('<p>')), 'application/octet-stream');
});
