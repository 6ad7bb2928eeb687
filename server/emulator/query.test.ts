/** Table queries over HTTP: $select, $filter, $orderby, $top, $count, paging and annotations. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_IDS } from './demo-ids.js';
import { call, err, rows, useEmulator } from '../testing/emulator-harness.js';

const ctx = useEmulator();
const q = (path: string, headers: Record<string, string> = {}) => call(ctx.emu, 'GET', path, { headers });
const enc = encodeURIComponent;

describe('$filter', () => {
  it('compares strings case-insensitively and doubles quotes inside literals', async () => {
    const r = await q(
      `contacts?$select=fullname&$filter=${enc("emailaddress1 eq 'ALICE@FABRIKAM.EXAMPLE'")}`,
    );
    assert.deepEqual(
      rows(r).map((x) => x['fullname']),
      ['Alice Brooks'],
    );
    await call(ctx.emu, 'POST', 'contacts', { body: { firstname: 'Sean', lastname: "O'Bryan" } });
    const quoted = await q(`contacts?$select=lastname&$filter=${enc("lastname eq 'O''Bryan'")}`);
    assert.deepEqual(
      rows(quoted).map((x) => x['lastname']),
      ["O'Bryan"],
    );
  });

  it('reports an unterminated literal and syntax errors with the documented envelope', async () => {
    const r = await q(`contacts?$filter=${enc("lastname eq 'O'Bryan'")}`);
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      error: {
        code: '0x80060888',
        message: "There is an unterminated literal at position 21 in 'lastname eq 'O'Bryan''.",
      },
    });
    const syntax = await q(`contacts?$filter=${enc('lastname eq')}`);
    assert.equal(syntax.status, 400);
    assert.match(err(syntax).message, /Syntax error at position 11/);
  });

  it('takes GUIDs unquoted and refuses quoted ones as Edm.String', async () => {
    const r = await q(`incidents?$select=title&$filter=_customerid_value eq ${DEMO_IDS.contacts.bob}`);
    assert.ok(rows(r).length >= 8);
    const quoted = await q(`incidents?$filter=${enc(`_customerid_value eq '${DEMO_IDS.contacts.bob}'`)}`);
    assert.equal(quoted.status, 400);
    assert.equal(
      err(quoted).message,
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.",
    );
  });

  it('supports contains/startswith/endswith, not, and/or and parentheses', async () => {
    const all = rows(await q('contacts?$select=lastname,firstname'));
    const r = rows(
      await q(
        `contacts?$select=lastname&$filter=${enc("startswith(lastname,'b') or (contains(firstname,'LIC') and not endswith(lastname,'z'))")}`,
      ),
    );
    const expected = all.filter((c) => {
      const last = String(c['lastname'] ?? '').toLowerCase();
      const first = String(c['firstname'] ?? '').toLowerCase();
      return last.startsWith('b') || (first.includes('lic') && !last.endsWith('z'));
    });
    assert.equal(r.length, expected.length);
    assert.ok(r.length > 0);
  });

  it('gives contains/startswith/endswith SQL Server LIKE semantics: brackets escape and make classes', async () => {
    // Dataverse passes these values to SQL Server LIKE, so [%] is a literal %, [ab] a class.
    const names = [
      'Wild 50% off',
      'Wild 500 units',
      'Wild snake_case',
      'Wild snakeXcase',
      'Wild [draft]',
      'Wild draft',
    ];
    for (const lastname of names) {
      const created = await call(ctx.emu, 'POST', 'contacts', { body: { firstname: 'Like', lastname } });
      assert.equal(created.status, 204);
    }
    const find = async (fn: string) =>
      rows(await q(`contacts?$select=lastname&$filter=${enc(`startswith(lastname,'Wild ') and ${fn}`)}`))
        .map((x) => String(x['lastname']))
        .sort();
    assert.deepEqual(await find("contains(lastname,'50[%]')"), ['Wild 50% off']);
    assert.deepEqual(await find("contains(lastname,'50%')"), ['Wild 50% off', 'Wild 500 units']);
    assert.deepEqual(await find("contains(lastname,'[_]')"), ['Wild snake_case']);
    assert.deepEqual(await find("contains(lastname,'snake_case')"), ['Wild snakeXcase', 'Wild snake_case']);
    assert.deepEqual(await find("contains(lastname,'[[]')"), ['Wild [draft]']);
    assert.deepEqual(await find("endswith(lastname,'[[]DRAFT]')"), ['Wild [draft]']);
    assert.deepEqual(await find("contains(lastname,'snake[xy]')"), ['Wild snakeXcase']);
    assert.deepEqual(await find("contains(lastname,'d [a-c]')"), []);
    assert.deepEqual(await find("endswith(lastname,' [^[]raft')"), ['Wild draft']);
    assert.deepEqual(await find("not contains(lastname,'[0-9]')").then((r) => r.length), names.length - 2);
    // A lone [ is literal rather than an error, and RegExp syntax in the value means nothing.
    assert.deepEqual(await find("contains(lastname,'[dr')"), ['Wild [draft]']);
    assert.deepEqual(await find("contains(lastname,'.*[(]')"), []);
  });

  it('filters through a lookup to the related row', async () => {
    const r = rows(
      await q(`incidents?$select=title&$filter=${enc("primarycontactid/fullname eq 'Alice Brooks'")}`),
    );
    const direct = rows(
      await q(`incidents?$select=title&$filter=_primarycontactid_value eq ${DEMO_IDS.contacts.alice}`),
    );
    assert.equal(r.length, direct.length);
    assert.ok(r.length > 0);
  });

  it('supports Microsoft.Dynamics.CRM.In and Between, also through parameter aliases', async () => {
    const inRows = rows(
      await q(
        `incidents?$select=prioritycode&$filter=${enc('Microsoft.Dynamics.CRM.In(PropertyName=\'prioritycode\',PropertyValues=["1","3"])')}`,
      ),
    );
    assert.ok(inRows.length > 0 && inRows.every((x) => x['prioritycode'] === 1 || x['prioritycode'] === 3));
    const aliased = rows(
      await q(
        `incidents?$select=prioritycode&$filter=${enc('Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)')}&@p1=${enc("'prioritycode'")}&@p2=${enc('["1","3"]')}`,
      ),
    );
    assert.equal(aliased.length, inRows.length);
    const between = rows(
      await q(
        `incidents?$select=createdon&$filter=${enc('Microsoft.Dynamics.CRM.Between(PropertyName=\'createdon\',PropertyValues=["2026-09-01T00:00:00Z","2026-09-30T23:59:59Z"])')}`,
      ),
    );
    assert.ok(between.length > 0 && between.every((x) => String(x['createdon']).startsWith('2026-09')));
    const neg = await q(
      `incidents?$filter=${enc('not Microsoft.Dynamics.CRM.In(PropertyName=\'prioritycode\',PropertyValues=["1"])')}`,
    );
    assert.equal(neg.status, 400);
    assert.equal(
      err(neg).message,
      'Not operator along with the Custom Named Condition operators is not allowed',
    );
  });

  it('compares dates and nulls', async () => {
    const r = rows(
      await q(
        `incidents?$select=createdon&$filter=createdon ge 2026-10-01T00:00:00Z and _primarycontactid_value ne null`,
      ),
    );
    assert.ok(r.length > 0 && r.every((x) => String(x['createdon']) >= '2026-10-01T00:00:00Z'));
  });

  it('names an unknown property', async () => {
    const r = await q(`contacts?$filter=${enc("shoesize eq 'x'")}`);
    assert.deepEqual(r.json, {
      error: {
        code: '0x80060888',
        message: "Could not find a property named 'shoesize' on type 'Microsoft.Dynamics.CRM.contact'.",
      },
    });
  });
});

describe('$select, $orderby, $top, $count', () => {
  it('always returns the primary key and names unknown columns', async () => {
    const r = rows(await q('accounts?$select=name'));
    assert.ok(r.every((x) => typeof x['accountid'] === 'string' && Object.keys(x).length === 3));
    const bad = await q('accounts?$select=name,Name');
    assert.equal(bad.status, 400);
    assert.equal(
      err(bad).message,
      "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.",
    );
  });

  it('sorts with the primary key as the final tie-break', async () => {
    const r = rows(await q('incidents?$select=prioritycode&$orderby=prioritycode desc'));
    for (let i = 1; i < r.length; i++) {
      const [a, b] = [r[i - 1]!, r[i]!];
      assert.ok(
        Number(a['prioritycode']) > Number(b['prioritycode']) ||
          (a['prioritycode'] === b['prioritycode'] && String(a['incidentid']) < String(b['incidentid'])),
      );
    }
  });

  it('limits with $top (no next link) and refuses $skip', async () => {
    const r = await q('incidents?$select=title&$top=7');
    assert.equal(rows(r).length, 7);
    assert.equal(r.json['@odata.nextLink'], undefined);
    const skip = await q('incidents?$skip=5');
    assert.equal(skip.status, 400);
    assert.match(err(skip).message, /\$skip is not supported/);
  });

  it('counts with $count=true and /$count', async () => {
    const total = Number((await q('incidents/$count')).text.replace(/^\uFEFF/, ''));
    assert.ok(total >= 200);
    const r = await q(`incidents?$select=title&$count=true&$filter=statecode eq 0`, {
      Prefer: 'odata.maxpagesize=5',
    });
    const active = rows(await q('incidents?$select=title&$filter=statecode eq 0'));
    assert.equal(r.json['@odata.count'], active.length);
    assert.equal(rows(r).length, 5);
  });
});

describe('paging', () => {
  it('follows @odata.nextLink pages built from the request URL, ignoring $top when maxpagesize is set', async () => {
    const prefer = { Prefer: 'odata.maxpagesize=60' };
    let r = await q('incidents?$select=title&$orderby=title&$top=3', prefer);
    assert.equal(r.headers.get('preference-applied'), 'odata.maxpagesize=60');
    const seen: unknown[] = [];
    let pages = 0;
    for (;;) {
      pages += 1;
      seen.push(...rows(r).map((x) => x['incidentid']));
      const next = r.json['@odata.nextLink'] as string | undefined;
      if (!next) break;
      assert.ok(next.startsWith(`${ctx.emu.url}incidents?`));
      assert.match(
        decodeURIComponent(next),
        /\$skiptoken=<cookie pagenumber="\d+" pagingcookie="%3Ccookie%20page%3D%22\d+%22%3E%3Cincidentid%20last%3D%22%7B[0-9A-F-]{36}%7D%22/,
      );
      r = await q(next, prefer);
      assert.ok(pages < 20);
    }
    const total = Number((await q('incidents/$count')).text.replace(/^\uFEFF/, ''));
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.equal(pages, Math.ceil(total / 60));
  });
});

describe('annotations', () => {
  it('adds only the requested annotations, right before the property, and echoes Preference-Applied', async () => {
    const prefer = 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"';
    const r = await q(`incidents?$select=prioritycode,_ownerid_value,createdon&$top=1`, { Prefer: prefer });
    assert.equal(r.headers.get('preference-applied'), prefer);
    const row = rows(r)[0]!;
    const keys = Object.keys(row);
    assert.equal(
      keys.indexOf('prioritycode@OData.Community.Display.V1.FormattedValue') + 1,
      keys.indexOf('prioritycode'),
    );
    assert.match(
      String(row['createdon@OData.Community.Display.V1.FormattedValue']),
      /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2} [AP]M$/,
    );
    assert.equal(row['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], undefined);
    const wild = rows(
      await q(`incidents?$select=_ownerid_value&$top=1`, {
        Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.*"',
      }),
    )[0]!;
    assert.ok(
      ['systemuser', 'team'].includes(
        String(wild['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']),
      ),
    );
    assert.equal(wild['_ownerid_value@OData.Community.Display.V1.FormattedValue'], undefined);
  });

  it('reports totalrecordcount and its limit flag', async () => {
    const r = await q('incidents?$select=title&$count=true&$top=1', {
      Prefer:
        'odata.include-annotations="Microsoft.Dynamics.CRM.totalrecordcount,Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"',
    });
    assert.equal(r.json['@Microsoft.Dynamics.CRM.totalrecordcount'], r.json['@odata.count']);
    assert.equal(r.json['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'], false);
  });
});
