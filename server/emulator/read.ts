/**
 * Reading tables: one record (with conditional GET), one column or `$value`, a single-valued
 * navigation property, a collection-valued one (the filtered collection `<set>(<id>)/<nav>`),
 * `$count`, and collection queries with `$filter`, `$orderby`, paging and counts.
 */
import { typeColumn, q } from './db.js';
import { errors } from './errors.js';
import { ANN, wantsAnnotation, type Preferences } from './format.js';
import { backReference, serialiseExpanded, type Condition } from './expand.js';
import {
  MODEL,
  isPolymorphic,
  type CollectionNav,
  type EntityModel,
  type NavProp,
} from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';
import { compileFilter } from './odata/to-sql.js';
import { orderBySql, parseQueryOptions, type QueryOptions } from './odata/query.js';
import { contextUrl, serialise } from './serialise.js';
import { etagOf, type Row, type Store } from './store.js';
import {
  annotationsApplied,
  annotationsAppliedList,
  etagMatches,
  jsonResponse,
  type EmuRequest,
  type EmuResponse,
} from './wire.js';

const MAX_PAGE = 5000;
const COUNT_CAP = 5000;

export function retrieve(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  params: URLSearchParams,
  prefs: Preferences,
): EmuResponse {
  const opts = parseQueryOptions(m, params, false);
  const row = store.existingRow(m, id);
  const etag = etagOf(row);
  // Conditional GET: never 304 with $expand or annotations requested
  // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api#conditional-retrievals).
  const inm = req.headers['if-none-match'];
  if (inm && inm !== 'null' && opts.expand.length === 0 && !prefs.annotations && etagMatches(inm, etag)) {
    return { status: 304, headers: { ETag: etag } };
  }
  const body = {
    '@odata.context': contextUrl(req, m, opts, true),
    ...serialiseExpanded(store, req, m, row, opts.select, prefs.annotations, opts.expand),
  };
  return jsonResponse(200, body, { ETag: etag, ...annotationsApplied(prefs) });
}

/** GET `<set>(<id>)/<nav>`: the related record, or 204 when the lookup is empty. */
export function retrieveRelated(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  nav: NavProp,
  prefs: Preferences,
): EmuResponse {
  const row = store.existingRow(m, id);
  const targetId = row[nav.attribute.logicalName];
  const targetType = isPolymorphic(nav.attribute) ? row[typeColumn(nav.attribute)] : nav.target;
  const target = MODEL.byLogicalName(nav.target);
  if (!target || !targetId || targetType !== nav.target) {
    return { status: 204, headers: {} };
  }
  return retrieve(store, req, target, String(targetId), new URLSearchParams(req.query), prefs);
}

/**
 * GET `<set>(<id>)/<collection-valued nav>`: the related rows as a query of their own table, with
 * every option and paging (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/overview#filtered-collections).
 */
export function retrieveCollection(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  nav: CollectionNav,
  params: URLSearchParams,
  prefs: Preferences,
): EmuResponse {
  store.existingRow(m, id);
  const source = MODEL.byLogicalName(nav.source)!;
  return retrieveMultiple(store, req, source, params, prefs, backReference(nav, m, id, 't'));
}

/** GET `<set>(<id>)/<column>` or `…/<column>/$value`. */
export function retrieveColumn(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  attr: AttributeDef,
  rest: readonly string[],
): EmuResponse {
  const [name = '', second] = rest;
  const row = store.existingRow(m, id);
  const value = serialise(store, m, row, [attr], undefined)[name];
  if (second === '$value' && rest.length === 2) {
    if (value === null) return { status: 204, headers: {} };
    return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: String(value) };
  }
  if (rest.length !== 1) throw errors.segmentNotFound(second ?? '');
  return jsonResponse(200, {
    '@odata.context': `${req.root}$metadata#${m.def.entitySetName}(${id})/${name}`,
    value,
  });
}

export function countAll(store: Store, m: EntityModel): EmuResponse {
  const n = (store.stmt(`SELECT COUNT(*) AS n FROM ${q(m.def.logicalName)}`).get() as { n: number }).n;
  // The documented response is a plain number prefixed by a UTF-8 byte order mark
  // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/count-rows).
  return {
    status: 200,
    headers: { 'Content-Type': 'text/plain' },
    body: `\uFEFF${Math.min(n, COUNT_CAP)}`,
  };
}

