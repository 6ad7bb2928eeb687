/**
 * `$expand`: a returned row with its expanded navigation properties. A single-valued one is the
 * related row or `null`. A collection-valued one (`Incident_Annotation`) is the rows whose lookup
 * points back at the row, narrowed by the nested `$filter`, ordered by `$orderby` and cut by
 * `$top`, at most 5,000, followed by `<nav>@odata.nextLink`: the URL of that filtered collection
 * with the nested options and no paging information, which is what Dataverse returns for a
 * single-level `$expand`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables#single-expand-on-collection-valued-navigation-properties).
 */
import { q, typeColumn } from './db.js';
import { isPolymorphic, type CollectionNav, type EntityModel } from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';
import { orderBySql, type CollectionExpand, type ExpandSpec, type SingleExpand } from './odata/query.js';
import { compileFilter } from './odata/to-sql.js';
import { serialise } from './serialise.js';
import type { Row, Store } from './store.js';
import type { EmuRequest } from './wire.js';

/** Dataverse returns up to 5,000 related rows per expanded collection. */
const MAX_RELATED = 5000;

/** A WHERE fragment with its bound parameters. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** The rows of `nav`'s table that point at the row `id` of `parent`, for a table aliased `alias`. */
export function backReference(nav: CollectionNav, parent: EntityModel, id: string, alias: string): Condition {
  const column = `${alias}.${q(nav.attribute.logicalName)}`;
  if (!isPolymorphic(nav.attribute)) return { sql: `${column} = ?`, params: [id] };
  return {
    sql: `${column} = ? AND ${alias}.${q(typeColumn(nav.attribute))} = ?`,
    params: [id, parent.def.logicalName],
  };
}

/** A row as the Web API returns it, with the navigation properties `$expand` asked for. */
export function serialiseExpanded(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  row: Row,
  select: readonly AttributeDef[] | null,
  annotations: string | undefined,
  expand: readonly ExpandSpec[],
): Record<string, unknown> {
  const out = serialise(store, m, row, select, annotations);
  for (const e of expand) {
    if (e.kind === 'single') {
      out[e.nav.name] = singleRelated(store, e, row, annotations);
      continue;
    }
    const id = String(row[m.def.primaryIdAttribute]);
    // Expanded rows carry the lookup that points back, selected or not, as Dataverse's do.
    const select =
      e.select && !e.select.includes(e.nav.attribute) ? [...e.select, e.nav.attribute] : e.select;
    out[e.nav.name] = relatedRows(store, req, m, id, e).map((r) =>
      serialise(store, e.target, r, select, annotations),
    );
    out[`${e.nav.name}@odata.nextLink`] =
      `${req.root}${m.def.entitySetName}(${id})/${e.nav.name}${e.query ? `?${e.query}` : ''}`;
  }
  return out;
}

function singleRelated(
  store: Store,
  e: SingleExpand,
  row: Row,
  annotations: string | undefined,
): Record<string, unknown> | null {
  const id = row[e.nav.attribute.logicalName];
  const target = isPolymorphic(e.nav.attribute) ? row[typeColumn(e.nav.attribute)] : e.nav.target;
  const related = id && target === e.nav.target ? store.findRow(e.target, String(id)) : undefined;
  return related ? serialise(store, e.target, related, e.select, annotations) : null;
}

function relatedRows(store: Store, req: EmuRequest, m: EntityModel, id: string, e: CollectionExpand): Row[] {
  const scope = backReference(e.nav, m, id, 't');
  let where = scope.sql;
  const params: unknown[] = [...scope.params];
  if (e.filter) {
    // Parameter aliases are not allowed inside $expand, so an alias there is unassigned (null).
    const c = compileFilter(e.filter, {
      model: e.target,
      aliases: new Map(),
      userId: store.caller(req),
      now: store.now(),
      alias: 't',
    });
    where += ` AND ${c.sql}`;
    params.push(...c.params);
  }
  const limit = Math.min(e.top ?? MAX_RELATED, MAX_RELATED);
  const sql = `SELECT t.* FROM ${q(e.target.def.logicalName)} t WHERE ${where} ORDER BY ${orderBySql(e.target, e.orderby, 't')} LIMIT ?`;
  return store.stmt(sql).all(...params, limit) as Row[];
}
