/**
 * SQL Server `LIKE` pattern semantics for the emulator's `contains`, `startswith` and `endswith`.
 *
 * Dataverse hands the value of these functions to SQL Server `LIKE` unchanged, so `%`, `_`, `[abc]`,
 * `[a-c]` and `[^a]` are wildcards there and a literal wildcard character is written in brackets
 * (`[%]`, `[_]`, `[[]`) — Microsoft Learn, "Filter rows using OData", section "Use wildcard
 * characters" (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows)
 * and "Use wildcard characters in conditions for string values"
 * (https://learn.microsoft.com/power-apps/developer/data-platform/wildcard-characters). SQLite's
 * `LIKE` knows `%` and `_` but no bracket classes, so a pattern with a `[` is matched by a
 * deterministic SQL function registered on the connection that runs the pattern as an anchored,
 * case-insensitive RegExp. Written here rather than taken from a package because the translation is
 * a few lines and no maintained npm package implements the T-SQL dialect of `LIKE`.
 */
import { LRUCache } from 'lru-cache';
// The connection type comes from better-sqlite3 itself, not from ../db.ts, which imports this file.
import type Database from 'better-sqlite3';

/** Name of the SQL function: `portico_tsql_like(value, pattern)` → 1, 0, or NULL for a NULL value. */
export const TSQL_LIKE_FUNCTION = 'portico_tsql_like';

/** Only patterns with a bracket need the function; plain `%`/`_` patterns mean the same in SQLite. */
export function needsTsqlLike(pattern: string): boolean {
  return pattern.includes('[');
}

const OUTSIDE_CLASS = /[.*+?^${}()|[\]\\/]/g;
const INSIDE_CLASS = /[\\\]^[-]/g;

/**
 * Translates a T-SQL `LIKE` pattern to the source of an anchored RegExp (flags `isu`).
 * A `[` without a closing `]` is taken literally, so no input makes an invalid RegExp.
 */
export function tsqlLikeSource(pattern: string): string {
  let out = '^';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else if (ch === '[' && pattern.indexOf(']', i + 1) > i) {
      const close = pattern.indexOf(']', i + 1);
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      out += classSource(body, negated);
      i = close + 1;
      continue;
    } else out += ch.replace(OUTSIDE_CLASS, '\\$&');
    i += 1;
  }
  return `${out}$`;
}

/** `a-c` is a range; a `-` first or last is literal, as in SQL Server. `[]` matches nothing. */
function classSource(body: string, negated: boolean): string {
  if (body === '') return negated ? '.' : '(?!)';
  let set = '';
  const chars = [...body];
  for (let k = 0; k < chars.length; k += 1) {
    const c = chars[k]!;
    const next = chars[k + 2];
    if (chars[k + 1] === '-' && next !== undefined) {
      // A reversed range (`[z-a]`) matches nothing in SQL Server; RegExp would throw.
      if (c > next) return negated ? '.' : '(?!)';
      set += `${esc(c)}-${esc(next)}`;
      k += 2;
    } else set += esc(c);
  }
  return `[${negated ? '^' : ''}${set}]`;
}

const esc = (c: string): string => c.replace(INSIDE_CLASS, '\\$&');

// Patterns come from user input, so the cache is bounded (lru-cache, as the server's caches).
const cache = new LRUCache<string, RegExp>({ max: 256 });

/** The compiled, cached RegExp for a T-SQL `LIKE` pattern. */
export function tsqlLikeRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(tsqlLikeSource(pattern), 'isu');
    cache.set(pattern, re);
  }
  return re;
}

/** `value LIKE pattern` with SQL Server semantics, case-insensitive; NULL in → NULL out, like SQL. */
export function tsqlLike(value: unknown, pattern: unknown): 0 | 1 | null {
  if (value === null || value === undefined || pattern === null || pattern === undefined) return null;
  return tsqlLikeRegExp(String(pattern)).test(String(value)) ? 1 : 0;
}

/** Registers {@link TSQL_LIKE_FUNCTION} on a connection; deterministic so SQLite may cache results. */
export function registerTsqlLike(db: Database.Database): void {
  db.function(TSQL_LIKE_FUNCTION, { deterministic: true }, tsqlLike);
}
