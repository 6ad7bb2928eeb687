/**
 * Lists: the definition for the caller's role, and pages of records — one upstream call per page.
 * Every query parameter is checked against the list definition (sort field, direction, filter field
 * and value, search length); the query sent upstream is built only from registry names and escaped
 * or validated literals. The next-page cursor wraps Dataverse's `$skiptoken` in a signed token bound
 * to the user, list and query (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results).
 */
import type { Request, RequestHandler } from 'express';
import type { ListPageResponse, RecordResponse } from '../../api/contract.js';
import type { ColumnInfo, EntityInfo, RoleList } from '../../config/types.js';
import { currentUser } from '../context.js';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import {
  and,
  booleanLiteral,
  guidLiteral,
  identifier,
  isGuid,
  isIsoDate,
  likeLiteral,
  numberLiteral,
  or,
  queryString,
  stringLiteral,
} from '../odata/index.js';
import { hashQuery } from '../policy/tokens.js';
import { sendDefinition } from './conditional.js';
import { PREFER_ANNOTATIONS, readProperty, selectList } from '../records.js';
import { upstreamFailure } from '../upstream-errors.js';
import { LIST_REFUSAL, refuse, rowResponse, scopeFor, scopeReadColumns } from './shared.js';

const MAX_SEARCH = 100;
const MAX_FILTER_VALUES = 20;

function invalid(message: string): PorticoError {
  return new PorticoError('PORTICO_QUERY_INVALID', message);
}

function listFor(
  ctx: Context,
  listId: string | undefined,
  role: string,
): { list: RoleList; entity: EntityInfo; id: string } {
  // The id's shape was checked against the route's `ListId` schema.
  const compiled = listId === undefined ? undefined : ctx.registry().lists.get(listId);
  const list = compiled?.forRole(role);
  if (!compiled || !list) throw refuse(LIST_REFUSAL, listId);
  return { list, entity: compiled.entity, id: compiled.id };
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`"${name}" may be given once.`);
  return value;
}

/** One filter value → an OData clause for this column, or a 400 naming the problem. */
export function filterClause(entity: EntityInfo, name: string, column: ColumnInfo, value: string): string {
  const property = readProperty(entity, name);
  const bad = (what: string) =>
    invalid(`filter.${name} = ${JSON.stringify(value.slice(0, 40))} is not ${what}.`);
  switch (column.type) {
    case 'Picklist':
    case 'State':
    case 'Status': {
      const n = /^-?\d{1,10}$/.test(value) ? Number(value) : NaN;
      if (!column.options?.some((o) => o.value === n)) throw bad('one of its options');
      return `${property} eq ${numberLiteral(n)}`;
    }
    case 'Boolean':
      if (value !== 'true' && value !== 'false') throw bad('true or false');
      return `${property} eq ${booleanLiteral(value === 'true')}`;
    case 'Integer':
    case 'Decimal':
    case 'Money': {
      const n = /^-?\d{1,15}(\.\d{1,10})?$/.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(n) || (column.type === 'Integer' && !Number.isInteger(n))) throw bad('a number');
      return `${property} eq ${numberLiteral(n)}`;
    }
    case 'DateTime': {
      if (!isIsoDate(value)) throw bad('a date (YYYY-MM-DD)');
      // Date-only columns are Edm.Date: compare the day itself.
      if (column.dateOnly) return `${property} eq ${value}`;
      const start = new Date(`${value}T00:00:00Z`);
      const end = new Date(start.getTime() + 86_400_000);
      const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
      return `${property} ge ${iso(start)} and ${property} lt ${iso(end)}`;
    }
    case 'Lookup':
    case 'Customer':
    case 'Owner':
    case 'Uniqueidentifier':
      if (!isGuid(value)) throw bad('a record id');
      return `${property} eq ${guidLiteral(value)}`;
    case 'String':
    case 'Memo':
      if (value.length > 200) throw bad('at most 200 characters');
      try {
        return `${property} eq ${stringLiteral(value)}`;
      } catch {
        throw bad('plain text');
      }
  }
}

interface ParsedQuery {
  sort: { field: string; direction: 'asc' | 'desc' };
  search: string | undefined;
  filters: Array<[string, string[]]>;
  page: string | undefined;
}

