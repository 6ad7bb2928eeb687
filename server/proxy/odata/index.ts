/**
 * OData query text. Every value that reaches a Dataverse URL goes through one of these functions:
 * literals are escaped (strings) or validated (GUIDs, numbers, booleans, dates); column names are
 * never taken from a request, only from the registry. Nothing here concatenates raw client text.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Logical names of columns and entity sets as Dataverse spells them (lowercase, digits, `_`). */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,127}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** A GUID literal for `$filter` or a key segment: validated, lower-cased, never quoted (Dataverse types it Edm.Guid). */
export function guidLiteral(value: string): string {
  if (!isGuid(value)) throw new TypeError(`not a GUID: ${JSON.stringify(value).slice(0, 60)}`);
  return value.toLowerCase();
}

/** A column or entity-set name from the registry; refuses anything else so a bug cannot open an injection. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new TypeError(`not an OData identifier: ${JSON.stringify(name).slice(0, 60)}`);
  return name;
}

/**
 * A string literal: single quotes, an embedded `'` doubled — the only escape OData has inside a
 * literal (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows).
 * Percent-encoding of reserved URL characters (`+`, `&`, `#` …) happens when the query string is
 * built (`queryString`), not here.
 */
export function stringLiteral(value: string): string {
  // Control characters have no business in a filter value and some proxies mangle them.
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new TypeError('control characters are not allowed in a filter value');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A literal for `contains`/`startswith`/`endswith`. Dataverse passes `%`, `_` and `[ ]` through to
 * SQL `LIKE` ("Use wildcard characters",
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows#use-wildcard-characters),
 * so a user's `50%` would otherwise match `50` followed by anything. SQL Server's `LIKE` treats a
 * character inside brackets literally, so each is bracket-escaped: `[` → `[[]`, `%` → `[%]`, `_` → `[_]`.
 */
export function likeLiteral(value: string): string {
  return stringLiteral(value.replace(/[[%_]/g, (ch) => `[${ch}]`));
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError('not a finite number');
  return String(value);
}

export function booleanLiteral(value: boolean): string {
  return value ? 'true' : 'false';
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A DateTimeOffset literal (bare ISO 8601, as Dataverse expects); validated by pattern and by Date. */
export function dateTimeLiteral(value: string): string {
  if (!ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value)))
    throw new TypeError('not an ISO date-time');
  return value;
}

export function isDateTime(value: string): boolean {
  return ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value));
}

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Joins clauses with `and`, parenthesising each so an `or` inside one cannot escape it. */
export function and(...clauses: Array<string | null | undefined | false>): string | null {
  const parts = clauses.filter((c): c is string => typeof c === 'string' && c.length > 0);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => `(${p})`).join(' and ');
}

export function or(...clauses: Array<string | null | undefined | false>): string | null {
  const parts = clauses.filter((c): c is string => typeof c === 'string' && c.length > 0);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => `(${p})`).join(' or ');
}

export interface QueryOptions {
  select?: readonly string[];
  filter?: string | null;
  orderby?: ReadonlyArray<{ column: string; direction: 'asc' | 'desc' }>;
  top?: number;
  count?: boolean;
  skiptoken?: string;
  /** An `$expand` value built by the caller from validated parts (nested options included). */
  expand?: string;
}

/**
 * The query string (with leading `?`, or `''`). Option names stay literal (`$select`, not
 * `%24select`, matching Microsoft's examples); every value is percent-encoded so `+`, `&`, `#` and
 * `%` inside a literal cannot end the option early or be read as a space.
 */
export function queryString(options: QueryOptions): string {
  const parts: string[] = [];
  if (options.select && options.select.length > 0) {
    parts.push(`$select=${encodeURIComponent(options.select.map(identifier).join(','))}`);
  }
  if (options.filter) parts.push(`$filter=${encodeURIComponent(options.filter)}`);
  if (options.orderby && options.orderby.length > 0) {
    const text = options.orderby.map(
      (o) => `${identifier(o.column)} ${o.direction === 'desc' ? 'desc' : 'asc'}`,
    );
    parts.push(`$orderby=${encodeURIComponent(text.join(','))}`);
  }
  if (options.top !== undefined) {
    if (!Number.isInteger(options.top) || options.top < 1 || options.top > 5000)
      throw new TypeError('bad $top');
    parts.push(`$top=${options.top}`);
  }
  if (options.expand) parts.push(`$expand=${encodeURIComponent(options.expand)}`);
  if (options.count) parts.push('$count=true');
  if (options.skiptoken !== undefined) parts.push(`$skiptoken=${encodeURIComponent(options.skiptoken)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** `<set>(<guid>)` — a key segment with a validated GUID. */
export function keySegment(entitySet: string, id: string): string {
  return `${identifier(entitySet)}(${guidLiteral(id)})`;
}
