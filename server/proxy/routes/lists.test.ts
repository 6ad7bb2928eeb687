import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnInfo, EntityInfo } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import { filterClause } from './lists.js';

const column = (name: string, type: ColumnInfo['type'], extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
  name,
  type,
  label: { en: name },
  requiredLevel: 'None',
  readOnly: false,
  ...extra,
});
const columns = new Map<string, ColumnInfo>([
  [
    'statecode',
    column('statecode', 'State', {
      options: [
        { value: 0, label: { en: 'Active' } },
        { value: 1, label: { en: 'Resolved' } },
      ],
    }),
  ],
  ['donotemail', column('donotemail', 'Boolean')],
  ['customerid', column('customerid', 'Customer', { targets: { account: 'customerid_account' } })],
  ['createdon', column('createdon', 'DateTime')],
  ['birthdate', column('birthdate', 'DateTime', { dateOnly: true })],
  ['title', column('title', 'String')],
  ['count', column('count', 'Integer')],
]);
const entity = {
  logicalName: 'incident',
  entitySet: 'incidents',
  primaryKey: 'incidentid',
  primaryName: 'title',
  stateColumns: [],
  label: { en: 'Case' },
  columns,
  schema: {},
} as EntityInfo;
const clause = (name: string, value: string) => filterClause(entity, name, columns.get(name)!, value);

test('filter values become typed, validated OData clauses', () => {
  assert.equal(clause('statecode', '1'), 'statecode eq 1');
  assert.equal(clause('donotemail', 'true'), 'donotemail eq true');
  assert.equal(
    clause('customerid', 'A0000000-0000-4000-8000-000000000001'),
    '_customerid_value eq a0000000-0000-4000-8000-000000000001',
  );
  assert.equal(
    clause('createdon', '2026-01-31'),
    'createdon ge 2026-01-31T00:00:00Z and createdon lt 2026-02-01T00:00:00Z',
  );
  assert.equal(clause('birthdate', '1990-05-01'), 'birthdate eq 1990-05-01');
  assert.equal(clause('title', "O'Bryan"), "title eq 'O''Bryan'");
  assert.equal(clause('count', '42'), 'count eq 42');
});

test('bad filter values are a 400 naming the filter, never a clause', () => {
  const bad: Array<[string, string]> = [
    ['statecode', '7'],
    ['statecode', '0 or 1 eq 1'],
    ['donotemail', 'yes'],
    ['customerid', "x' or 1 eq 1"],
    ['createdon', '2026-02-30T00:00:00Z'],
    ['title', 'x'.repeat(201)],
    ['title', 'a\u0000b'],
    ['count', '4.5'],
    ['count', '1e9999'],
  ];
  for (const [name, value] of bad) {
    assert.throws(
      () => clause(name, value),
      (e: unknown) =>
        e instanceof PorticoError &&
        e.code === 'PORTICO_QUERY_INVALID' &&
        e.message.includes(`filter.${name}`),
      `${name}=${value}`,
    );
  }
});