function parseQuery(req: Request, list: RoleList): ParsedQuery {
  const query = req.query as Record<string, unknown>;
  const filters: Array<[string, string[]]> = [];
  for (const key of Object.keys(query)) {
    if (['sort', 'direction', 'search', 'page'].includes(key)) continue;
    const field = key.startsWith('filter.') ? key.slice('filter.'.length) : undefined;
    if (field === undefined) {
      throw invalid(
        `Unknown query parameter "${key.slice(0, 40)}"; use sort, direction, search, page or filter.<field>.`,
      );
    }
    if (!list.filters.has(field)) {
      const known = [...list.filters.keys()].join(', ') || 'none';
      throw invalid(`"${field.slice(0, 40)}" cannot be filtered in this list (filterable: ${known}).`);
    }
    const raw = query[key];
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (values.length === 0 || values.length > MAX_FILTER_VALUES)
      throw invalid(`filter.${field} needs 1 to ${MAX_FILTER_VALUES} values.`);
    filters.push([field, [...new Set(values)].sort()]);
  }
  filters.sort((a, b) => a[0].localeCompare(b[0]));
  const sortField = single(query.sort, 'sort') ?? list.definition.defaultSort.field;
  const direction =
    single(query.direction, 'direction') ??
    (query.sort === undefined ? list.definition.defaultSort.direction : 'asc');
  if (sortField !== list.definition.defaultSort.field && !list.sortable.has(sortField)) {
    throw invalid(
      `This list cannot be sorted by "${sortField.slice(0, 40)}" (sortable: ${[...list.sortable].join(', ')}).`,
    );
  }
  if (direction !== 'asc' && direction !== 'desc') throw invalid('"direction" must be asc or desc.');
  const search = single(query.search, 'search')?.trim();
  if (search !== undefined && search.length > MAX_SEARCH)
    throw invalid(`"search" may be at most ${MAX_SEARCH} characters.`);
  if (search && (!list.definition.searchable || list.search.length === 0))
    throw invalid('This list has no search.');
  if (search && /[\u0000-\u001f\u007f]/.test(search))
    throw invalid('"search" may not contain control characters.');
  return {
    sort: { field: sortField, direction },
    search: search || undefined,
    filters,
    page: single(query.page, 'page'),
  };
}

/** `GET /lists/:listId`: the list as the caller's role sees it. */
export function listDefinition(ctx: Context): RequestHandler {
  return function porticoListDefinition(req, res) {
    const user = currentUser(res);
    const { list } = listFor(ctx, String(req.params.listId), user.role);
    sendDefinition(req, res, list.definition, '', () => list.definition);
  };
}

/** `GET /lists/:listId/records`: one page of records in scope, one upstream call. */
export function listPage(ctx: Context): RequestHandler {
  return async function porticoListPage(req, res) {
    const user = currentUser(res);
    const { list, entity, id: listId } = listFor(ctx, String(req.params.listId), user.role);
    if (!list.permission.privileges.has('read'))
      throw new PorticoError('PORTICO_ACCESS_DENIED', 'Your role may not read these records.');
    const q = parseQuery(req, list);
    const queryHash = hashQuery({ sort: q.sort, search: q.search ?? null, filters: q.filters });
    const skiptoken = q.page ? await ctx.signer.verifyCursor(q.page, user, { listId, queryHash }) : undefined;

    const scope = await scopeFor(ctx, list.permission, entity, user);
    if (scope.kind === 'none') {
      const empty: ListPageResponse = { rows: [], total: 0 };
      res.json(empty);
      return;
    }
    const filterClauses = q.filters.map(([field, values]) => {
      const column = list.filters.get(field)!;
      return or(...values.map((v) => filterClause(entity, field, column, v)));
    });
    const searchClause = q.search
      ? or(...list.search.map((c) => `contains(${identifier(c)},${likeLiteral(q.search!)})`))
      : null;
    const filter = and(scope.filter, searchClause, ...filterClauses);
    // The primary key as last sort key makes paging deterministic when sort values tie.
    const orderby = [{ column: readProperty(entity, q.sort.field), direction: q.sort.direction }];
    if (q.sort.field !== entity.primaryKey)
      orderby.push({ column: identifier(entity.primaryKey), direction: 'asc' });

    const upstream = await ctx.upstream.request({
      method: 'GET',
      path: `${identifier(entity.entitySet)}${queryString({
        select: selectList(entity, scopeReadColumns(list.permission, list.select)),
        filter,
        orderby,
        count: true,
        ...(skiptoken !== undefined ? { skiptoken } : {}),
      })}`,
      headers: { Prefer: `odata.maxpagesize=${list.definition.pageSize},${PREFER_ANNOTATIONS}` },
    });
    if (upstream.status !== 200) throw upstreamFailure(upstream, {});
    const body = upstream.body as { value?: unknown; '@odata.nextLink'?: unknown; '@odata.count'?: unknown };
    const rows = Array.isArray(body.value) ? (body.value as Array<Record<string, unknown>>) : [];
    const sign = ctx.signer.versionSigner(user, list.permission, scope.anchor, entity.logicalName);
    const out: RecordResponse[] = rows.map((row) =>
      rowResponse(sign, list.permission, scope.anchor, entity, row, list.select),
    );
    const page: ListPageResponse = { rows: out };
    const next =
      typeof body['@odata.nextLink'] === 'string' ? nextSkiptoken(body['@odata.nextLink']) : undefined;
    if (next) page.nextPage = await ctx.signer.signCursor(user, { listId, queryHash, skiptoken: next });
    if (typeof body['@odata.count'] === 'number') page.total = Math.min(body['@odata.count'], 5000);
    res.json(page);
  };
}

/** The `$skiptoken` of an `@odata.nextLink`; the link itself (an upstream URL) never leaves the server. */
function nextSkiptoken(link: string): string | undefined {
  try {
    return new URL(link, 'http://upstream.invalid/').searchParams.get('$skiptoken') ?? undefined;
  } catch {
    return undefined;
  }
}
