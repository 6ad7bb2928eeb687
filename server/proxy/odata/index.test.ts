import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  and,
  dateTimeLiteral,
  guidLiteral,
  identifier,
  keySegment,
  likeLiteral,
  or,
  queryString,
  stringLiteral,
} from './index.js';

test('string literals double embedded quotes and refuse control characters', () => {
  assert.equal(stringLiteral("O'Bryan"), "'O''Bryan'");
  assert.equal(stringLiteral("' or 1 eq 1 or title eq '"), "''' or 1 eq 1 or title eq '''");
  assert.throws(() => stringLiteral('a\u0000b'), /control characters/);
});

test('like literals bracket-escape the SQL LIKE wildcards Dataverse passes through', () => {
  assert.equal(likeLiteral('50%'), "'50[%]'");
  assert.equal(likeLiteral('a_b'), "'a[_]b'");
  assert.equal(likeLiteral('[x]'), "'[[]x]'");
  assert.equal(likeLiteral("it's"), "'it''s'");
});

test('GUIDs are validated and lower-cased; anything else throws', () => {
  assert.equal(guidLiteral('C0000000-0000-4000-8000-000000000001'), 'c0000000-0000-4000-8000-000000000001');
  for (const bad of [
    '',
    'x',
    'c0000000-0000-4000-8000-00000000000',
    "c0000000-0000-4000-8000-000000000001' or 1 eq 1",
  ]) {
    assert.throws(() => guidLiteral(bad), /not a GUID/);
  }
  assert.throws(() => keySegment('incidents', '1 or true'), /not a GUID/);
});

test('identifiers only accept logical-name spelling', () => {
  assert.equal(identifier('_customerid_value'), '_customerid_value');
  for (const bad of ['title desc', 'a,b', 'x/y', "t'", '']) assert.throws(() => identifier(bad));
});

test('and/or parenthesise each clause so an inner or cannot widen the scope', () => {
  assert.equal(and('a eq 1', null, 'b eq 2 or c eq 3'), '(a eq 1) and (b eq 2 or c eq 3)');
  assert.equal(and(null, undefined), null);
  assert.equal(or('x', 'y'), '(x) or (y)');
});

test('query strings percent-encode values and keep option names literal', () => {
  const q = queryString({
    select: ['title', 'ticketnumber'],
    filter: "contains(title,'a+b&$top=1#')",
    orderby: [{ column: 'modifiedon', direction: 'desc' }],
    count: true,
    skiptoken: '<cookie pagenumber="2" />',
  });
  assert.match(q, /^\?\$select=title%2Cticketnumber&\$filter=/);
  assert.ok(q.includes('a%2Bb%26%24top%3D1%23'), q);
  assert.ok(!q.includes('$top=1'), q);
  assert.ok(q.includes('$orderby=modifiedon%20desc'));
  assert.ok(q.includes('$skiptoken=%3Ccookie%20pagenumber%3D%222%22%20%2F%3E'));
  assert.throws(() => queryString({ top: 0 }));
});

test('date-time literals must be ISO 8601 with a zone', () => {
  assert.equal(dateTimeLiteral('2024-01-01T00:00:00Z'), '2024-01-01T00:00:00Z');
  for (const bad of ['2024-01-01', '2024-13-01T00:00:00Z x', 'now'])
    assert.throws(() => dateTimeLiteral(bad));
});
