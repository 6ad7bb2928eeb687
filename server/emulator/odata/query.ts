/**
 * System query options for table queries: `$select`, `$expand`, `$filter`, `$orderby`, `$top`,
 * `$count`, `$skiptoken` and parameter aliases, validated against the table's metadata
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/overview).
 */
import { errors } from '../errors.js';
import {
  MODEL,
  isLookup,
  isPolymorphic,
  type CollectionNav,
  type EntityModel,
  type NavProp,
} from '../metadata/model.js';
import type { AttributeDef } from '../metadata/types.js';
import { q, typeColumn } from '../db.js';
import type { Expr } from './ast.js';
import { parseFilter } from './parse.js';

/** Options Dataverse accepts on a table query. Names are case-sensitive. */
const SUPPORTED = new Set(['$select', '$expand', '$filter', '$orderby', '$top', '$count', '$skiptoken']);
/** Options Dataverse explicitly rejects. */
const UNSUPPORTED = new Set(['$skip', '$search', '$format', '$levels']);

/** `$expand` of a single-valued navigation property: the related row, shaped by `$select`. */
export interface SingleExpand {
  readonly kind: 'single';
  readonly nav: NavProp;
  readonly target: EntityModel;
  readonly select: readonly AttributeDef[] | null;
}

/**
 * `$expand` of a collection-valued navigation property: the rows that point back at the row,
 * narrowed by the nested `$filter`, ordered by `$orderby` and cut by `$top`.
 */
export interface CollectionExpand {
  readonly kind: 'collection';
  readonly nav: CollectionNav;
  readonly target: EntityModel;
  readonly select: readonly AttributeDef[] | null;
  readonly filter?: Expr;
  readonly orderby: readonly OrderItem[];
  readonly top?: number;
  /** The nested options as a query string (`$select=subject&$top=5`), for `<nav>@odata.nextLink`. */
  readonly query: string;
}

export type ExpandSpec = SingleExpand | CollectionExpand;

export interface OrderItem {
  readonly attr: AttributeDef;
  readonly desc: boolean;
}

export interface QueryOptions {
  select: readonly AttributeDef[] | null;
  selectText: string | null;
  expand: readonly ExpandSpec[];
  filter?: Expr;
  orderby: readonly OrderItem[];
  top?: number;
  count: boolean;
  skiptoken?: string;
  aliases: Map<string, string>;
}

/** Splits on `separator` outside parentheses and quotes. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth += 1;
    if (!quoted && ch === ')') depth -= 1;
    if (ch === separator && depth === 0 && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** `$select` list → attributes; the primary key is always returned even when not selected. */
export function parseSelect(m: EntityModel, text: string): AttributeDef[] {
  const names = text.split(',').map((s) => s.trim());
  const attrs: AttributeDef[] = [];
  for (const name of names) {
    if (name === '')
      throw errors.query(
        `Syntax error: character ',' is not valid at position ${text.indexOf(',,') + 1} in '${text}'.`,
      );
    const a = m.properties.get(name);
    if (!a) throw errors.propertyNotFound(name, m.def.logicalName);
    if (!attrs.includes(a)) attrs.push(a);
  }
  return attrs;
}

/** Nested options of one `$expand` item (`$select=a,b;$top=5`), by name; each at most once. */
function nestedOptions(item: string, open: number, text: string): Map<string, string> {
  const options = new Map<string, string>();
  if (open < 0) return options;
  if (!item.endsWith(')')) throw errors.query(`Syntax error at position ${item.length} in '${text}'.`);
  for (const opt of splitTopLevel(item.slice(open + 1, -1), ';')) {
    const eq = opt.indexOf('=');
    if (eq < 0)
      throw errors.query(`Syntax error: '${opt}' in '${text}' is not an option of the form $name=value.`);
    const key = opt.slice(0, eq).trim();
    if (options.has(key))
      throw errors.query(
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
      );
    options.set(key, opt.slice(eq + 1).trim());
  }
  return options;
}

/**
 * What Dataverse allows inside `$expand`: `$select`, `$filter`, `$orderby`, `$top` and a nested
 * `$expand`, but `$orderby` and `$top` only on a collection-valued navigation property with no
 * nested `$expand`; `$skip`, `$count`, `$search` and `$levels` never
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables).
 */
function checkNestedOptions(options: ReadonlyMap<string, string>, name: string, collection: boolean): void {
  for (const key of options.keys()) {
    if (UNSUPPORTED.has(key) || key === '$count')
      throw errors.query(`The query parameter ${key} is not supported inside $expand.`);
    if (!['$select', '$filter', '$orderby', '$top', '$expand'].includes(key))
      throw errors.query(`The query parameter ${key} is not supported inside $expand of '${name}'.`);
  }
  const paging = options.has('$orderby') || options.has('$top');
  if (paging && (!collection || options.has('$expand'))) {
    throw errors.query(
      'Only $select and $filter clause can be provided while doing $expand on many-to-one relationship or nested one-to-many relationship.',
    );
  }
  if (options.has('$expand'))
    throw errors.notSupported(`A nested $expand inside '${name}' is not supported by the emulator.`);
  if (!collection && options.has('$filter'))
    throw errors.notSupported(
      `The option '$filter' inside $expand of the single-valued navigation property '${name}' is not supported by the emulator.`,
    );
}