interface Page {
  size: number;
  number: number;
  /** False when `$top` set the size: then there is no next page. */
  paged: boolean;
}

/**
 * Page size and number: odata.maxpagesize (capped at 5,000) wins over $top, which is then ignored
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results).
 */
function pageOf(opts: QueryOptions, prefs: Preferences, applied: string[]): Page {
  let size = MAX_PAGE;
  let paged = true;
  if (prefs.maxPageSize !== undefined && prefs.maxPageSize > 0) {
    size = Math.min(prefs.maxPageSize, MAX_PAGE);
    applied.push(`odata.maxpagesize=${size}`);
  } else if (opts.top !== undefined) {
    size = Math.min(opts.top, MAX_PAGE);
    paged = false;
  }
  let number = 1;
  if (opts.skiptoken !== undefined) {
    const pm = /pagenumber="(\d+)"/.exec(opts.skiptoken);
    if (!pm) throw errors.query(`The $skiptoken value is not valid: '${opts.skiptoken}'.`);
    number = Math.max(1, Number(pm[1]));
  }
  return { size, number, paged };
}

/** GET `<set>`: one page of the rows matching the query options (and `scope`, for a related collection). */
export function retrieveMultiple(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  params: URLSearchParams,
  prefs: Preferences,
  scope?: Condition,
): EmuResponse {
  const opts = parseQueryOptions(m, params, true);
  const table = q(m.def.logicalName);
  const conditions: string[] = scope ? [scope.sql] : [];
  const whereParams: unknown[] = scope ? [...scope.params] : [];
  if (opts.filter) {
    const c = compileFilter(opts.filter, {
      model: m,
      aliases: opts.aliases,
      userId: store.caller(req),
      now: store.now(),
      alias: 't',
    });
    conditions.push(c.sql);
    whereParams.push(...c.params);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const applied: string[] = [];
  const page = pageOf(opts, prefs, applied);
  const order = orderBySql(m, opts.orderby, 't');
  const sql = `SELECT t.* FROM ${table} t${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
  const rows = store.stmt(sql).all(...whereParams, page.size + 1, (page.number - 1) * page.size) as Row[];
  const more = page.paged && rows.length > page.size;
  if (rows.length > page.size) rows.length = page.size;
  const body: Record<string, unknown> = { '@odata.context': contextUrl(req, m, opts, false) };
  // $count=true counts matching rows up to 5,000; without it the totalrecordcount annotation is -1
  // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/count-rows).
  let total = -1;
  if (opts.count) {
    const countSql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} t${where} LIMIT ${COUNT_CAP + 1})`;
    total = (store.stmt(countSql).get(...whereParams) as { n: number }).n;
    body['@odata.count'] = Math.min(total, COUNT_CAP);
  }
  if (wantsAnnotation(prefs.annotations, ANN.totalCount))
    body[`@${ANN.totalCount}`] = Math.min(total, COUNT_CAP);
  if (wantsAnnotation(prefs.annotations, ANN.totalCountExceeded)) {
    body[`@${ANN.totalCountExceeded}`] = total > COUNT_CAP;
  }
  body['value'] = rows.map((r) =>
    serialiseExpanded(store, req, m, r, opts.select, prefs.annotations, opts.expand),
  );
  if (more) body['@odata.nextLink'] = nextLink(req, m, page.number, rows);
  if (prefs.annotations) applied.push(...annotationsAppliedList(prefs));
  return jsonResponse(200, body, applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {});
}

/** The request URL plus a `$skiptoken` shaped like Dataverse's paging cookie (percent-encoded twice). */
function nextLink(req: EmuRequest, m: EntityModel, page: number, rows: Row[]): string {
  const pk = m.def.primaryIdAttribute;
  const guid = (r: Row | undefined) => `{${String(r?.[pk] ?? '').toUpperCase()}}`;
  const inner = `<cookie page="${page}"><${pk} last="${guid(rows[rows.length - 1])}" first="${guid(rows[0])}" /></cookie>`;
  const cookie = `<cookie pagenumber="${page + 1}" pagingcookie="${encodeURIComponent(inner)}" istracking="False" />`;
  const kept = req.query
    .split('&')
    .filter((p) => p !== '' && !p.startsWith('$skiptoken=') && !p.startsWith('%24skiptoken='));
  kept.push(`$skiptoken=${encodeURIComponent(cookie)}`);
  return `${req.root}${req.path}?${kept.join('&')}`;
}
