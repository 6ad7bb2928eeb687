/**
 * `$filter` phase 3 for metadata queries: the syntax tree evaluated against a plain object
 * (`EntityDefinitions`, `Attributes`), property paths walking nested objects.
 */
import { errors } from '../errors.js';
import type { CompareOp, Expr, Operand } from './ast.js';
import { parseAliasValue } from './parse.js';
import { tsqlLike } from './like.js';

/** Sentinel for a path whose parent object is missing: there is no value to compare. */
const ABSENT = Symbol('absent');

function walk(obj: unknown, segments: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const [i, s] of segments.entries()) {
    if (cur === null || typeof cur !== 'object') return i === 0 ? undefined : ABSENT;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

function value(op: Operand, obj: unknown, aliases: ReadonlyMap<string, string>): unknown {
  if (op.kind === 'path') return walk(obj, op.segments);
  const lit =
    op.kind === 'alias' ? (aliases.has(op.name) ? parseAliasValue(aliases.get(op.name)!) : null) : op;
  if (!lit || lit.kind === 'array') return null;
  return lit.value;
}

function cmpValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

/**
 * Evaluates a filter against a plain object (metadata rows); property paths walk nested objects.
 * A path whose parent object is missing (`OptionSet/Name` on an attribute without an option set)
 * has no value, so a condition on it does not hold and neither does its negation — the same as a
 * `$filter` on a table through an empty lookup (`to-sql.ts`), which is why `not` is carried down
 * to the conditions rather than applied to their result.
 */
export function evaluateFilter(
  e: Expr,
  obj: unknown,
  aliases: ReadonlyMap<string, string> = new Map(),
  negated = false,
): boolean {
  switch (e.kind) {
    case 'and':
    case 'or': {
      const both = (e.kind === 'and') !== negated;
      const l = evaluateFilter(e.left, obj, aliases, negated);
      if (both ? !l : l) return l;
      return evaluateFilter(e.right, obj, aliases, negated);
    }
    case 'not':
      return evaluateFilter(e.expr, obj, aliases, !negated);
    case 'cmp': {
      const l = value(e.left, obj, aliases) ?? null;
      const r = value(e.right, obj, aliases) ?? null;
      if (l === ABSENT || r === ABSENT) return false;
      return compare(e.op, l, r) !== negated;
    }
    case 'strfn': {
      const t = value(e.target, obj, aliases);
      const v = value(e.value, obj, aliases);
      if (t === ABSENT || v === ABSENT) return false;
      if (typeof t !== 'string' || typeof v !== 'string') return negated;
      // The same T-SQL LIKE semantics as table queries, so metadata filters agree with them.
      const pattern = e.fn === 'contains' ? `%${v}%` : e.fn === 'startswith' ? `${v}%` : `%${v}`;
      return (tsqlLike(t, pattern) === 1) !== negated;
    }
    case 'crmfn':
      throw errors.notSupported(`Query functions are not supported on metadata queries.`);
  }
}

function compare(op: CompareOp, l: unknown, r: unknown): boolean {
  if (l === null || r === null) {
    if (op === 'eq') return l === r;
    if (op === 'ne') return l !== r;
    return false;
  }
  const c = cmpValues(l, r);
  return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[op];
}