/** Escapes what would end or split a query value, so `<nav>@odata.nextLink` can be sent as it is. */
const queryValue = (v: string): string => encodeURI(v).replace(/[&#+]/g, encodeURIComponent);

function parseExpandItem(m: EntityModel, item: string, text: string): ExpandSpec {
  const open = item.indexOf('(');
  const name = (open < 0 ? item : item.slice(0, open)).trim();
  const nav = m.navigation.get(name);
  const collection = nav ? undefined : m.collections.get(name);
  if (!nav && !collection) throw errors.propertyNotFound(name, m.def.logicalName);
  const target = MODEL.byLogicalName(nav ? nav.target : collection!.source);
  if (!target)
    throw errors.notSupported(
      `Expanding '${name}' (table '${nav?.target}') is not supported by the emulator.`,
    );
  const options = nestedOptions(item, open, text);
  checkNestedOptions(options, name, collection !== undefined);
  const selectText = options.get('$select');
  const select = selectText === undefined ? null : parseSelect(target, selectText);
  if (nav) return { kind: 'single', nav, target, select };
  const filterText = options.get('$filter');
  const orderText = options.get('$orderby');
  const topText = options.get('$top');
  return {
    kind: 'collection',
    nav: collection!,
    target,
    select,
    ...(filterText !== undefined ? { filter: parseFilter(filterText) } : {}),
    orderby: orderText === undefined ? [] : parseOrderBy(target, orderText),
    ...(topText !== undefined ? { top: parseTop(topText) } : {}),
    query: [...options].map(([k, v]) => `${k}=${queryValue(v)}`).join('&'),
  };
}

function parseExpand(m: EntityModel, text: string): ExpandSpec[] {
  return splitTopLevel(text).map((item) => parseExpandItem(m, item, text));
}

function parseTop(top: string): number {
  if (!/^\d+$/.test(top))
    throw errors.query(
      `Invalid value '${top}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  return Number(top);
}

function parseOrderBy(m: EntityModel, text: string): OrderItem[] {
  return text.split(',').map((part) => {
    const [name = '', dir, extra] = part.trim().split(/\s+/);
    if (extra !== undefined || (dir !== undefined && dir !== 'asc' && dir !== 'desc')) {
      throw errors.query(`Syntax error at position ${text.indexOf(part) + part.length} in '${text}'.`);
    }
    const attr = m.properties.get(name);
    if (!attr) throw errors.propertyNotFound(name, m.def.logicalName);
    return { attr, desc: dir === 'desc' };
  });
}

/** Reads and validates the query options of a table request. */
export function parseQueryOptions(
  m: EntityModel,
  params: URLSearchParams,
  collection: boolean,
): QueryOptions {
  const opts: QueryOptions = {
    select: null,
    selectText: null,
    expand: [],
    orderby: [],
    count: false,
    aliases: new Map(),
  };
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (key.startsWith('@')) {
      opts.aliases.set(key.slice(1), value);
      continue;
    }
    if (!key.startsWith('$')) continue;
    if (seen.has(key))
      throw errors.query(
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
      );
    seen.add(key);
    if (UNSUPPORTED.has(key)) throw errors.query(`The query parameter ${key} is not supported`);
    if (key === '$apply')
      throw errors.notSupported('The query parameter $apply (aggregation) is not supported by the emulator.');
    if (!SUPPORTED.has(key)) throw errors.query(`The query parameter ${key} is not supported`);
    if (!collection && key !== '$select' && key !== '$expand') {
      throw errors.query(`The query parameter ${key} is not supported on a single record.`);
    }
  }
  const select = params.get('$select');
  if (select !== null) {
    opts.select = parseSelect(m, select);
    opts.selectText = select;
  }
  const expand = params.get('$expand');
  if (expand !== null) opts.expand = parseExpand(m, expand);
  const filter = params.get('$filter');
  if (filter !== null) opts.filter = parseFilter(filter);
  const orderby = params.get('$orderby');
  if (orderby !== null) opts.orderby = parseOrderBy(m, orderby);
  const top = params.get('$top');
  if (top !== null) opts.top = parseTop(top);
  const count = params.get('$count');
  if (count !== null) {
    if (count !== 'true' && count !== 'false') throw errors.query(`'${count}' is not a valid count option.`);
    opts.count = count === 'true';
  }
  const skiptoken = params.get('$skiptoken');
  if (skiptoken !== null) opts.skiptoken = skiptoken;
  return opts;
}

/**
 * ORDER BY for the options, always ending with the primary key so paging is deterministic
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/order-rows).
 * Lookups sort by the related row's primary name; choices sort by their integer value.
 */
export function orderBySql(m: EntityModel, items: readonly OrderItem[], alias: string): string {
  const parts = items.map(({ attr, desc }) => `${sortExpression(m, attr, alias)} ${desc ? 'DESC' : 'ASC'}`);
  parts.push(`${alias}.${q(m.def.primaryIdAttribute)} ASC`);
  return parts.join(', ');
}

function sortExpression(_m: EntityModel, attr: AttributeDef, alias: string): string {
  if (!isLookup(attr)) return `${alias}.${q(attr.logicalName)}`;
  const col = `${alias}.${q(attr.logicalName)}`;
  const nameOf = (target: string): string | undefined => {
    const t = MODEL.byLogicalName(target);
    if (!t) return undefined;
    return `(SELECT n.${q(t.def.primaryNameAttribute)} FROM ${q(t.def.logicalName)} n WHERE n.${q(t.def.primaryIdAttribute)} = ${col})`;
  };
  const targets = Object.keys(attr.targets ?? {});
  if (!isPolymorphic(attr)) return nameOf(targets[0]!) ?? col;
  const cases = targets
    .map((t) => [t, nameOf(t)] as const)
    .filter((x): x is readonly [string, string] => x[1] !== undefined)
    // Target names are metadata constants ('account', 'contact', 'systemuser', 'team').
    .map(([t, sql]) => `WHEN '${t}' THEN ${sql}`);
  return `CASE ${alias}.${q(typeColumn(attr))} ${cases.join(' ')} END COLLATE NOCASE`;
}
