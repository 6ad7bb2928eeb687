/** The $filter parser and SQL compiler in isolation: grammar, errors and parameterisation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFilter } from './evaluate.js';
import { parseFilter } from './parse.js';
import { compileFilter } from './to-sql.js';
import { MODEL } from '../metadata/model.js';
import { DataverseError } from '../errors.js';

const contact = MODEL.byLogicalName('contact')!;
const incident = MODEL.byLogicalName('incident')!;
const compile = (text: string, model = contact, aliases = new Map<string, string>()) =>
  compileFilter(parseFilter(text), {
    model,
    aliases,
    userId: '5a000000-0000-4000-8000-000000000001',
    now: new Date('2026-11-26T12:00:00Z'),
    alias: 't',
  });

describe('$filter compiler', () => {
  it('binds every value as a parameter, never as SQL text', () => {
    const hostile = "x'); DROP TABLE contact; --";
    const c = compile(`lastname eq '${hostile.replace(/'/g, "''")}' or contains(firstname,'%_')`);
    assert.ok(!c.sql.includes('DROP'), c.sql);
    assert.deepEqual(c.params, [hostile, '%%_%']);
    assert.equal(c.sql, '((t."lastname" = ? COLLATE NOCASE) OR (t."firstname" LIKE ?))');
  });

  it('sends bracket patterns to the T-SQL LIKE function, still as bound parameters', () => {
    const c = compile("contains(firstname,'[%]') or startswith(lastname,'x')");
    assert.equal(c.sql, '((portico_tsql_like(t."firstname", ?) = 1) OR (t."lastname" LIKE ?))');
    assert.deepEqual(c.params, ['%[%]%', 'x%']);
  });

  it('respects precedence: not > and > or, and parentheses', () => {
    assert.equal(
      compile("firstname eq 'a' or lastname eq 'b' and not (jobtitle eq 'c')").sql,
      '((t."firstname" = ? COLLATE NOCASE) OR ((t."lastname" = ? COLLATE NOCASE) AND (NOT (t."jobtitle" = ? COLLATE NOCASE))))',
    );
  });

  it('compiles lookups, nulls, booleans, numbers and column-to-column comparisons', () => {
    const c = compile(
      '_parentcustomerid_value eq A0000000-0000-4000-8000-000000000001 and description eq null and donotemail eq false and preferredcontactmethodcode ge 2 and firstname eq lastname',
    );
    assert.deepEqual(c.params, ['a0000000-0000-4000-8000-000000000001', 0, 2]);
    assert.match(c.sql, /t\."description" IS NULL/);
    assert.match(c.sql, /t\."firstname" = t\."lastname"/);
  });

  it('traverses a lookup with a correlated subquery that checks the target table', () => {
    const c = compile("customerid_contact/fullname eq 'Alice Brooks'", incident);
    assert.match(
      c.sql,
      /SELECT s\."fullname" FROM "contact" s WHERE s\."contactid" = t\."customerid" AND t\."customerid__t" = \?/,
    );
    assert.deepEqual(c.params, ['contact', 'Alice Brooks']);
  });

  it('resolves parameter aliases; an unassigned alias is null', () => {
    const c = compile('lastname eq @p1 and firstname eq @p2', contact, new Map([['p1', "'Brooks'"]]));
    assert.deepEqual(c.params, ['Brooks']);
    assert.match(c.sql, /t\."firstname" IS NULL/);
  });

  it('compiles the Dataverse query functions it supports', () => {
    assert.match(
      compile("Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')").sql,
      /t\."ownerid" = \?/,
    );
    const last = compile("Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)");
    assert.deepEqual(last.params, ['2026-11-19T00:00:00Z', '2026-11-26T12:00:00Z']);
    const on = compile("Microsoft.Dynamics.CRM.On(PropertyName='birthdate',PropertyValue='1990-05-01')");
    assert.deepEqual(on.params, ['1990-05-01', '1990-05-02']);
    assert.throws(
      () => compile("Microsoft.Dynamics.CRM.Above(PropertyName='contactid',PropertyValue='x')"),
      (e: DataverseError) => e.status === 501,
    );
  });

  const bad: [string, number, RegExp][] = [
    ["lastname eq 'x", 400, /unterminated literal at position 14/],
    ['lastname eq', 400, /Syntax error at position 11/],
    ["lastname eqq 'x'", 400, /Syntax error/],
    ["(lastname eq 'x'", 400, /'\)' expected/],
    ['lastname eq 12', 400, /incompatible types.*'Edm.String' and 'Edm.Int32'/],
    ["contactid eq 'c0000000-0000-4000-8000-000000000001'", 400, /'Edm.Guid' and 'Edm.String'/],
    ['parentcustomerid eq null', 400, /Could not find a property named 'parentcustomerid'/],
    ['parentcustomerid_account eq null', 400, /navigation property/],
    ["tolower(lastname) eq 'x'", 400, /unknown function/],
    ["contains(preferredcontactmethodcode,'1')", 400, /No function signature/],
    ['createdon gt 2026-13-45T00:00:00Z', 400, /DateTimeOffset/],
    ['lastname eq $', 400, /Syntax error at position 12/],
    ["x/any(a:a eq 'b')", 501, /Lambda/],
    ['', 400, /Syntax error/],
  ];
  for (const [text, status, message] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => compile(text),
        (e: unknown) => e instanceof DataverseError && e.status === status && message.test(e.message),
      );
    });
  }
});

describe('$filter evaluator (metadata)', () => {
  it('walks nested properties and compares enum literals and strings case-insensitively', () => {
    const row = {
      LogicalName: 'title',
      AttributeType: 'String',
      RequiredLevel: { Value: 'ApplicationRequired' },
    };
    assert.equal(
      evaluateFilter(
        parseFilter(
          "RequiredLevel/Value eq Microsoft.Dynamics.CRM.AttributeRequiredLevel'ApplicationRequired'",
        ),
        row,
      ),
      true,
    );
    assert.equal(
      evaluateFilter(parseFilter("AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'"), row),
      false,
    );
    assert.equal(
      evaluateFilter(parseFilter("startswith(LogicalName,'TI') and not (LogicalName eq 'x')"), row),
      true,
    );
  });
});
