/**
 * `$filter` phase 3 for metadata queries: the syntax tree evaluated against a plain object
 * (`EntityDefinitions`, `Attributes`), property paths walking nested objects.
 */
import { errors } from '../errors.js';
import type { Expr, Operand } from './ast.js';
import { parseAliasValue } from './parse.js';
import { tsqlLike } from './like.js';

function walk(obj: unknown, segments: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
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

/** Evaluates a filter against a plain object (metadata rows); property paths walk nested objects. */
export function evaluateFilter(
  e: Expr,
  obj: unknown,
  aliases: ReadonlyMap<string, string> = new Map(),
): boolean {
  switch (e.kind) {
    case 'and':
      return evaluateFilter(e.left, obj, aliases) && evaluateFilter(e.right, obj, aliases);
    case 'or':
      return evaluateFilter(e.left, obj, aliases) || evaluateFilter(e.right, obj, aliases);
    case 'not':
      return !evaluateFilter(e.expr, obj, aliases);
    case 'cmp': {
      const l = value(e.left, obj, aliases) ?? null;
      const r = value(e.right, obj, aliases) ?? null;
      if (l === null || r === null) {
        if (e.op === 'eq') return l === r;
        if (e.op === 'ne') return l !== r;
        return false;
      }
      const c = cmpValues(l, r);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[e.op];
    }
    case 'strfn': {
      const t = value(e.target, obj, aliases);
      const v = value(e.value, obj, aliases);
      if (typeof t !== 'string' || typeof v !== 'string') return false;
      // The same T-SQL LIKE semantics as table queries, so metadata filters agree with them.
      const pattern = e.fn === 'contains' ? `%${v}%` : e.fn === 'startswith' ? `${v}%` : `%${v}`;
      return tsqlLike(t, pattern) === 1;
    }
    case 'crmfn':
      throw errors.notSupported(`Query functions are not supported on metadata queries.`);
  }
}
