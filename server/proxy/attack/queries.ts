/** Query attacks: sort, filter and search that inject OData or reach columns outside the list, and page cursors that are forged or not the caller's. */
import { DEMO_IDS } from '../../testing/proxy-harness.js';
import { jwt, veraCursor } from './support.js';
import type { Attack } from './support.js';

const list = (query: string, as: 'alice' | 'vera' | 'bob' = 'alice', id = 'my-cases'): Partial<Attack> => ({
  method: 'GET',
  path: `/api/v1/lists/${id}/records?${query}`,
  options: { as },
});

export const queryAttacks: Attack[] = [
  {
    name: 'sort with an injected second key',
    ...list(`sort=${encodeURIComponent('title desc,_customerid_value')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'sort by a column not in the list',
    ...list('sort=description'),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'direction injection',
    ...list(`sort=title&direction=${encodeURIComponent('desc&$filter=1 eq 1')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter on a non-filterable lookup',
    ...list(`filter._customerid_value=${DEMO_IDS.contacts.bob}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter on the scope column',
    ...list(`filter.customerid=${DEMO_IDS.contacts.bob}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter value injection',
    ...list(`filter.statecode=${encodeURIComponent('0 or 1 eq 1')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'filter value breaking out of parentheses',
    ...list(`filter.prioritycode=${encodeURIComponent('1) or (true')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'raw $filter parameter',
    ...list(`$filter=${encodeURIComponent('_customerid_value ne null')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'raw $select parameter',
    ...list('$select=*'),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'search longer than allowed',
    ...list(`search=${'a'.repeat(101)}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'search with control characters',
    ...list(`search=${encodeURIComponent('a\u0000b')}`),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'repeated sort',
    ...list('sort=title&sort=modifiedon'),
    status: 400,
    code: 'PORTICO_QUERY_INVALID',
  } as Attack,
  {
    name: 'forged page cursor',
    ...list('page=eyJhbGciOiJub25lIn0.eyJ0IjoiMSJ9.'),
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  } as Attack,
  {
    name: "another user's page cursor",
    method: 'GET',
    path: () => `/api/v1/lists/account-cases/records?page=${encodeURIComponent(veraCursor)}`,
    options: async () => ({
      token: await jwt({ portico_role: 'agent', contactid: DEMO_IDS.contacts.vera }, { sub: 'someone-else' }),
    }),
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  },
  {
    name: 'a page cursor on another list',
    method: 'GET',
    path: () => `/api/v1/lists/account-contacts/records?page=${encodeURIComponent(veraCursor)}`,
    options: { as: 'vera' },
    status: 400,
    code: 'PORTICO_CURSOR_INVALID',
  },
];
