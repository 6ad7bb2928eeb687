/** $batch over HTTP: change sets, Content-ID references, continue-on-error and malformed bodies. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS } from './demo-ids.js';
import { call, useEmulator } from '../testing/emulator-harness.js';

const ctx = useEmulator();

function part(
  method: string,
  url: string,
  body?: unknown,
  contentId?: number,
  headers: string[] = [],
): string {
  return [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId !== undefined ? [`Content-ID: ${contentId}`] : []),
    '',
    `${method} ${url} HTTP/1.1`,
    ...(body !== undefined ? ['Content-Type: application/json; type=entry'] : ['Accept: application/json']),
    ...headers,
    '',
    body !== undefined ? JSON.stringify(body) : '',
  ].join('\r\n');
}

function batch(items: (string | string[])[]): string {
  const out: string[] = [];
  items.forEach((item, i) => {
    if (typeof item === 'string') out.push(`--batch_x\r\n${item}`);
    else {
      const cs = `changeset_${i}`;
      out.push(
        `--batch_x\r\nContent-Type: multipart/mixed; boundary=${cs}\r\n\r\n${item.map((p) => `--${cs}\r\n${p}`).join('\r\n')}\r\n--${cs}--`,
      );
    }
  });
  return `${out.join('\r\n')}\r\n--batch_x--\r\n`;
}

const post = (body: string, prefer?: string) =>
  call(ctx.emu, 'POST', '$batch', {
    raw: body,
    headers: { 'Content-Type': 'multipart/mixed; boundary=batch_x', ...(prefer ? { Prefer: prefer } : {}) },
  });

const countByLastname = async (name: string) =>
  (await call(ctx.emu, 'GET', `contacts?$select=lastname&$filter=lastname eq '${name}'`)).json[
    'value'
  ] as unknown[];

describe('$batch', () => {
  it('runs a change set with a Content-ID reference and answers in batchresponse/changesetresponse parts', async () => {
    const r = await post(
      batch([
        [
          part('POST', `${ctx.emu.url}contacts`, { lastname: 'CsParent' }, 1),
          part(
            'POST',
            '/api/data/v9.2/incidents',
            { title: 'From batch', 'customerid_contact@odata.bind': '$1' },
            2,
          ),
          part('PATCH', '$1', { jobtitle: 'Batch updated' }, 3),
        ],
        part('GET', `contacts?$select=jobtitle&$filter=${encodeURIComponent("lastname eq 'CsParent'")}`),
      ]),
    );
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type')!, /^multipart\/mixed; boundary=batchresponse_[0-9a-f-]{36}$/);
    assert.ok(r.text.startsWith('--batchresponse_'), 'the body begins with the boundary line');
    assert.match(
      r.text,
      /--changesetresponse_[0-9a-f-]{36}\r\nContent-Type: application\/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\nHTTP\/1.1 204 No Content\r\n/,
    );
    assert.match(
      r.text,
      /OData-EntityId: http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/contacts\([0-9a-f-]{36}\)/,
    );
    assert.match(r.text, /"jobtitle":"Batch updated"/);
    const cases = (
      await call(ctx.emu, 'GET', `incidents?$select=title&$filter=customerid_contact/lastname eq 'CsParent'`)
    ).json['value'] as unknown[];
    assert.equal(cases.length, 1);
  });

  it('rolls back the whole change set when one request fails and stops without continue-on-error', async () => {
    const r = await post(
      batch([
        [
          part('POST', 'contacts', { lastname: 'Atomic' }, 1),
          part('POST', 'contacts', { lastname: 'Atomic', preferredcontactmethodcode: 99 }, 2),
        ],
        part('GET', 'WhoAmI'),
      ]),
    );
    assert.equal(r.status, 400);
    assert.match(r.text, /HTTP\/1.1 400 Bad Request/);
    assert.match(r.text, /0x8004431A/);
    assert.match(r.text, /REQ_ID: [0-9a-f-]{36}/);
    assert.doesNotMatch(r.text, /WhoAmIResponse/, 'processing stopped at the failure');
    assert.equal((await countByLastname('Atomic')).length, 0);
  });

  it('continues after a failure with odata.continue-on-error', async () => {
    const r = await post(
      batch([
        part('GET', 'contacts(0d000000-0000-4000-8000-0000000000ff)'),
        [part('POST', 'contacts', { lastname: 'Continued' }, 1)],
        part('GET', 'WhoAmI'),
      ]),
      'odata.continue-on-error',
    );
    assert.equal(r.status, 200);
    assert.match(r.text, /HTTP\/1.1 404 Not Found/);
    assert.match(r.text, /WhoAmIResponse/);
    assert.equal((await countByLastname('Continued')).length, 1);
  });

  it('refuses forward Content-ID references, GET in a change set, LF-only bodies and a missing boundary', async () => {
    const forward = await post(
      batch([
        [
          part('POST', 'incidents', { title: 'x', 'customerid_contact@odata.bind': '$2' }, 1),
          part('POST', 'contacts', { lastname: 'Later' }, 2),
        ],
      ]),
    );
    assert.equal(forward.status, 400);
    assert.match(forward.text, /Content-ID Reference: '\$2' does not exist in the batch context\./);
    assert.equal((await countByLastname('Later')).length, 0);
    const get = await post(batch([[part('GET', 'WhoAmI', undefined, 1)]]));
    assert.equal(get.status, 400);
    const lf = await post(batch([part('GET', 'WhoAmI')]).replace(/\r\n/g, '\n'));
    assert.equal(lf.status, 400);
    assert.match(lf.text, /Stream was not readable/);
    const noBoundary = await call(ctx.emu, 'POST', '$batch', {
      raw: 'x',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(noBoundary.status, 400);
    assert.equal(
      (await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})?$select=fullname`)).status,
      200,
    );
  });
});
